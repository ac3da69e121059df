package io.chronik.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log cleaner's I/O count and limit, on a clock the test moves. */
class CleanerIoTest {

  private static final long SECOND = 1_000_000_000L;

  /** A clock that only the sleeps move, and the sleeps asked for. */
  private static final class FakeTime {
    long now = 5 * SECOND;
    final List<Long> sleeps = new ArrayList<>();

    CleanerIo limitedTo(long bytesPerSecond) {
      return CleanerIo.limitedTo(
          bytesPerSecond,
          () -> now,
          nanos -> {
            sleeps.add(nanos);
            now += nanos;
            return true;
          });
    }
  }

  @Test
  void shouldTakeAtLeastTheBytesOverTheLimitWhenReadingAndWriting() throws Exception {
    // given: 1,000 bytes/s
    FakeTime time = new FakeTime();
    CleanerIo io = time.limitedTo(1_000);
    long start = time.now;

    // when: 3,000 bytes read and 2,000 written, in pieces
    for (int i = 0; i < 30; i++) {
      io.read(100);
    }
    io.wrote(2_000);

    // then
    assertThat(time.now - start).isBetween(5 * SECOND, 5 * SECOND + 1_000);
    assertThat(io.throttledNanos()).isEqualTo(time.now - start);
    assertThat(io.bytesRead()).isEqualTo(3_000);
    assertThat(io.bytesWritten()).isEqualTo(2_000);
  }

  @Test
  void shouldHoldACleaningToTheLimit(@TempDir Path dir) throws Exception {
    // given: a compacted log of 200 versions of 10 keys, and a cleaner limited to 10 KiB/s
    LogConfig config =
        LogConfig.defaults().withSegmentBytes(4096).withCleanup(LogCleanup.compacted());
    FakeTime time = new FakeTime();
    LogCleaner cleaner = new LogCleaner(LogCleaner.DEFAULT_MAX_MAP_ENTRIES, time.limitedTo(10_240));
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 200; i++) {
        log.append(
            TestRecords.keyed(
                Compression.NONE, TestRecords.kv(1_000L + i, "k" + i % 10, "value-" + i)),
            0);
      }
      long start = time.now;

      // when
      CleanResult result = cleaner.clean(log, 2_000L, Map.of());

      // then: the bytes read and written took at least their size over the limit
      long bytes = cleaner.io().bytesRead() + cleaner.io().bytesWritten();
      assertThat(result.cleaned()).isTrue();
      assertThat(bytes).isGreaterThan(10_240);
      assertThat(time.now - start).isGreaterThanOrEqualTo(bytes * SECOND / 10_240);
      assertThat(result.throttledNanos()).isEqualTo(time.now - start);
    }
  }

  @Test
  void shouldLetAtMostTheBurstThroughWithoutWaitingAfterAPause() throws Exception {
    // given: 1,000 bytes/s, one read paid for, then a minute without I/O
    FakeTime time = new FakeTime();
    CleanerIo io = time.limitedTo(1_000);
    io.read(1_000);
    time.now += 60 * SECOND;
    time.sleeps.clear();

    // when
    io.read(300);
    io.read(200);

    // then: 300 ms worth went through; the next 200 bytes waited 200 ms
    assertThat(time.sleeps).hasSize(1);
    assertThat(time.sleeps.get(0)).isBetween(199_000_000L, 200_000_001L);
  }

  @Test
  void shouldNeverWaitWhenUnlimited() throws Exception {
    // given
    CleanerIo io = CleanerIo.unlimited();
    long start = System.nanoTime();

    // when
    io.read(1L << 40);
    io.wrote(1L << 40);

    // then
    assertThat(io.throttledNanos()).isZero();
    assertThat(System.nanoTime() - start).isLessThan(SECOND);
    assertThat(io.bytesRead()).isEqualTo(1L << 40);
  }

  @Test
  void shouldStopWaitingWhenStopped() {
    // given: 1 byte/s, a real sleep of a day ahead
    CleanerIo io = CleanerIo.limitedTo(1);
    Thread stopper = new Thread(io::stop);

    // when
    stopper.start();

    // then
    assertThatThrownBy(() -> io.read(86_400))
        .isInstanceOf(InterruptedIOException.class)
        .hasMessageContaining("stopping");
  }

  @Test
  void shouldRefuseALimitOfZero() {
    assertThatThrownBy(() -> CleanerIo.limitedTo(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 byte/s");
  }
}
