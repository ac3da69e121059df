package io.chronik.broker.log;

import static io.chronik.broker.log.TestRecords.batch;
import static io.chronik.broker.log.TestRecords.bytes;
import static io.chronik.broker.log.TestRecords.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Crc32C;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final int CRC_OFFSET = 17;
  private static final int ATTRIBUTES_OFFSET = 21;
  private static final int LAST_OFFSET_DELTA_OFFSET = 23;

  @Test
  void shouldSummarizeRecordsWhenBatchesAreValid() {
    // given
    MemoryRecords records =
        concat(
            batch(Compression.zstd().build(), T0, "a", "b"),
            MemoryRecords.withIdempotentRecords(
                Compression.NONE, 7L, (short) 0, 0, new SimpleRecord(T0 + 9, "c".getBytes())));

    // when
    ValidatedRecords validated = BatchValidator.validate(records);

    // then
    assertThat(validated).isEqualTo(new ValidatedRecords(2, 3, T0 + 9, CompressionType.ZSTD, true));
  }

  @Test
  void shouldRejectBatchWhenCrcDoesNotMatch() {
    // given
    byte[] bytes = bytes(batch(T0, "payload"));
    bytes[bytes.length - 2] ^= 0x01;

    // when / then
    assertThatThrownBy(() -> BatchValidator.validate(wrap(bytes)))
        .isInstanceOf(CorruptRecordException.class);
  }

  @Test
  void shouldRejectBatchWhenMagicIsV1() {
    // given
    MemoryRecords legacy =
        MemoryRecords.withRecords(
            RecordBatch.MAGIC_VALUE_V1, Compression.NONE, new SimpleRecord(T0, "old".getBytes()));

    // when / then
    assertThatThrownBy(() -> BatchValidator.validate(legacy))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("magic 1");
  }

  @Test
  void shouldRejectRecordsWhenLastBatchIsTruncated() {
    // given
    byte[] bytes = bytes(concat(batch(T0, "a"), batch(T0, "b")));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 4);

    // when / then
    assertThatThrownBy(() -> BatchValidator.validate(wrap(truncated)))
        .isInstanceOf(CorruptRecordException.class);
  }

  @Test
  void shouldRejectBatchWhenLengthFieldIsBelowTheHeaderSize() {
    // given
    byte[] bytes = bytes(batch(T0, "a"));
    ByteBuffer.wrap(bytes).putInt(8, 5);

    // when / then
    assertThatThrownBy(() -> BatchValidator.validate(wrap(bytes)))
        .isInstanceOf(CorruptRecordException.class);
  }

  @Test
  void shouldRejectRecordsWhenEmpty() {
    assertThatThrownBy(() -> BatchValidator.validate(MemoryRecords.EMPTY))
        .isInstanceOf(InvalidRecordException.class);
  }

  @Test
  void shouldRejectBatchWhenLastOffsetDeltaDisagreesWithRecordCount() {
    // given: lastOffsetDelta 1 -> 5, with a CRC recomputed so that only the counts disagree
    byte[] bytes = bytes(batch(T0, "a", "b"));
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.putInt(LAST_OFFSET_DELTA_OFFSET, 5);
    long crc = Crc32C.compute(bytes, ATTRIBUTES_OFFSET, bytes.length - ATTRIBUTES_OFFSET);
    buffer.putInt(CRC_OFFSET, (int) crc);

    // when / then
    assertThatThrownBy(() -> BatchValidator.validate(wrap(bytes)))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("reports 2 records");
  }

  @Test
  void shouldRejectBatchWhenLargerThanTheLimit() {
    // given
    MemoryRecords records = batch(T0, "x".repeat(2000));

    // when / then
    assertThatThrownBy(() -> BatchValidator.validate(records, 1000))
        .isInstanceOf(RecordTooLargeException.class);
    assertThat(BatchValidator.validate(records, records.sizeInBytes()).recordCount()).isOne();
  }

  private static MemoryRecords wrap(byte[] bytes) {
    return MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
  }
}
