package io.chronik.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.diagnostics.probe.AdminResponse;
import io.chronik.diagnostics.probe.AdminTransport;
import io.chronik.diagnostics.probe.ClusterProbe;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Recorded admin-API answers, in {@code src/test/resources/fixtures/NAME.json}: {@code seed}, and
 * per admin address either {@code {"error": "refused"|"timeout"|"eof"}}, one answer for every path
 * ({@code {"status": 404, "text": ...}}), or per path {@code {"status", "json"|"text"|"file"}} or
 * {@code {"hang": true}} (never answers). An action ({@code POST}) answers like a GET of its path.
 * Snapshots go through the real {@link ClusterProbe}.
 */
public final class Fixtures {
  /** The probe timeout in tests: short, since a hanging endpoint waits it out. */
  public static final Duration TIMEOUT = Duration.ofMillis(300);

  public static final Instant NOW = Instant.parse("2026-11-24T01:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** The snapshot the probe takes of the fixture. */
  public static ClusterSnapshot snapshot(String name) {
    return snapshot(name, false);
  }

  /** The snapshot the probe takes of the fixture, having a node probe its store when asked. */
  public static ClusterSnapshot snapshot(String name, boolean probeStore) {
    JsonNode doc = load(name);
    try (AdminTransport transport = new FixtureTransport(doc)) {
      return new ClusterProbe(transport, TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC))
          .probingStore(probeStore)
          .probe(doc.get("seed").asText());
    }
  }

  /** The snapshot the probe takes of the fixture when a run asks for {@code extras}. */
  public static ClusterSnapshot snapshot(String name, java.util.Set<ClusterProbe.Extra> extras) {
    JsonNode doc = load(name);
    try (AdminTransport transport = new FixtureTransport(doc)) {
      return new ClusterProbe(transport, TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC))
          .probe(doc.get("seed").asText(), extras);
    }
  }

  /** A transport that answers from the fixture, and its seed address (the map's one key). */
  public static Map.Entry<String, AdminTransport> transport(String name) {
    JsonNode doc = load(name);
    return Map.entry(doc.get("seed").asText(), new FixtureTransport(doc));
  }

  /** A check input for the fixture, without a data dir, with a local host that has nothing. */
  public static CheckInput input(String name) {
    return new CheckInput(snapshot(name), Thresholds.defaults(), new FakeLocalHost(), null);
  }

  /** A check input for the fixture whose probe also had a node probe its store. */
  public static CheckInput inputProbingStore(String name) {
    return new CheckInput(snapshot(name, true), Thresholds.defaults(), new FakeLocalHost(), null);
  }

  static JsonNode load(String name) {
    try (InputStream in = resource(name + ".json")) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream resource(String file) {
    InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + file);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + file);
    }
    return in;
  }

  /** Answers from a fixture document. */
  static final class FixtureTransport implements AdminTransport {
    private final JsonNode nodes;

    FixtureTransport(JsonNode doc) {
      this.nodes = doc.get("nodes");
    }

    @Override
    public CompletableFuture<AdminResponse> get(String admin, String path, Duration timeout) {
      JsonNode node = nodes.get(admin);
      if (node == null) {
        return CompletableFuture.failedFuture(new ConnectException());
      }
      if (node.has("error")) {
        return failure(node.get("error").asText());
      }
      JsonNode answer = node.has("status") ? node : node.get(path);
      if (answer == null) {
        return CompletableFuture.completedFuture(new AdminResponse(404, "{}"));
      }
      if (answer.path("hang").asBoolean()) {
        return new CompletableFuture<>();
      }
      if (answer.has("error")) {
        return failure(answer.get("error").asText());
      }
      return CompletableFuture.completedFuture(
          new AdminResponse(answer.get("status").asInt(), body(answer)));
    }

    /** An action answers from the fixture like a GET of its path. */
    @Override
    public CompletableFuture<AdminResponse> post(
        String admin, String path, String json, Duration timeout) {
      return get(admin, path, timeout);
    }

    private static CompletableFuture<AdminResponse> failure(String kind) {
      return CompletableFuture.failedFuture(
          switch (kind) {
            case "refused" -> new ConnectException();
            case "timeout" -> new HttpTimeoutException("request timed out");
            case "eof" -> new IOException("HTTP/1.1 header parser received no bytes");
            default -> new IOException(kind);
          });
    }

    private static String body(JsonNode answer) {
      try {
        if (answer.has("json")) {
          return JSON.writeValueAsString(answer.get("json"));
        }
        if (answer.has("file")) {
          try (InputStream in = resource(answer.get("file").asText())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        }
        return answer.path("text").asText("");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
