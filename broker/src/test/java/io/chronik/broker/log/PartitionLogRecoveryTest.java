package io.chronik.broker.log;

import static io.chronik.broker.log.TestRecords.batch;
import static io.chronik.broker.log.TestRecords.offsets;
import static io.chronik.broker.log.TestRecords.sized;
import static io.chronik.broker.log.TestRecords.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogRecoveryTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final String FIRST_SEGMENT = "00000000000000000000.log";

  @TempDir Path dir;

  @Test
  void shouldKeepDataOffsetsAndEpochsWhenReopened() throws IOException {
    // given
    LogConfig config = LogConfig.defaults().withSegmentBytes(300);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 20; i++) {
        log.append(batch(Compression.gzip().build(), T0 + i, "v" + i, "w" + i), 1 + i / 10);
      }
    }

    // when
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      // then
      assertThat(log.segmentCount()).isGreaterThan(2);
      assertThat(log.logEndOffset()).isEqualTo(40);
      assertThat(readAll(log)).containsExactlyElementsOf(range(0, 40));
      assertThat(log.latestEpoch()).isEqualTo(2);
      assertThat(log.endOffsetForLeaderEpoch(1)).isEqualTo(20);
      assertThat(log.offsetForTimestamp(T0 + 7)).contains(new TimestampOffset(T0 + 7, 14));
      assertThat(log.append(batch(T0 + 30, "next"), 2).firstOffset()).isEqualTo(40);
    }
  }

  @Test
  void shouldTruncateTornTailWhenLastBatchIsIncomplete() throws IOException {
    // given
    appendThreeBatchesAndClose();
    Path segment = dir.resolve(FIRST_SEGMENT);
    long size = Files.size(segment);
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(size - 5);
    }

    // when
    try (LogCapture logs = new LogCapture(LogLoader.class);
        PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      // then
      assertThat(log.logEndOffset()).isEqualTo(4);
      assertThat(values(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false).records()))
          .containsExactly("a", "b", "c", "d");
      assertThat(logs.messages())
          .anySatisfy(
              message -> assertThat(message).contains("CHR-2001", dir.toString(), "offset 4"));
      assertThat(log.append(batch(T0, "again"), 1).firstOffset()).isEqualTo(4);
    }
  }

  @Test
  void shouldTruncateLastBatchWhenOneOfItsBytesIsFlipped() throws IOException {
    // given
    appendThreeBatchesAndClose();
    Path segment = dir.resolve(FIRST_SEGMENT);
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 3] ^= 0x40;
    Files.write(segment, bytes);

    // when
    try (LogCapture logs = new LogCapture(LogLoader.class);
        PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      // then
      assertThat(log.logEndOffset()).isEqualTo(4);
      assertThat(Files.size(segment)).isLessThan(bytes.length);
      assertThat(logs.messages())
          .anySatisfy(message -> assertThat(message).contains("CHR-2001", "CRC-32C"));
    }
  }

  @Test
  void shouldDropGarbageWhenBytesFollowTheLastValidBatch() throws IOException {
    // given
    appendThreeBatchesAndClose();
    Path segment = dir.resolve(FIRST_SEGMENT);
    long validSize = Files.size(segment);
    byte[] garbage = new byte[100];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) (i * 37 + 11);
    }
    Files.write(segment, garbage, StandardOpenOption.APPEND);

    // when
    try (LogCapture logs = new LogCapture(LogLoader.class);
        PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      // then
      assertThat(log.logEndOffset()).isEqualTo(6);
      assertThat(Files.size(segment)).isEqualTo(validSize);
      assertThat(logs.messages()).anySatisfy(message -> assertThat(message).contains("CHR-2001"));
    }
  }

  @Test
  void shouldRebuildIndexesWhenIndexFilesOfAFlushedSegmentAreMissing() throws IOException {
    // given
    LogConfig config =
        new LogConfig(3000, Long.MAX_VALUE, -1, -1, sized(100, T0).sizeInBytes() * 2);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 60; i++) {
        log.append(sized(100, T0 + i), 0);
      }
    }
    Files.delete(dir.resolve("00000000000000000000.index"));
    Files.delete(dir.resolve("00000000000000000000.timeindex"));

    // when
    try (LogCapture logs = new LogCapture(LogLoader.class);
        PartitionLog log = PartitionLog.open(dir, config)) {
      // then
      assertThat(logs.messages()).anySatisfy(message -> assertThat(message).contains("CHR-2002"));
      assertThat(Files.size(dir.resolve("00000000000000000000.index"))).isPositive();
      assertThat(log.read(7, 1, Long.MAX_VALUE, true).firstOffset()).isEqualTo(7);
      assertThat(log.offsetForTimestamp(T0 + 9)).contains(new TimestampOffset(T0 + 9, 9));
      assertThat(readAll(log)).containsExactlyElementsOf(range(0, 60));
    }
  }

  @Test
  void shouldRebuildLeaderEpochsFromSegmentsWhenCheckpointIsLost() throws IOException {
    // given
    LogConfig config = LogConfig.defaults().withSegmentBytes(200);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      log.append(batch(T0, "a", "b"), 2);
      log.append(batch(T0, "c"), 2);
      log.append(batch(T0, "d", "e"), 5);
      log.append(batch(T0, "f"), 7);
    }
    Files.delete(dir.resolve("leader-epoch-checkpoint"));

    // when
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      // then
      assertThat(log.segmentCount()).isGreaterThan(1);
      assertThat(log.latestEpoch()).isEqualTo(7);
      assertThat(log.endOffsetForLeaderEpoch(2)).isEqualTo(3);
      assertThat(log.endOffsetForLeaderEpoch(5)).isEqualTo(5);
      assertThat(log.endOffsetForLeaderEpoch(7)).isEqualTo(6);
      assertThat(log.endOffsetForLeaderEpoch(1)).isEqualTo(-1);
    }
    assertThat(Files.readAllLines(dir.resolve("leader-epoch-checkpoint")))
        .containsExactly("0", "3", "2 0", "5 3", "7 5");
  }

  @Test
  void shouldDropEpochsStartingAboveRecoveredEndWhenTailIsTorn() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(batch(T0, "a", "b"), 1);
      log.append(batch(T0, "c"), 3);
    }
    Path segment = dir.resolve(FIRST_SEGMENT);
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(Files.size(segment) - 1);
    }

    // when
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      // then
      assertThat(log.logEndOffset()).isEqualTo(2);
      assertThat(log.latestEpoch()).isEqualTo(1);
      assertThat(log.endOffsetForLeaderEpoch(1)).isEqualTo(2);
      assertThat(log.endOffsetForLeaderEpoch(3)).isEqualTo(-1);
    }
  }

  @Test
  void shouldCutLaterSegmentsWhenAnUnflushedMiddleSegmentIsCorrupt() throws IOException {
    // given
    int batchSize = sized(100, T0).sizeInBytes();
    LogConfig config = LogConfig.defaults().withSegmentBytes(batchSize * 4L);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 4; i++) {
        log.append(sized(100, T0), 0);
      }
      log.flush();
      for (int i = 0; i < 8; i++) {
        log.append(sized(100, T0), 0);
      }
    }
    // simulate a crash: the recovery point stays at offset 4, the segment of 4-7 loses a byte
    Files.writeString(dir.resolve("recovery-point-offset"), "0\n4\n");
    Path middle = dir.resolve("00000000000000000004.log");
    byte[] bytes = Files.readAllBytes(middle);
    bytes[batchSize + 70] ^= 1;
    Files.write(middle, bytes);

    // when
    try (LogCapture logs = new LogCapture(LogLoader.class);
        PartitionLog log = PartitionLog.open(dir, config)) {
      // then
      assertThat(log.logEndOffset()).isEqualTo(5);
      assertThat(log.segmentCount()).isEqualTo(2);
      assertThat(Files.exists(dir.resolve("00000000000000000008.log"))).isFalse();
      assertThat(readAll(log)).containsExactlyElementsOf(range(0, 5));
      assertThat(logs.messages()).filteredOn(message -> message.contains("CHR-2001")).hasSize(2);
    }
  }

  @Test
  void shouldKeepLogStartOffsetWhenReopenedAfterDeleteRecords() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(batch(T0, "a", "b", "c"), 0);
      log.append(batch(T0, "d"), 0);
      log.deleteRecordsBefore(2);
    }

    // when
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      // then
      assertThat(log.logStartOffset()).isEqualTo(2);
      assertThat(log.logEndOffset()).isEqualTo(4);
    }
  }

  private void appendThreeBatchesAndClose() throws IOException {
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
      log.append(batch(T0, "a", "b"), 1);
      log.append(batch(T0, "c", "d"), 1);
      log.append(batch(T0, "e", "f"), 1);
    }
  }

  private static List<Long> readAll(PartitionLog log) {
    List<Long> offsets = new ArrayList<>();
    long next = log.logStartOffset();
    while (next < log.logEndOffset()) {
      FetchData data = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true);
      offsets.addAll(offsets(data.records()));
      next = offsets.get(offsets.size() - 1) + 1;
    }
    return offsets;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }
}
