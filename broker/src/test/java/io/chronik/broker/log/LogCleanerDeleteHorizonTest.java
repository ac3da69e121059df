package io.chronik.broker.log;

import static io.chronik.broker.log.LogCleanerTest.readAll;
import static io.chronik.broker.log.TestRecords.keyed;
import static io.chronik.broker.log.TestRecords.kv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the log cleaner learns when kept tombstones are due after the log was opened: from the batch
 * headers ({@link DeleteHorizonScan}), read in blocks through the cleaner's I/O, and only when the
 * log is not due for its dirt anyway.
 */
class LogCleanerDeleteHorizonTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final Compression NONE = Compression.NONE;

  /** Compacted, segments of 256 KiB, any dirt due (min.cleanable.dirty.ratio 0). */
  private static final LogConfig EAGER =
      LogConfig.defaults()
          .withSegmentBytes(256 << 10)
          .withCleanup(new LogCleanup(false, true, 0, DAY, 0, Long.MAX_VALUE));

  /** Compacted, a segment per batch, the default dirty ratio (0.5). */
  private static final LogConfig ONE_BATCH_PER_SEGMENT =
      LogConfig.defaults().withSegmentBytes(1).withCleanup(LogCleanup.compacted());

  @TempDir Path dir;

  @Test
  void shouldFindTheEarliestDeleteHorizonOfTheBatchHeadersWhereverTheyFallInTheBlocks()
      throws IOException {
    // given: batches of 50 B to 20 KiB (their headers straddle the blocks), some tombstones,
    // kept by two cleanings an hour apart (keys k0.. then k1000..)
    Random random = new Random(7);
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      appendRandom(log, random, 0);
      new LogCleaner().clean(log, T0, Map.of());
      appendRandom(log, random, 1_000);
      new LogCleaner().clean(log, T0 + HOUR, Map.of());
      List<CleanerView.Segment> closed = log.cleanable().view().closed();
      CleanerIo io = CleanerIo.unlimited();

      // when
      long found = new DeleteHorizonScan(io).earliest(closed);

      // then: what Kafka's reading of every batch header finds
      assertThat(closed).hasSizeGreaterThan(4);
      assertThat(found).isEqualTo(kafkasEarliestHorizon(closed)).isEqualTo(T0 + DAY);
      assertThat(io.bytesRead()).isPositive().isLessThanOrEqualTo(bytes(closed));
    }
  }

  @Test
  void shouldReadLittleMoreThanTheHeadersWhenBatchesAreLargerThanABlock() throws IOException {
    // given: ten batches of 64 KiB in one closed segment
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      for (int i = 0; i < 10; i++) {
        log.append(keyed(NONE, new SimpleRecord(T0, key(i), new byte[64 << 10])), 0);
      }
      log.updateConfig(ONE_BATCH_PER_SEGMENT);
      log.append(keyed(NONE, kv(T0, "z", "1")), 0);
      List<CleanerView.Segment> closed = log.cleanable().view().closed();
      CleanerIo io = CleanerIo.unlimited();

      // when
      long found = new DeleteHorizonScan(io).earliest(closed);

      // then: a block for the first batch of each segment, a header for each other
      int segments = closed.size();
      int header = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
      assertThat(found).isEqualTo(RecordBatch.NO_TIMESTAMP);
      assertThat(segments).isBetween(2, 5);
      assertThat(io.bytesRead())
          .isEqualTo(segments * (long) DeleteHorizonScan.BLOCK_BYTES + (10 - segments) * header);
    }
  }

  @Test
  void shouldReadSmallBatchesABlockAtATime() throws IOException {
    // given: 5,000 batches of about 100 bytes
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      for (int i = 0; i < 5_000; i++) {
        log.append(keyed(NONE, kv(T0, "k" + i, "v".repeat(30))), 0);
      }
      log.updateConfig(ONE_BATCH_PER_SEGMENT);
      log.append(keyed(NONE, kv(T0, "z", "1")), 0);
      List<CleanerView.Segment> closed = log.cleanable().view().closed();
      CleanerIo io = CleanerIo.unlimited();

      // when
      new DeleteHorizonScan(io).earliest(closed);

      // then: each byte about once (a block ends inside a batch, read again with the next)
      assertThat(io.bytesRead()).isBetween(bytes(closed), bytes(closed) + bytes(closed) / 20);
    }
  }

  @Test
  void shouldFailOnABatchHeaderThatIsNotOne() throws IOException {
    // given: the magic byte of the second batch damaged
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      int second = log.read(0, 1 << 20, Long.MAX_VALUE, true).records().sizeInBytes();
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      log.updateConfig(ONE_BATCH_PER_SEGMENT);
      log.append(keyed(NONE, kv(T0, "z", "1")), 0);
      List<CleanerView.Segment> closed = log.cleanable().view().closed();
      try (FileChannel channel =
          FileChannel.open(closed.get(0).segment().file(), StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(new byte[] {7}), second + Records.MAGIC_OFFSET);
      }

      // when / then
      assertThatThrownBy(() -> new DeleteHorizonScan(CleanerIo.unlimited()).earliest(closed))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("no v2 batch header at position " + second);
    }
  }

  @Test
  void shouldStopReadingWhenTheCleanerStops() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, ONE_BATCH_PER_SEGMENT)) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      List<CleanerView.Segment> closed = log.cleanable().view().closed();
      CleanerIo io = CleanerIo.unlimited();

      // when
      io.stop();

      // then
      assertThatThrownBy(() -> new DeleteHorizonScan(io).earliest(closed))
          .isInstanceOf(InterruptedIOException.class);
      assertThat(io.bytesRead()).isZero();
    }
  }

  @Test
  void shouldReadNoBatchHeaderAfterAReopenWhenTheLogIsDueForItsDirt() throws IOException {
    // given: a tombstone kept by a cleaning; the log reopened and written to (dirty ratio 0.6)
    try (PartitionLog log = PartitionLog.open(dir, ONE_BATCH_PER_SEGMENT)) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", null)), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      new LogCleaner().clean(log, T0, Map.of());
    }
    try (PartitionLog log = PartitionLog.open(dir, ONE_BATCH_PER_SEGMENT)) {
      log.append(keyed(NONE, kv(T0 + HOUR, "c", "1")), 0);
      log.append(keyed(NONE, kv(T0 + HOUR, "b", "2")), 0);
      log.append(keyed(NONE, kv(T0 + HOUR, "d", "1")), 0);
      LogCleaner cleaner = new LogCleaner();

      // when: due for its dirt, it is inspected and cleaned; then the tombstone's horizon passes
      LogCleaner.Dirt dirty = cleaner.inspect(log, T0 + HOUR);
      long horizonBeforeTheRun = log.cleanable().view().earliestDeleteHorizon();
      CleanResult result = cleaner.clean(log, T0 + HOUR, Map.of());
      LogCleaner.Dirt tombstones = cleaner.inspect(log, T0 + DAY);

      // then: no batch header read; the run found the tombstone it kept
      assertThat(dirty.due()).isTrue();
      assertThat(dirty.reason()).contains("min.cleanable.dirty.ratio");
      assertThat(horizonBeforeTheRun).isEqualTo(CleanerView.UNKNOWN_HORIZON);
      assertThat(cleaner.io().bytesRead()).isEqualTo(result.bytesMapped() + result.bytesRead());
      assertThat(tombstones.due()).isTrue();
      assertThat(tombstones.reason()).contains("delete.retention.ms");
      cleaner.clean(log, T0 + DAY, Map.of());
      assertThat(readAll(log)).containsExactly("3:c=1", "4:b=2", "5:d=1");
    }
  }

  /** 300 batches of one record each, keys from {@code firstKey}, 50 B to 20 KiB, 1 in 8 deletes. */
  private static void appendRandom(PartitionLog log, Random random, int firstKey) {
    for (int i = 0; i < 300; i++) {
      byte[] value = random.nextInt(8) == 0 ? null : new byte[50 + random.nextInt(20_000)];
      log.append(keyed(NONE, new SimpleRecord(T0, key(firstKey + i), value)), 0);
    }
  }

  private static byte[] key(int k) {
    return ("k" + k).getBytes(StandardCharsets.UTF_8);
  }

  private static long bytes(List<CleanerView.Segment> closed) {
    return closed.stream().mapToLong(CleanerView.Segment::size).sum();
  }

  /** The earliest delete horizon, from kafka-clients' reading of each batch header. */
  private static long kafkasEarliestHorizon(List<CleanerView.Segment> closed) throws IOException {
    long earliest = Long.MAX_VALUE;
    for (CleanerView.Segment s : closed) {
      FileRecords records = FileRecords.open(s.segment().file().toFile(), false, true, 0, false);
      try {
        for (FileChannelRecordBatch batch : records.batches()) {
          OptionalLong horizon = batch.deleteHorizonMs();
          if (horizon.isPresent()) {
            earliest = Math.min(earliest, horizon.getAsLong());
          }
        }
      } finally {
        records.closeHandlers();
      }
    }
    return earliest == Long.MAX_VALUE ? RecordBatch.NO_TIMESTAMP : earliest;
  }
}
