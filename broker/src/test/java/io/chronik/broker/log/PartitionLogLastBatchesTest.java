package io.chronik.broker.log;

import static io.chronik.broker.log.TestRecords.batch;
import static io.chronik.broker.log.TestRecords.sized;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogLastBatchesTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void shouldReportStoredHeadersOfLastBatchesBelowLimitWhenTheySpanSegments() throws IOException {
    // given: 12 batches of 2 records, 3 batches per segment, an index entry every batch
    MemoryRecords probe = batch(T0, "a", "b");
    int batchSize = probe.sizeInBytes();
    LogConfig config =
        new LogConfig(3L * batchSize, LogConfig.DEFAULT_SEGMENT_MS, -1, -1, batchSize / 2);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 12; i++) {
        log.append(batch(T0 + i, "v" + i, "w" + i), 7);
      }
      assertThat(log.segmentCount()).isGreaterThan(3);

      // when
      List<BatchSummary> last = log.lastBatches(19, 5);
      List<BatchSummary> all = log.lastBatches(Long.MAX_VALUE, 100);

      // then: batches [8..9] .. [16..17] end below 19; [18..19] does not
      assertThat(last).extracting(BatchSummary::baseOffset).containsExactly(8L, 10L, 12L, 14L, 16L);
      assertThat(last.stream().map(BatchSummary::lastOffset))
          .containsExactly(9L, 11L, 13L, 15L, 17L);
      assertThat(all).hasSize(12);
      assertThat(all).allSatisfy(b -> assertThat(b.crcValid()).isTrue());
      assertThat(all).allSatisfy(b -> assertThat(b.leaderEpoch()).isEqualTo(7));
      RecordBatch stored =
          log.read(16, Integer.MAX_VALUE, 18, true).records().batches().iterator().next();
      assertThat(last.get(4).crc()).isEqualTo(stored.checksum());
      assertThat(last.get(4).sizeBytes()).isEqualTo(stored.sizeInBytes());
    }
  }

  @Test
  void shouldReturnLastBatchesWithoutIndexEntriesWhenSegmentIsLarge() throws IOException {
    // given: one segment with no index entry near its end
    LogConfig config = LogConfig.defaults();
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 20; i++) {
        log.append(sized(100, T0 + i), 1);
      }

      // when
      List<BatchSummary> last = log.lastBatches(log.logEndOffset(), 5);

      // then
      assertThat(last)
          .extracting(BatchSummary::baseOffset)
          .containsExactly(15L, 16L, 17L, 18L, 19L);
    }
  }

  @Test
  void shouldFlagBatchWhenItsBytesNoLongerMatchItsStoredCrc() throws IOException {
    // given: a closed log whose second batch, in a closed segment, had a payload byte flipped
    int batchSize = sized(100, T0).sizeInBytes();
    LogConfig config = LogConfig.defaults().withSegmentBytes(2L * batchSize);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      for (int i = 0; i < 3; i++) {
        log.append(sized(100, T0 + i), 1);
      }
    }
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".log")).sorted().findFirst().orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'!'}), batchSize + batchSize - 10L);
    }

    // when: the tail scan on open checks only from the recovery point on, which a clean close
    // moved past the damage
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      List<BatchSummary> last = log.lastBatches(log.logEndOffset(), 5);

      // then
      assertThat(last).extracting(BatchSummary::crcValid).containsExactly(true, false, true);
    }
  }
}
