package io.chronik.broker.log;

import static io.chronik.broker.log.TestRecords.batch;
import static io.chronik.broker.log.TestRecords.offsets;
import static io.chronik.broker.log.TestRecords.sized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogRetentionTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long HOUR = 3_600_000L;

  @TempDir Path dir;

  @Test
  void shouldDeleteOldestSegmentsWhenLogExceedsRetentionBytes() throws IOException {
    // given: 10 batches, 2 per segment -> 5 segments
    int batchSize = sized(100, T0).sizeInBytes();
    LogConfig config =
        LogConfig.defaults().withSegmentBytes(2L * batchSize).withRetention(-1, 5L * batchSize);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 10; i++) {
        log.append(sized(100, T0), 0);
      }
      assertThat(log.segmentCount()).isEqualTo(5);

      // when
      RetentionResult result = log.applyRetention(T0);

      // then: Kafka's rule keeps at least retention.bytes
      assertThat(result).isEqualTo(new RetentionResult(2, 4L * batchSize, 4));
      assertThat(log.sizeInBytes()).isEqualTo(6L * batchSize);
      assertThat(log.logStartOffset()).isEqualTo(4);
      assertThat(Files.exists(dir.resolve("00000000000000000000.log"))).isFalse();
      assertThat(Files.exists(dir.resolve("00000000000000000002.index"))).isFalse();
      assertThat(Files.readAllLines(dir.resolve("log-start-offset"))).containsExactly("0", "4");
      assertThatThrownBy(() -> log.read(3, 1000, Long.MAX_VALUE, true))
          .isInstanceOf(OffsetOutOfRangeException.class);
      assertThat(log.applyRetention(T0).deletedSegments()).isZero();
    }
  }

  @Test
  void shouldDeleteSegmentsWhenNewestRecordIsOlderThanRetentionMs() throws IOException {
    // given: segments whose newest records are at T0+1h, T0+3h, T0+5h, then an active one
    int batchSize = batch(T0, "x").sizeInBytes();
    LogConfig config =
        LogConfig.defaults().withSegmentBytes(2L * batchSize).withRetention(10 * HOUR, -1);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int hour = 0; hour < 7; hour++) {
        log.append(batch(T0 + hour * HOUR, "x"), 0);
      }
      assertThat(log.segmentCount()).isEqualTo(4);

      // when
      RetentionResult notYet = log.applyRetention(T0 + 11 * HOUR);
      RetentionResult early = log.applyRetention(T0 + 11 * HOUR + 1);
      RetentionResult later = log.applyRetention(T0 + 13 * HOUR + 1);

      // then
      assertThat(notYet.deletedSegments()).isZero();
      assertThat(early).isEqualTo(new RetentionResult(1, 2L * batchSize, 2));
      assertThat(later).isEqualTo(new RetentionResult(1, 2L * batchSize, 4));
      assertThat(log.logStartOffset()).isEqualTo(4);
      assertThat(log.read(4, 1000, Long.MAX_VALUE, true).firstOffset()).isEqualTo(4);
    }
  }

  @Test
  void shouldKeepActiveSegmentWhenEverythingIsExpired() throws IOException {
    // given
    int batchSize = batch(T0, "x").sizeInBytes();
    LogConfig config = LogConfig.defaults().withSegmentBytes(2L * batchSize).withRetention(0, 0);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 5; i++) {
        log.append(batch(T0, "x"), 0);
      }

      // when
      RetentionResult result = log.applyRetention(T0 + HOUR);

      // then
      assertThat(result.deletedSegments()).isEqualTo(2);
      assertThat(log.segmentCount()).isEqualTo(1);
      assertThat(log.logStartOffset()).isEqualTo(4);
      assertThat(log.logEndOffset()).isEqualTo(5);
      assertThat(log.append(batch(T0, "y"), 0).firstOffset()).isEqualTo(5);
    }
  }

  @Test
  void shouldAdvanceLogStartOffsetWhenRecordsAreDeleted() throws IOException {
    // given
    int batchSize = batch(T0, "x", "y").sizeInBytes();
    LogConfig config = LogConfig.defaults().withSegmentBytes(2L * batchSize);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 6; i++) {
        log.append(batch(T0, "x", "y"), i); // 2 offsets per batch, 2 batches per segment
      }

      // when
      log.deleteRecordsBefore(5);

      // then: segment 0-3 is gone, segment 4-7 stays with offset 4 hidden
      assertThat(log.logStartOffset()).isEqualTo(5);
      assertThat(log.segmentCount()).isEqualTo(2);
      assertThat(Files.exists(dir.resolve("00000000000000000000.log"))).isFalse();
      assertThatThrownBy(() -> log.read(4, 1000, Long.MAX_VALUE, true))
          .isInstanceOf(OffsetOutOfRangeException.class);
      assertThat(log.read(5, 1000, Long.MAX_VALUE, true).firstOffset()).isEqualTo(4);
      assertThat(log.offsetForTimestamp(T0)).contains(new TimestampOffset(T0, 5));
      assertThat(log.endOffsetForLeaderEpoch(1)).isEqualTo(-1);
      assertThat(log.endOffsetForLeaderEpoch(2)).isEqualTo(6);
      log.deleteRecordsBefore(3);
      assertThat(log.logStartOffset()).isEqualTo(5);
      assertThatThrownBy(() -> log.deleteRecordsBefore(13))
          .isInstanceOf(OffsetOutOfRangeException.class);
    }
  }

  @Test
  void shouldDropWholeBatchesWhenTruncatedToAnOffsetInsideABatch() throws IOException {
    // given
    int batchSize = batch(T0, "a", "b", "c").sizeInBytes();
    LogConfig config = LogConfig.defaults().withSegmentBytes(2L * batchSize);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      log.append(batch(T0, "a", "b", "c"), 1); // 0-2
      log.append(batch(T0 + 1, "d", "e", "f"), 1); // 3-5
      log.append(batch(T0 + 2, "g", "h", "i"), 2); // 6-8, second segment
      log.append(batch(T0 + 3, "j", "k", "l"), 3); // 9-11

      // when
      log.truncateTo(4);

      // then
      assertThat(log.logEndOffset()).isEqualTo(3);
      assertThat(log.segmentCount()).isEqualTo(1);
      assertThat(log.latestEpoch()).isEqualTo(1);
      assertThat(log.endOffsetForLeaderEpoch(1)).isEqualTo(3);
      assertThat(log.offsetForTimestamp(T0 + 1)).isEmpty();
      assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(T0, 0));
      assertThat(offsets(log.read(0, 10_000, Long.MAX_VALUE, false).records()))
          .containsExactly(0L, 1L, 2L);
      assertThat(log.append(batch(T0 + 9, "m"), 4).firstOffset()).isEqualTo(3);
      assertThat(log.endOffsetForLeaderEpoch(1)).isEqualTo(3);
      assertThat(log.endOffsetForLeaderEpoch(4)).isEqualTo(4);
    }
    try (PartitionLog reopened = PartitionLog.open(dir, config)) {
      assertThat(reopened.logEndOffset()).isEqualTo(4);
      assertThat(reopened.latestEpoch()).isEqualTo(4);
    }
  }

  @Test
  void shouldRestartEmptyLogWhenTruncatedBelowFirstSegment() throws IOException {
    // given
    int batchSize = sized(10, T0).sizeInBytes();
    LogConfig config = LogConfig.defaults().withSegmentBytes(batchSize);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 4; i++) {
        log.append(sized(10, T0), 1);
      }
      log.deleteRecordsBefore(3);
      log.applyRetention(T0);

      // when
      log.truncateTo(1);

      // then
      assertThat(log.logStartOffset()).isEqualTo(1);
      assertThat(log.logEndOffset()).isEqualTo(1);
      assertThat(log.segmentCount()).isEqualTo(1);
      assertThat(log.latestEpoch()).isEqualTo(-1);
      assertThat(log.append(sized(10, T0), 2).firstOffset()).isEqualTo(1);
    }
  }
}
