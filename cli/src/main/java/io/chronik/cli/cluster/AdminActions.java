package io.chronik.cli.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.ChronikException;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.errors.ErrorCode;
import io.chronik.diagnostics.probe.AdminAddress;
import io.chronik.diagnostics.probe.AdminResponse;
import io.chronik.diagnostics.probe.ClusterProbe;
import io.chronik.diagnostics.probe.HttpAdminTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs an action of a node's admin API ({@code POST /v1/actions/...}) and maps its answer. */
public final class AdminActions {
  /** The cluster refused an admin action; the message is the node's reason. */
  public static final String REFUSED = "CHR-7013";

  /** The action names a topic, group or node the cluster does not have, or a bad value. */
  public static final String UNKNOWN_TARGET = "CHR-7014";

  /** The node is not ready for admin actions (still starting, or shutting down). */
  public static final String NOT_READY = "CHR-7015";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_HINT =
      "see 'chronik cluster status' for the members and leaders";

  private AdminActions() {}

  static Map<String, Object> post(
      String admin, String path, Map<String, Object> body, Duration timeout) {
    return post(admin, path, body, timeout, Duration.ZERO, DEFAULT_HINT);
  }

  /**
   * Posts an action that may run for up to {@code actionTime} on the node (a membership change), on
   * top of the connection {@code timeout}.
   */
  static Map<String, Object> post(
      String admin, String path, Map<String, Object> body, Duration timeout, Duration actionTime) {
    return post(admin, path, body, timeout, actionTime, DEFAULT_HINT);
  }

  /** Posts an action with the hint printed when the node refuses it. */
  public static Map<String, Object> post(
      String admin, String path, Map<String, Object> body, Duration timeout, String refusedHint) {
    return post(admin, path, body, timeout, Duration.ZERO, refusedHint);
  }

  /**
   * Posts {@code body} to {@code path} of the node at {@code admin} and returns its JSON answer.
   *
   * @param actionTime how long the action itself may run on the node, on top of {@code timeout}
   * @param refusedHint the hint printed when the node refuses the action (an HTTP error)
   * @throws ChronikException exit 69 when the node does not answer; when it refuses, the code the
   *     node gave, else {@link #UNKNOWN_TARGET} with exit 64 (400, 404), {@link #NOT_READY} with
   *     exit 69 (503) or {@link #REFUSED} with exit 1 (anything else)
   */
  public static Map<String, Object> post(
      String admin,
      String path,
      Map<String, Object> body,
      Duration timeout,
      Duration actionTime,
      String refusedHint) {
    timeout = timeout.plus(actionTime);
    String address = AdminAddress.parse(admin).toString();
    AdminResponse response;
    try (HttpAdminTransport transport = new HttpAdminTransport(timeout)) {
      // the action itself may take a few seconds (a leader election) beyond the connection
      response =
          transport
              .post(address, path, JSON.writeValueAsString(body), timeout.plusSeconds(10))
              .get(timeout.toMillis() + 15_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | IOException e) {
      throw new ChronikException(
          ErrorCatalogue.ADMIN_UNREACHABLE,
          ChronikException.Kind.UNAVAILABLE,
          "the admin API at " + address + " did not answer: " + ClusterProbe.describe(e, timeout),
          "check --admin (a node's admin port, default 9644) and that the node runs");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChronikException(
          ErrorCatalogue.ADMIN_UNREACHABLE,
          ChronikException.Kind.UNAVAILABLE,
          "interrupted",
          "run the command again");
    }
    Map<String, Object> answer = parse(response.body());
    if (response.status() == 200) {
      return answer;
    }
    String reason = String.valueOf(answer.getOrDefault("error", response.body()));
    String message = "node " + address + " refused: " + reason;
    Optional<ErrorCode> named =
        answer.get("code") instanceof String own
            ? ErrorCatalogue.find(own).filter(ErrorCode::endsCommand)
            : Optional.empty();
    if (named.isPresent()) {
      // the node named the error (a store that refused an upload): its code and exit code
      throw new ChronikException(
          named.get().code(), kindOf(named.get().exitCode()), message, refusedHint);
    }
    throw switch (response.status()) {
      case 400, 404 ->
          new ChronikException(UNKNOWN_TARGET, ChronikException.Kind.USAGE, message, refusedHint);
      case 503 ->
          new ChronikException(NOT_READY, ChronikException.Kind.UNAVAILABLE, message, refusedHint);
      default -> new ChronikException(REFUSED, ChronikException.Kind.RUNTIME, message, refusedHint);
    };
  }

  private static ChronikException.Kind kindOf(int exitCode) {
    return switch (exitCode) {
      case 64 -> ChronikException.Kind.USAGE;
      case 65 -> ChronikException.Kind.DATA;
      case 69 -> ChronikException.Kind.UNAVAILABLE;
      default -> ChronikException.Kind.RUNTIME;
    };
  }

  private static Map<String, Object> parse(String body) {
    try {
      return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      return Map.of("error", body);
    }
  }
}
