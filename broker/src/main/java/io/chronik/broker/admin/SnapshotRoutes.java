package io.chronik.broker.admin;

import static io.chronik.broker.admin.AdminJson.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chronik.broker.ChronikException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code GET /v1/snapshots}, {@code POST /v1/actions/snapshot} and {@code POST
 * /v1/actions/probe-store}. Errors are {@code {"error": ..., "code": ...}}; 503 before the node is
 * ready.
 */
final class SnapshotRoutes {
  /** How long a store probe may take when the request does not say. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration MAX_PROBE_TIMEOUT = Duration.ofMinutes(2);

  private SnapshotRoutes() {}

  static boolean handles(HttpServerRequest req) {
    String path = req.path();
    return req.method() == HttpMethod.GET && "/v1/snapshots".equals(path)
        || req.method() == HttpMethod.POST
            && ("/v1/actions/snapshot".equals(path) || "/v1/actions/probe-store".equals(path));
  }

  static void handle(HttpServerRequest req, AdminView view) {
    Optional<SnapshotAdmin> admin = view.snapshots();
    if (admin.isEmpty()) {
      json(req, 503, error("the node is not ready: " + view.notReadyReason().orElse("starting")));
      return;
    }
    SnapshotAdmin a = admin.get();
    switch (req.path()) {
      case "/v1/snapshots" -> run(req, view, a::status);
      case "/v1/actions/probe-store" ->
          req.body()
              .onSuccess(body -> probe(req, view, a, body.toString()))
              .onFailure(e -> json(req, 400, error("cannot read the request body: " + e)));
      default ->
          req.body()
              .onSuccess(body -> snapshot(req, view, a, body.toString()))
              .onFailure(e -> json(req, 400, error("cannot read the request body: " + e)));
    }
  }

  /** {@code {"timeoutMs": N}} (optional) bounds the probe; the default suits doctor's default. */
  private static void probe(HttpServerRequest req, AdminView view, SnapshotAdmin a, String body) {
    Map<String, Object> request;
    try {
      request = AdminJson.readObject(body);
    } catch (JsonProcessingException e) {
      json(req, 400, error("the body is not JSON: " + e.getOriginalMessage()));
      return;
    }
    Object timeoutMs = request.getOrDefault("timeoutMs", PROBE_TIMEOUT.toMillis());
    if (!(timeoutMs instanceof Number n) || n.longValue() < 1) {
      json(req, 400, error("expected {\"timeoutMs\": <milliseconds, 1 or more>}"));
      return;
    }
    Duration timeout = Duration.ofMillis(Math.min(n.longValue(), MAX_PROBE_TIMEOUT.toMillis()));
    run(req, view, () -> a.probeStore(timeout));
  }

  private static void snapshot(
      HttpServerRequest req, AdminView view, SnapshotAdmin a, String body) {
    Map<String, Object> request;
    try {
      request = AdminJson.readObject(body);
    } catch (JsonProcessingException e) {
      json(req, 400, error("the body is not JSON: " + e.getOriginalMessage()));
      return;
    }
    Object group = request.get("group");
    Object upload = request.getOrDefault("upload", false);
    if (group != null && !(group instanceof String) || !(upload instanceof Boolean)) {
      json(
          req,
          400,
          error("expected {\"group\": \"<topic>-<partition>\"|\"meta\", \"upload\": true|false}"));
      return;
    }
    run(req, view, () -> a.snapshotNow((String) group, (Boolean) upload));
  }

  private static void run(
      HttpServerRequest req, AdminView view, Supplier<Map<String, Object>> call) {
    CompletableFuture.supplyAsync(call, view.worker())
        .whenComplete(
            (result, e) -> {
              if (e == null) {
                json(req, 200, result);
                return;
              }
              Throwable cause = AdminJson.cause(e);
              int status = cause instanceof AdminException x ? x.status() : 500;
              json(req, status, error(String.valueOf(cause.getMessage()), codeOf(cause)));
            });
  }

  private static Map<String, Object> error(String message) {
    return error(message, null);
  }

  /** An error answer; {@code code} is null when the error has no CHR code of its own. */
  private static Map<String, Object> error(String message, String code) {
    Map<String, Object> m = new HashMap<>();
    m.put("error", message);
    m.put("code", code);
    return m;
  }

  /** The code of the first {@link ChronikException} in the cause chain, or null. */
  private static String codeOf(Throwable e) {
    return ChronikException.in(e).map(ChronikException::code).orElse(null);
  }
}
