package io.chronik.broker.snapshot.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.chronik.broker.snapshot.SnapshotFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes on the wire for each S3 profile: GCS's XML API rejects the AWS SDK's default CRC32
 * trailers and {@code aws-chunked} bodies, so the GCS profile must send neither.
 */
class S3ProfileHeadersTest {
  @TempDir Path tmp;

  private HttpServer server;
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startRecordingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
          }
          requests.add(lowerCase(exchange.getRequestHeaders()));
          exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef\"");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void shouldSendNeitherChecksumTrailerNorAwsChunkedWhenProfileIsGcs() throws IOException {
    // when
    Map<String, String> put = putThrough("gs://bucket/prefix");

    // then
    assertThat(put).doesNotContainKeys("x-amz-trailer", "x-amz-sdk-checksum-algorithm");
    assertThat(put.getOrDefault("content-encoding", "")).doesNotContain("aws-chunked");
    assertThat(put.get("x-amz-content-sha256")).doesNotStartWith("STREAMING");
    assertThat(put.get("authorization")).contains("/auto/s3/aws4_request");
  }

  @Test
  void shouldSendFlexibleChecksumWhenProfileIsAws() throws IOException {
    // when
    Map<String, String> put = putThrough("s3://bucket/prefix");

    // then: the SDK's default data integrity protection stays on for S3
    assertThat(put.keySet())
        .anyMatch(h -> h.startsWith("x-amz-checksum-") || h.equals("x-amz-trailer"));
  }

  private Map<String, String> putThrough(String uri) throws IOException {
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("a.chrsnap"), 20_000, 1);
    StoreSettings settings =
        StoreSettings.builder()
            .endpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .region(uri.startsWith("gs:") ? null : "us-east-1")
            .pathStyle(true)
            .credentials("hmac-access", "hmac-secret")
            .build();
    try (SnapshotStore store = SnapshotStores.open(URI.create(uri), settings)) {
      store.put("a.chrsnap", file, ProgressListener.NONE);
    }
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private static Map<String, String> lowerCase(Headers headers) {
    return headers.entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                e -> String.join(",", e.getValue())));
  }
}
