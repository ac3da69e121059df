package io.chronik.broker.snapshot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.snapshot.SnapshotFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryingStoreTest {
  private static final RetryPolicy POLICY =
      new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250));

  @TempDir Path tmp;

  private final List<Duration> waits = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final List<Integer> successes = new ArrayList<>();

  private final StoreListener listener =
      new StoreListener() {
        @Override
        public void onUploadFailure(
            String key, int attempt, StoreException error, boolean willRetry) {
          failures.add(key + "#" + attempt + (willRetry ? " retry" : " final"));
        }

        @Override
        public void onUploadSuccess(String key, long bytes, int attempts) {
          successes.add(attempts);
        }
      };

  @Test
  void shouldRetryWithBackoffWhenUploadFailsThenSucceeds() throws IOException {
    // given
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("a.chrsnap"), 1000, 1);
    FlakyStore flaky = new FlakyStore(2, StoreException.Reason.UNAVAILABLE);
    SnapshotStore store = new RetryingStore(flaky, POLICY, listener, waits::add);

    // when
    store.put("a.chrsnap", file, ProgressListener.NONE);

    // then
    assertThat(flaky.attempts).isEqualTo(3);
    assertThat(failures).containsExactly("a.chrsnap#1 retry", "a.chrsnap#2 retry");
    assertThat(successes).containsExactly(3);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(file).exists().hasSize(1000);
  }

  @Test
  void shouldGiveUpAndKeepLocalFileWhenEveryAttemptFails() throws IOException {
    // given
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("a.chrsnap"), 1000, 1);
    FlakyStore flaky = new FlakyStore(Integer.MAX_VALUE, StoreException.Reason.UNAVAILABLE);
    SnapshotStore store = new RetryingStore(flaky, POLICY, listener, waits::add);

    // when / then
    assertThatThrownBy(() -> store.put("a.chrsnap", file, ProgressListener.NONE))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.UNAVAILABLE));
    assertThat(flaky.attempts).isEqualTo(4);
    assertThat(failures).hasSize(4).last().isEqualTo("a.chrsnap#4 final");
    assertThat(waits)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
    assertThat(file).exists().hasSize(1000);
  }

  @Test
  void shouldNotRetryWhenAccessIsDenied() throws IOException {
    // given
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("a.chrsnap"), 10, 1);
    FlakyStore flaky = new FlakyStore(Integer.MAX_VALUE, StoreException.Reason.ACCESS_DENIED);
    SnapshotStore store = new RetryingStore(flaky, POLICY, listener, waits::add);

    // when / then
    assertThatThrownBy(() -> store.put("a.chrsnap", file, ProgressListener.NONE))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo("CHR-3202"));
    assertThat(flaky.attempts).isEqualTo(1);
    assertThat(failures).containsExactly("a.chrsnap#1 final");
    assertThat(waits).isEmpty();
  }

  @Test
  void shouldRetryReadsWhenStoreIsUnavailable() {
    // given
    FlakyStore flaky = new FlakyStore(1, StoreException.Reason.UNAVAILABLE);
    SnapshotStore store = new RetryingStore(flaky, POLICY, listener, waits::add);

    // when
    List<StoreObject> objects = store.list("");

    // then
    assertThat(objects).isEmpty();
    assertThat(flaky.attempts).isEqualTo(2);
    assertThat(failures).isEmpty();
  }

  /** Fails the first {@code failures} calls with {@code reason}, then succeeds. */
  private static final class FlakyStore implements SnapshotStore {
    private final int failures;
    private final StoreException.Reason reason;
    private int attempts;

    FlakyStore(int failures, StoreException.Reason reason) {
      this.failures = failures;
      this.reason = reason;
    }

    private void attempt() {
      attempts++;
      if (attempts <= failures) {
        throw new StoreException(reason, "attempt " + attempts + " failed");
      }
    }

    @Override
    public URI uri() {
      return URI.create("s3://flaky/prefix");
    }

    @Override
    public void put(String key, Path file, ProgressListener progress) {
      attempt();
    }

    @Override
    public void get(String key, Path target) {
      attempt();
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
      attempt();
      return InputStream.nullInputStream();
    }

    @Override
    public List<StoreObject> list(String prefix) {
      attempt();
      return List.of();
    }

    @Override
    public void delete(String key) {
      attempt();
    }

    @Override
    public Duration probe() {
      attempt();
      return Duration.ofMillis(1);
    }
  }
}
