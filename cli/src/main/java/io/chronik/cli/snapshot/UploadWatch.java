package io.chronik.cli.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.diagnostics.probe.AdminAddress;
import io.chronik.diagnostics.probe.AdminResponse;
import io.chronik.diagnostics.probe.HttpAdminTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shows the node's upload progress while {@code chronik snapshot create --upload} waits for its
 * answer: the node uploads, the CLI polls {@code GET /v1/snapshots} ({@code store.uploading}) twice
 * a second and draws the line. Used only when {@link Progress} is enabled (a terminal, text
 * output).
 */
final class UploadWatch {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UploadWatch() {}

  /** The upload in progress in a {@code GET /v1/snapshots} answer, if any. */
  record Uploading(String key, long bytesDone, long totalBytes) {
    static Optional<Uploading> of(String snapshotsJson) {
      try {
        JsonNode u = JSON.readTree(snapshotsJson).path("store").path("uploading");
        if (!u.isObject()) {
          return Optional.empty();
        }
        return Optional.of(
            new Uploading(
                u.path("key").asText(""),
                u.path("bytesDone").asLong(0),
                u.path("totalBytes").asLong(0)));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  static Map<String, Object> await(
      CompletableFuture<Map<String, Object>> pending,
      String admin,
      Duration timeout,
      Progress progress) {
    String address = AdminAddress.parse(admin).toString();
    try (HttpAdminTransport transport = new HttpAdminTransport(timeout)) {
      while (!pending.isDone()) {
        try {
          AdminResponse r =
              transport
                  .get(address, "/v1/snapshots", timeout)
                  .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
          if (r.status() == 200) {
            Uploading.of(r.body())
                .ifPresent(
                    u ->
                        progress.show("uploading " + u.key(), u.bytesDone(), u.totalBytes(), true));
          }
        } catch (ExecutionException | TimeoutException e) {
          // progress is a courtesy: the action's own answer reports any failure
        }
        try {
          pending.get(500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
          // still running, or failed: join() below rethrows the failure
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      progress.clear();
    }
    try {
      return pending.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
