package io.chronik.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogConcurrencyTest {

  private static final int BATCHES = 3000;

  @TempDir Path dir;

  @Test
  void shouldNeverReturnPartialBatchWhenReadingWhileAppendingRollingAndDeleting() throws Exception {
    // given: small segments and a size limit, so rolls and retention run during the reads
    LogConfig config = new LogConfig(64 * 1024, Long.MAX_VALUE, -1, 256 * 1024, 1024);
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      AtomicBoolean writing = new AtomicBoolean(true);

      // when
      CompletableFuture<Integer> writer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  Random random = new Random(1);
                  long next = 0;
                  for (int i = 0; i < BATCHES; i++) {
                    int count = 1 + random.nextInt(5);
                    log.append(batchOf(next, count, random), i / 1000);
                    next += count;
                    if (i % 100 == 0) {
                      log.applyRetention(0);
                    }
                  }
                  return BATCHES;
                } finally {
                  writing.set(false);
                }
              });
      CompletableFuture<Long> reader =
          CompletableFuture.supplyAsync(
              () -> {
                Random random = new Random(2);
                long checkedBatches = 0;
                while (writing.get() || checkedBatches == 0) {
                  long start = log.logStartOffset();
                  long end = log.logEndOffset();
                  long offset = start + (long) (random.nextDouble() * (end - start + 1));
                  try {
                    FetchData data = log.read(offset, 1 + random.nextInt(20_000), end, true);
                    checkedBatches += verify(data, offset);
                  } catch (OffsetOutOfRangeException e) {
                    assertThat(offset).isLessThan(log.logStartOffset());
                  }
                }
                return checkedBatches;
              });

      // then
      assertThat(writer.get(60, TimeUnit.SECONDS)).isEqualTo(BATCHES);
      assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
      assertThat(log.segmentCount()).isGreaterThan(1);
      assertThat(log.logStartOffset()).isPositive();
    }
  }

  /** Checks whole, valid, contiguous batches whose record values name their own offsets. */
  private static long verify(FetchData data, long offset) {
    if (data.isEmpty()) {
      return 0;
    }
    long batches = 0;
    long expected = data.firstOffset();
    for (RecordBatch batch : data.records().batches()) {
      assertThat(batch.isValid()).isTrue();
      assertThat(batch.baseOffset()).isEqualTo(expected);
      if (batches == 0) {
        assertThat(offset).isBetween(batch.baseOffset(), batch.lastOffset());
      }
      for (Record record : batch) {
        String value = StandardCharsets.UTF_8.decode(record.value()).toString();
        assertThat(value).startsWith("r" + record.offset() + ":");
      }
      expected = batch.lastOffset() + 1;
      batches++;
    }
    assertThat(batches).isPositive();
    return batches;
  }

  private static MemoryRecords batchOf(long firstOffset, int count, Random random) {
    SimpleRecord[] records = new SimpleRecord[count];
    for (int i = 0; i < count; i++) {
      String value = "r" + (firstOffset + i) + ":" + "x".repeat(random.nextInt(300));
      records[i] = new SimpleRecord(firstOffset, value.getBytes(StandardCharsets.UTF_8));
    }
    return MemoryRecords.withRecords(
        random.nextBoolean() ? Compression.NONE : Compression.lz4().build(), records);
  }
}
