package io.chronik.broker.log;

import static io.chronik.broker.log.TestRecords.keyed;
import static io.chronik.broker.log.TestRecords.kv;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ListOffsets by time on a log the cleaner compacted: a batch that lost every record may stay,
 * empty, with the max timestamp of the records it held; the searches answer from the records that
 * remain.
 */
class CleanedLogTimestampsTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long PRODUCER = 7L;
  private static final Compression NONE = Compression.NONE;

  @TempDir Path dir;

  @Test
  void shouldAnswerMaxTimestampFromTheRemainingRecordsWhenTheCleanerEmptiedTheBatchOfTheMax()
      throws IOException {
    // given: the newest timestamp is on a's first version, which a later version replaces; its
    // batch ends a segment, so it stays as an empty batch
    LogConfig config = LogConfig.defaults().withSegmentBytes(1).withCleanup(LogCleanup.compacted());
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      log.append(keyed(NONE, kv(T0 + 10, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0 + 1, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0 + 2, "b", "1")), 0);
      assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(T0 + 10, 0));

      // when
      new LogCleaner().clean(log, T0, Map.of());

      // then
      assertThat(LogCleanerTest.readAll(log)).containsExactly("1:a=2", "2:b=1");
      assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(T0 + 2, 2));
      assertThat(log.offsetForTimestamp(T0 + 3)).isEmpty();
    }
  }

  @Test
  void shouldFindTheMaxOfTheOtherBatchesOfASegmentWhoseMaxBatchWasEmptied() throws IOException {
    // given: x, then a producer's last batch holding the newest timestamp, then a newer a; the
    // cleaned segment keeps the producer's batch, empty, for its sequence numbers
    LogConfig config = LogConfig.defaults().withSegmentBytes(1).withCleanup(LogCleanup.compacted());
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      log.append(keyed(NONE, kv(T0 + 5, "x", "1")), 0);
      log.append(
          MemoryRecords.withIdempotentRecords(
              NONE, PRODUCER, (short) 0, 0, record(T0 + 10, "a", "1")),
          0);
      log.append(keyed(NONE, kv(T0 + 1, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0 + 3, "y", "1")), 0);
      log.updateConfig(config.withSegmentBytes(1 << 20));

      // when
      new LogCleaner().clean(log, T0, Map.of(PRODUCER, 1L));

      // then
      assertThat(log.segmentCount()).isEqualTo(2);
      assertThat(LogCleanerTest.readAll(log)).containsExactly("0:x=1", "2:a=2", "3:y=1");
      assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(T0 + 5, 0));
    }
  }

  @Test
  void shouldAnswerTheFirstOfEqualMaxTimestampsWhenTheNewerMaxWasEmptied() throws IOException {
    // given: b and c share the largest timestamp left once a's first version is gone
    LogConfig config = LogConfig.defaults().withSegmentBytes(1).withCleanup(LogCleanup.compacted());
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      log.append(keyed(NONE, kv(T0 + 5, "b", "1")), 0);
      log.append(keyed(NONE, kv(T0 + 9, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0 + 5, "c", "1")), 0);
      log.append(keyed(NONE, kv(T0 + 1, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "z", "1")), 0);

      // when
      new LogCleaner().clean(log, T0, Map.of());

      // then
      assertThat(LogCleanerTest.readAll(log)).containsExactly("0:b=1", "2:c=1", "3:a=2", "4:z=1");
      assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(T0 + 5, 0));
    }
  }

  private static SimpleRecord record(long timestamp, String key, String value) {
    return new SimpleRecord(
        timestamp, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
  }
}
