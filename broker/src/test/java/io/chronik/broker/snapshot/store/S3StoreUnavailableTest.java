package io.chronik.broker.snapshot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.snapshot.SnapshotFixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3StoreUnavailableTest {
  @TempDir Path tmp;

  @Test
  void shouldCountFailuresAndKeepLocalFileWhenEndpointRefusesConnections() throws IOException {
    // given: a loopback port that nothing listens on
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<Boolean> failures = new ArrayList<>();
    StoreSettings settings =
        StoreSettings.builder()
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .region("us-east-1")
            .pathStyle(true)
            .credentials("a", "b")
            .retry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))
            .listener(
                new StoreListener() {
                  @Override
                  public void onUploadFailure(
                      String key, int attempt, StoreException error, boolean willRetry) {
                    failures.add(willRetry);
                  }
                })
            .build();
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("a.chrsnap"), 1000, 1);

    // when / then
    try (SnapshotStore store = SnapshotStores.open(URI.create("s3://bucket/p"), settings)) {
      assertThatThrownBy(() -> store.put("a.chrsnap", file, ProgressListener.NONE))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(StoreException.Reason.UNAVAILABLE);
                assertThat(e.code()).isEqualTo("CHR-3203");
                assertThat(e.getMessage()).contains("put a.chrsnap in s3://bucket/p failed");
              });
    }
    assertThat(failures).containsExactly(true, false);
    assertThat(file).exists().hasSize(1000);
  }
}
