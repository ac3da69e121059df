package io.chronik.broker.log;

import static io.chronik.broker.log.TestRecords.batch;
import static io.chronik.broker.log.TestRecords.batchWithTimestamps;
import static io.chronik.broker.log.TestRecords.batches;
import static io.chronik.broker.log.TestRecords.bytes;
import static io.chronik.broker.log.TestRecords.concat;
import static io.chronik.broker.log.TestRecords.offsets;
import static io.chronik.broker.log.TestRecords.sized;
import static io.chronik.broker.log.TestRecords.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogAppendReadTest {

  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void shouldAssignDenseOffsetsWhenBatchesUseDifferentCompressions() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      // when
      AppendResult none = log.append(batch(Compression.NONE, T0, "a", "b", "c"), 1);
      AppendResult gzip = log.append(batch(Compression.gzip().build(), T0, "d", "e"), 1);
      AppendResult several =
          log.append(
              concat(
                  batch(Compression.lz4().build(), T0, "f", "g", "h", "i"),
                  batch(Compression.zstd().build(), T0, "j"),
                  batch(Compression.snappy().build(), T0 + 5, "k", "l")),
              1);

      // then
      assertThat(none).isEqualTo(new AppendResult(0, 2, T0, 3));
      assertThat(gzip).isEqualTo(new AppendResult(3, 4, T0, 2));
      assertThat(several).isEqualTo(new AppendResult(5, 11, T0 + 5, 7));
      assertThat(log.logEndOffset()).isEqualTo(12);
      FetchData all = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false);
      assertThat(all.firstOffset()).isZero();
      assertThat(offsets(all.records())).containsExactlyElementsOf(range(0, 12));
      assertThat(values(all.records()))
          .containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");
      assertThat(batches(all.records()))
          .extracting(RecordBatch::compressionType)
          .containsExactly(
              CompressionType.NONE,
              CompressionType.GZIP,
              CompressionType.LZ4,
              CompressionType.ZSTD,
              CompressionType.SNAPPY);
    }
  }

  @Test
  void shouldStoreBatchBytesAsSentWhenOffsetsAreRewritten() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(batch(T0, "first", "second"), 3);
      MemoryRecords compressed = batch(Compression.gzip().build(), T0, "x", "y", "z");
      byte[] sent = bytes(compressed);

      // when
      log.append(compressed, 4);

      // then
      FetchData data = log.read(2, Integer.MAX_VALUE, Long.MAX_VALUE, false);
      byte[] stored = bytes((MemoryRecords) data.records());
      assertThat(stored).hasSameSizeAs(sent);
      // baseOffset (bytes 0-7) and partitionLeaderEpoch (12-15) are rewritten; the length, the
      // magic, the CRC and the compressed payload are not
      assertThat(Arrays.copyOfRange(stored, 8, 12)).isEqualTo(Arrays.copyOfRange(sent, 8, 12));
      assertThat(Arrays.copyOfRange(stored, 16, stored.length))
          .isEqualTo(Arrays.copyOfRange(sent, 16, sent.length));
      RecordBatch batch = batches(data.records()).get(0);
      assertThat(batch.isValid()).isTrue();
      assertThat(batch.baseOffset()).isEqualTo(2);
      assertThat(batch.lastOffset()).isEqualTo(4);
      assertThat(batch.partitionLeaderEpoch()).isEqualTo(4);
      assertThat(batch.compressionType()).isEqualTo(CompressionType.GZIP);
    }
  }

  @Test
  void shouldNameTheEpochEachOffsetWasWrittenInWhenLeadersChanged() throws IOException {
    // given: offsets 0-1 written in epoch 3, 2-4 in epoch 5
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(batch(T0, "a", "b"), 3);
      log.append(batch(T0, "c", "d", "e"), 5);

      // when
      List<Integer> epochs = LongStream.range(0, 5).mapToObj(log::epochFor).toList();

      // then
      assertThat(epochs).containsExactly(3, 3, 5, 5, 5);
      assertThat(log.latestEpoch()).isEqualTo(5);
    }
  }

  @Test
  void shouldKnowNoEpochWhenNothingWasAppended() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      // when / then
      assertThat(log.epochFor(0)).isEqualTo(-1);
    }
  }

  @Test
  void shouldReturnBatchContainingOffsetWhenReadStartsMidBatch() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(batch(T0, "a", "b", "c"), 0);
      log.append(batch(T0, "d", "e", "f"), 0);

      // when
      FetchData data = log.read(4, Integer.MAX_VALUE, Long.MAX_VALUE, false);

      // then
      assertThat(data.firstOffset()).isEqualTo(3);
      assertThat(offsets(data.records())).containsExactly(3L, 4L, 5L);
    }
  }

  @Test
  void shouldReturnOnlyWholeBatchesWhenMaxBytesIsReached() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      int batchSize = sized(100, T0).sizeInBytes();
      for (int i = 0; i < 10; i++) {
        log.append(sized(100, T0), 0);
      }

      // when
      FetchData data = log.read(2, batchSize * 3 + batchSize / 2, Long.MAX_VALUE, false);

      // then
      assertThat(data.firstOffset()).isEqualTo(2);
      assertThat(data.records().sizeInBytes()).isEqualTo(3 * batchSize);
      assertThat(offsets(data.records())).containsExactly(2L, 3L, 4L);
    }
  }

  @Test
  void shouldReturnFirstBatchWhenMinOneBatchAndItExceedsMaxBytes() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(sized(1000, T0), 0);
      log.append(sized(10, T0), 0);

      // when
      FetchData oversized = log.read(0, 100, Long.MAX_VALUE, true);
      FetchData strict = log.read(0, 100, Long.MAX_VALUE, false);

      // then
      assertThat(oversized.firstOffset()).isZero();
      assertThat(offsets(oversized.records())).containsExactly(0L);
      assertThat(strict.isEmpty()).isTrue();
      assertThat(strict.firstOffset()).isEqualTo(-1);
    }
  }

  @Test
  void shouldStopBeforeHighWatermarkWhenMaxOffsetExclusiveIsBelowLogEnd() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(batch(T0, "a", "b"), 0);
      log.append(batch(T0, "c", "d"), 0);
      log.append(batch(T0, "e"), 0);

      // when
      FetchData belowHighWatermark = log.read(0, Integer.MAX_VALUE, 4, false);
      FetchData atHighWatermark = log.read(4, Integer.MAX_VALUE, 4, false);

      // then
      assertThat(offsets(belowHighWatermark.records())).containsExactly(0L, 1L, 2L, 3L);
      assertThat(atHighWatermark.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldThrowOffsetOutOfRangeWhenReadStartsOutsideTheLog() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(batch(T0, "a", "b", "c"), 0);
      log.deleteRecordsBefore(1);

      // when / then
      assertThatThrownBy(() -> log.read(0, 1000, Long.MAX_VALUE, true))
          .isInstanceOf(OffsetOutOfRangeException.class);
      assertThatThrownBy(() -> log.read(4, 1000, Long.MAX_VALUE, true))
          .isInstanceOf(OffsetOutOfRangeException.class);
      assertThat(log.read(3, 1000, Long.MAX_VALUE, true).isEmpty()).isTrue();
      assertThat(log.read(1, 1000, Long.MAX_VALUE, true).firstOffset()).isZero();
    }
  }

  @Test
  void shouldRollSegmentWhenSegmentBytesWouldBeExceeded() throws IOException {
    // given
    int batchSize = sized(200, T0).sizeInBytes();
    LogConfig config = LogConfig.defaults().withSegmentBytes(batchSize * 3L);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      // when
      for (int i = 0; i < 10; i++) {
        log.append(sized(200, T0), 0);
      }

      // then
      assertThat(log.segmentCount()).isEqualTo(4);
      assertThat(Files.exists(dir.resolve("00000000000000000003.log"))).isTrue();
      assertThat(Files.exists(dir.resolve("00000000000000000009.index"))).isTrue();
      assertThat(Files.exists(dir.resolve("00000000000000000009.timeindex"))).isTrue();
      assertThat(log.sizeInBytes()).isEqualTo(10L * batchSize);
      List<Long> seen = new java.util.ArrayList<>();
      long next = 0;
      while (next < log.logEndOffset()) {
        FetchData data = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true);
        seen.addAll(offsets(data.records()));
        next = seen.get(seen.size() - 1) + 1;
      }
      assertThat(seen).containsExactlyElementsOf(range(0, 10));
    }
  }

  @Test
  void shouldRollSegmentWhenBatchTimestampsSpanSegmentMs() throws IOException {
    // given
    LogConfig config = new LogConfig(LogConfig.DEFAULT_SEGMENT_BYTES, 60_000, -1, -1, 4096);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      log.append(batch(T0, "a"), 0);
      log.append(batch(T0 + 60_000, "b"), 0);

      // when
      log.append(batch(T0 + 60_001, "c"), 0);

      // then
      assertThat(log.segmentCount()).isEqualTo(2);
      assertThat(Files.exists(dir.resolve("00000000000000000002.log"))).isTrue();
    }
  }

  @Test
  void shouldRollSegmentByClockWhenBatchesHaveNoTimestamp() throws IOException {
    // given
    MutableClock clock = new MutableClock(T0);
    LogConfig config = new LogConfig(LogConfig.DEFAULT_SEGMENT_BYTES, 60_000, -1, -1, 4096);
    try (PartitionLog log = PartitionLog.open(dir, config, clock)) {
      log.append(batch(RecordBatch.NO_TIMESTAMP, "a"), 0);
      clock.advance(60_000);
      log.append(batch(RecordBatch.NO_TIMESTAMP, "b"), 0);

      // when
      clock.advance(1);
      log.append(batch(RecordBatch.NO_TIMESTAMP, "c"), 0);

      // then
      assertThat(log.segmentCount()).isEqualTo(2);
      assertThat(Files.exists(dir.resolve("00000000000000000002.log"))).isTrue();
    }
  }

  @Test
  void shouldWriteSparseIndexEntriesWhenIndexIntervalIsReached() throws IOException {
    // given
    int batchSize = sized(100, T0).sizeInBytes();
    LogConfig config =
        new LogConfig(LogConfig.DEFAULT_SEGMENT_BYTES, Long.MAX_VALUE, -1, -1, batchSize * 4);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      // when
      for (int i = 0; i < 100; i++) {
        log.append(sized(100, T0 + i), 0);
      }
      log.flush();

      // then
      assertThat(Files.size(dir.resolve("00000000000000000000.index")))
          .isEqualTo(24 * OffsetIndex.ENTRY_SIZE);
      assertThat(Files.size(dir.resolve("00000000000000000000.timeindex")))
          .isEqualTo(24 * TimeIndex.ENTRY_SIZE);
      for (long offset : new long[] {0, 3, 4, 5, 50, 98, 99}) {
        assertThat(log.read(offset, 1, Long.MAX_VALUE, true).firstOffset()).isEqualTo(offset);
      }
    }
  }

  @Test
  void shouldRejectAppendWhenRecordsHoldNoBatch() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      // when / then
      assertThatThrownBy(() -> log.append(MemoryRecords.EMPTY, 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(log.logEndOffset()).isZero();
    }
  }

  @Test
  void shouldRejectAppendWhenLeaderEpochGoesBackwards() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(batch(T0, "a"), 5);

      // when / then
      assertThatThrownBy(() -> log.append(batch(T0, "b"), 4))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(log.logEndOffset()).isEqualTo(1);
    }
  }

  @Test
  void shouldFindFirstRecordAtOrAfterTimestampWhenSearchingByTime() throws IOException {
    // given
    int batchSize = batchWithTimestamps(T0, T0 + 1, T0 + 2).sizeInBytes();
    LogConfig config = new LogConfig(batchSize * 2L, Long.MAX_VALUE, -1, -1, 0);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      log.append(batchWithTimestamps(T0 + 10, T0 + 30, T0 + 20), 0); // offsets 0-2
      log.append(batchWithTimestamps(T0 + 15, T0 + 25, T0 + 35), 0); // 3-5
      log.append(batchWithTimestamps(T0 + 40, T0 + 41, T0 + 42), 0); // 6-8
      log.append(batchWithTimestamps(T0 + 50, T0 + 60, T0 + 70), 0); // 9-11

      // when / then
      assertThat(log.segmentCount()).isEqualTo(2);
      assertThat(log.offsetForTimestamp(T0)).contains(new TimestampOffset(T0 + 10, 0));
      assertThat(log.offsetForTimestamp(T0 + 25)).contains(new TimestampOffset(T0 + 30, 1));
      assertThat(log.offsetForTimestamp(T0 + 31)).contains(new TimestampOffset(T0 + 35, 5));
      assertThat(log.offsetForTimestamp(T0 + 42)).contains(new TimestampOffset(T0 + 42, 8));
      assertThat(log.offsetForTimestamp(T0 + 55)).contains(new TimestampOffset(T0 + 60, 10));
      assertThat(log.offsetForTimestamp(T0 + 71)).isEmpty();
    }
  }

  @Test
  void shouldReturnRecordWithLargestTimestampWhenAskedForMaxTimestamp() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults().withSegmentBytes(200))) {
      assertThat(log.maxTimestampOffset()).isEmpty();
      log.append(batchWithTimestamps(T0 + 10, T0 + 30), 0);
      log.append(batchWithTimestamps(T0 + 5, T0 + 90, T0 + 20), 0);
      log.append(batchWithTimestamps(T0 + 90, T0 + 40), 0);

      // when / then
      assertThat(log.segmentCount()).isGreaterThan(1);
      assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(T0 + 90, 3));
    }
  }

  @Test
  void shouldAnswerEndOffsetForLeaderEpochWhenEpochsChange() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      assertThat(log.latestEpoch()).isEqualTo(-1);
      assertThat(log.endOffsetForLeaderEpoch(0)).isEqualTo(-1);

      // when
      log.append(batch(T0, "a", "b", "c", "d", "e"), 1); // 0-4
      log.append(batch(T0, "f", "g", "h", "i", "j"), 3); // 5-9
      log.append(batch(T0, "k"), 3); // 10
      log.append(batch(T0, "l", "m"), 4); // 11-12

      // then
      assertThat(log.latestEpoch()).isEqualTo(4);
      assertThat(log.endOffsetForLeaderEpoch(0)).isEqualTo(-1);
      assertThat(log.endOffsetForLeaderEpoch(1)).isEqualTo(5);
      assertThat(log.endOffsetForLeaderEpoch(2)).isEqualTo(5);
      assertThat(log.epochEndOffset(2)).contains(new EpochEndOffset(1, 5));
      assertThat(log.endOffsetForLeaderEpoch(3)).isEqualTo(11);
      assertThat(log.endOffsetForLeaderEpoch(4)).isEqualTo(13);
      assertThat(log.endOffsetForLeaderEpoch(5)).isEqualTo(-1);
      assertThat(log.endOffsetForLeaderEpoch(-1)).isEqualTo(-1);
    }
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }
}
