package io.chronik.broker.log;

import static io.chronik.broker.log.LogCleanerTest.readAll;
import static io.chronik.broker.log.TestRecords.keyed;
import static io.chronik.broker.log.TestRecords.kv;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log cleaner writes only the segments whose cleaning changes them: a segment that comes out
 * unchanged costs reads, no write; one that changes late is written from its first byte, with the
 * unchanged bytes before the change copied over.
 */
class LogCleanerUnchangedSegmentTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final Compression NONE = Compression.NONE;

  /** A compacted log whose every batch gets a segment of its own (segment.bytes 1). */
  private static final LogConfig ONE_BATCH_PER_SEGMENT =
      LogConfig.defaults().withSegmentBytes(1).withCleanup(LogCleanup.compacted());

  /** Room for segments of several MiB. */
  private static final LogConfig LARGE_SEGMENTS =
      LogConfig.defaults().withSegmentBytes(8 << 20).withCleanup(LogCleanup.compacted());

  @TempDir Path dir;

  @Test
  void shouldWriteNothingWhenNoSegmentChanges() throws IOException {
    // given: one version of each key, a segment each
    try (PartitionLog log = PartitionLog.open(dir, ONE_BATCH_PER_SEGMENT)) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      log.append(keyed(NONE, kv(T0, "c", "1")), 0);
      log.append(keyed(NONE, kv(T0, "d", "1")), 0);
      Map<String, List<Object>> files = files();
      LogCleaner cleaner = new LogCleaner();

      // when
      CleanResult result = cleaner.clean(log, T0, Map.of());

      // then: every closed segment read, none written, the files as they were
      assertThat(result.cleaned()).isTrue();
      assertThat(result.segmentsRead()).isEqualTo(3);
      assertThat(result.segmentsWritten()).isZero();
      assertThat(result.bytesWritten()).isZero();
      assertThat(cleaner.io().bytesWritten()).isZero();
      assertThat(cleaner.io().bytesRead()).isPositive();
      assertThat(files()).isEqualTo(files);
      assertThat(log.cleanedUpTo()).isEqualTo(3);
      assertThat(readAll(log)).containsExactly("0:a=1", "1:b=1", "2:c=1", "3:d=1");
    }
  }

  @Test
  void shouldWriteOnlyTheSegmentsThatChange() throws IOException {
    // given: a=1 overwritten by a=2 three segments later; b and c written once
    try (PartitionLog log = PartitionLog.open(dir, ONE_BATCH_PER_SEGMENT)) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      log.append(keyed(NONE, kv(T0, "c", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "d", "1")), 0);
      List<Object> second = files().get("00000000000000000001.log");
      LogCleaner cleaner = new LogCleaner();

      // when
      CleanResult result = cleaner.clean(log, T0, Map.of());

      // then: the first segment alone was written (its batch kept, empty); the others stay
      assertThat(result.segmentsRead()).isEqualTo(4);
      assertThat(result.segmentsWritten()).isEqualTo(1);
      long firstSize = Files.size(dir.resolve("00000000000000000000.log"));
      assertThat(firstSize).isEqualTo(DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
      assertThat(result.bytesWritten()).isEqualTo(firstSize);
      assertThat(cleaner.io().bytesWritten()).isEqualTo(firstSize);
      assertThat(files().get("00000000000000000001.log")).isEqualTo(second);
      assertThat(readAll(log)).containsExactly("1:b=1", "2:c=1", "3:a=2", "4:d=1");
    }
  }

  @Test
  void shouldCopyTheUnchangedBytesBeforeAChangeThatComesLateInASegment() throws IOException {
    // given: a segment of 1,500 keys (about 1.6 MiB, more than one read of the cleaner), whose
    // key 1,400 a later segment overwrites, and a segment that will not change
    try (PartitionLog log = PartitionLog.open(dir, LARGE_SEGMENTS)) {
      for (int k = 0; k < 1_500; k++) {
        log.append(keyed(NONE, new SimpleRecord(T0 + k, key(k), value('a'))), 0);
      }
      log.updateConfig(ONE_BATCH_PER_SEGMENT);
      log.append(keyed(NONE, new SimpleRecord(T0 + 2_000, key(1_400), value('b'))), 0);
      log.append(keyed(NONE, kv(T0 + 2_001, "z", "1")), 0);
      long segmentBytes = Files.size(dir.resolve("00000000000000000000.log"));
      LogCleaner cleaner = new LogCleaner();

      // when
      CleanResult result = cleaner.clean(log, T0 + 3_000, Map.of());

      // then: only the first segment was written: its whole output, once
      long cleanedBytes = Files.size(dir.resolve("00000000000000000000.log"));
      assertThat(segmentBytes).isGreaterThan(1 << 20);
      assertThat(result.segmentsWritten()).isEqualTo(1);
      assertThat(result.recordsRemoved()).isEqualTo(1);
      assertThat(cleanedBytes).isEqualTo(segmentBytes - result.bytesRemoved());
      assertThat(result.bytesWritten()).isEqualTo(cleanedBytes);
      assertThat(keys(log)).hasSize(1_501).doesNotContain("1400:k1400=a").contains("1500:k1400=b");
      assertThat(keys(log).subList(0, 3)).containsExactly("0:k0=a", "1:k1=a", "2:k2=a");
      // and the indexes of the copied part and of the rest find their batches
      assertThat(log.read(700, 1 << 20, Long.MAX_VALUE, true).firstOffset()).isEqualTo(700);
      assertThat(log.read(1_450, 1 << 20, Long.MAX_VALUE, true).firstOffset()).isEqualTo(1_450);
      assertThat(log.offsetForTimestamp(T0 + 700)).contains(new TimestampOffset(T0 + 700, 700));
    }
    // and a recovery scan of every segment finds the same log
    Files.delete(dir.resolve(LogLoader.RECOVERY_POINT_FILE));
    try (PartitionLog log = PartitionLog.open(dir, ONE_BATCH_PER_SEGMENT)) {
      assertThat(keys(log)).hasSize(1_501).contains("1399:k1399=a", "1401:k1401=a");
    }
  }

  @Test
  void shouldCopyTheUnchangedBytesBeforeABatchLargerThanTheCleanersReadThatChanges()
      throws IOException {
    // given: small batches, then a batch of 1.5 MiB that a later segment overwrites
    try (PartitionLog log = PartitionLog.open(dir, LARGE_SEGMENTS)) {
      for (int k = 0; k < 100; k++) {
        log.append(keyed(NONE, new SimpleRecord(T0, key(k), value('a'))), 0);
      }
      byte[] large = new byte[3 << 19];
      log.append(keyed(NONE, new SimpleRecord(T0, key(100), large)), 0);
      log.append(keyed(NONE, new SimpleRecord(T0, key(101), value('a'))), 0);
      log.updateConfig(ONE_BATCH_PER_SEGMENT);
      log.append(keyed(NONE, new SimpleRecord(T0, key(100), value('b'))), 0);
      log.append(keyed(NONE, kv(T0, "z", "1")), 0);
      LogCleaner cleaner = new LogCleaner();

      // when
      CleanResult result = cleaner.clean(log, T0, Map.of());

      // then
      assertThat(result.segmentsWritten()).isEqualTo(1);
      assertThat(result.bytesWritten())
          .isEqualTo(Files.size(dir.resolve("00000000000000000000.log")));
      assertThat(keys(log))
          .hasSize(103)
          .contains("99:k99=a", "101:k101=a", "102:k100=b")
          .noneMatch(k -> k.startsWith("100:"));
    }
  }

  private static byte[] key(int k) {
    return ("k" + k).getBytes(StandardCharsets.UTF_8);
  }

  /** A value of 1,000 bytes, all {@code c}. */
  private static byte[] value(char c) {
    return String.valueOf(c).repeat(1_000).getBytes(StandardCharsets.UTF_8);
  }

  /** Every record from the log start: "offset:key=first character of the value". */
  private static List<String> keys(PartitionLog log) {
    List<String> out = new ArrayList<>();
    long next = log.logStartOffset();
    while (next < log.logEndOffset()) {
      for (RecordBatch batch : log.read(next, 1 << 20, Long.MAX_VALUE, true).records().batches()) {
        for (Record record : batch) {
          if (record.offset() >= next) {
            char first = record.value().remaining() == 0 ? '-' : (char) record.value().get();
            out.add(
                record.offset() + ":" + StandardCharsets.UTF_8.decode(record.key()) + "=" + first);
          }
        }
        next = batch.lastOffset() + 1;
      }
    }
    return out;
  }

  /** Each segment file of the log's directory: its size, modification time and inode. */
  private Map<String, List<Object>> files() throws IOException {
    Map<String, List<Object>> out = new TreeMap<>(LogCleanerCheckpointTest.files(dir));
    out.keySet().removeIf(name -> !name.matches("\\d{20}\\..*"));
    return out;
  }
}
