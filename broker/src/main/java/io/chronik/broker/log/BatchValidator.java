package io.chronik.broker.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Validates the record batches of a Produce before they enter Raft, with the checks of Kafka's
 * {@code LogValidator} that need no decompression. Only batch headers and CRCs are read.
 *
 * <ul>
 *   <li>{@link CorruptRecordException}: a CRC-32C mismatch, a batch shorter than its header, a bad
 *       length field, a truncated last batch (Kafka error CORRUPT_MESSAGE).
 *   <li>{@link InvalidRecordException}: no batches, magic other than v2, a record count that
 *       disagrees with {@code lastOffsetDelta}, a control batch from a client, a producer id
 *       without a base sequence (Kafka error INVALID_RECORD).
 *   <li>{@link RecordTooLargeException}: a batch above the size limit (MESSAGE_TOO_LARGE).
 * </ul>
 *
 * <p>Kafka's Produce v3+ allows one batch per partition; enforcing that is the request handler's
 * job, since the log itself stores any number of batches per append.
 */
public final class BatchValidator {

  private BatchValidator() {}

  /** Validates {@code records} with no batch size limit. */
  public static ValidatedRecords validate(MemoryRecords records) {
    return validate(records, Integer.MAX_VALUE);
  }

  /**
   * Validates {@code records}, refusing a batch larger than {@code maxBatchBytes} ({@code
   * max.message.bytes}).
   */
  public static ValidatedRecords validate(MemoryRecords records, int maxBatchBytes) {
    if (records.sizeInBytes() == 0) {
      throw new InvalidRecordException("the produce request holds no record batch");
    }
    int batches = 0;
    int bytes = 0;
    long recordCount = 0;
    long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    CompressionType compression = null;
    boolean hasProducerId = false;
    for (MutableRecordBatch batch : records.batches()) {
      if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
        throw new InvalidRecordException(
            "record batch " + batches + " has magic " + batch.magic() + "; only v2 is accepted");
      }
      if (batch.sizeInBytes() > maxBatchBytes) {
        throw new RecordTooLargeException(
            "record batch of "
                + batch.sizeInBytes()
                + " bytes exceeds the limit of "
                + maxBatchBytes);
      }
      batch.ensureValid();
      checkCounts(batch, batches);
      if (batch.isControlBatch()) {
        throw new InvalidRecordException("clients may not write control batches");
      }
      if (batch.hasProducerId() && batch.baseSequence() < 0) {
        throw new InvalidRecordException(
            "record batch with producer id "
                + batch.producerId()
                + " has base sequence "
                + batch.baseSequence());
      }
      if (compression == null) {
        compression = batch.compressionType();
      }
      hasProducerId |= batch.hasProducerId();
      maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
      recordCount += batch.countOrNull();
      bytes += batch.sizeInBytes();
      batches++;
    }
    if (bytes != records.sizeInBytes()) {
      throw new CorruptRecordException(
          "truncated record batch: "
              + (records.sizeInBytes() - bytes)
              + " trailing bytes after "
              + batches
              + " batches");
    }
    if (recordCount > Integer.MAX_VALUE) {
      throw new InvalidRecordException("too many records: " + recordCount);
    }
    return new ValidatedRecords(
        batches, (int) recordCount, maxTimestamp, compression, hasProducerId);
  }

  private static void checkCounts(RecordBatch batch, int index) {
    long countFromOffsets = batch.lastOffset() - batch.baseOffset() + 1;
    Integer count = batch.countOrNull();
    if (countFromOffsets <= 0 || count == null || count <= 0 || count != countFromOffsets) {
      throw new InvalidRecordException(
          "record batch "
              + index
              + " reports "
              + count
              + " records for offset range ["
              + batch.baseOffset()
              + ", "
              + batch.lastOffset()
              + "]");
    }
  }
}
