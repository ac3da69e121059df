package io.chronik.broker.log;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The batches of one {@link PartitionLog#append}, checked whole before any byte is written: every
 * batch is magic v2 with a non-negative {@code lastOffsetDelta} and a valid CRC-32C, and the buffer
 * holds no trailing partial batch. It also says whether they need a new segment, and gives them
 * their offsets.
 *
 * @param bytes the size of all batches
 * @param offsets how many offsets the batches take
 * @param maxTimestamp the largest batch max timestamp (-1 when none carried one)
 */
record IncomingBatches(MemoryRecords records, int bytes, long offsets, long maxTimestamp) {

  /**
   * Checks {@code records}.
   *
   * @throws IllegalArgumentException when {@code records} holds no batch, a batch that is not magic
   *     v2 or has a negative offset delta, or a trailing partial batch
   * @throws CorruptRecordException when a batch fails its CRC-32C
   */
  static IncomingBatches check(MemoryRecords records) {
    int batches = 0;
    int bytes = 0;
    long offsets = 0;
    long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    for (MutableRecordBatch batch : records.batches()) {
      if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
        throw new IllegalArgumentException("record batch magic " + batch.magic() + ", need v2");
      }
      long delta = batch.lastOffset() - batch.baseOffset();
      if (delta < 0) {
        throw new IllegalArgumentException("negative lastOffsetDelta " + delta);
      }
      if (!batch.isValid()) {
        throw new CorruptRecordException("record batch " + batches + " fails its CRC-32C");
      }
      batches++;
      bytes += batch.sizeInBytes();
      offsets += delta + 1;
      maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
    }
    if (batches == 0) {
      throw new IllegalArgumentException("no record batches to append");
    }
    if (bytes != records.sizeInBytes()) {
      throw new IllegalArgumentException(
          "trailing partial batch: " + (records.sizeInBytes() - bytes) + " bytes");
    }
    return new IncomingBatches(records, bytes, offsets, maxTimestamp);
  }

  /**
   * Why the active segment must roll before these batches go in, or null when they fit: they would
   * overflow {@code segment.bytes} or the segment's 32-bit relative offsets, or the segment is
   * {@code segment.ms} old ({@link LogConfig#rollMs}: sooner for a compacted log with a shorter
   * {@code max.compaction.lag.ms}). Age is Kafka's: these batches' max timestamp minus the
   * segment's first batch timestamp, so replicas agree; only a segment without timestamps ages by
   * the local clock since its creation. An empty segment never rolls.
   */
  String rollReason(LogSegment active, long logEndOffset, LogConfig config, long nowMs) {
    int size = active.sizeInBytes();
    if (size == 0) {
      return null;
    }
    if (size + (long) bytes > config.segmentBytes()) {
      return "size";
    }
    if (active.age(maxTimestamp, nowMs) > config.rollMs()) {
      return "age";
    }
    if (logEndOffset + offsets - 1 - active.baseOffset() > Integer.MAX_VALUE) {
      return "offset range";
    }
    return null;
  }

  /**
   * Gives the batches dense offsets from {@code first} and the leader epoch, in place in the
   * buffer: {@code baseOffset} and {@code partitionLeaderEpoch} sit outside the CRC-32C, so nothing
   * is re-encoded.
   */
  AppendResult assignOffsets(long first, int leaderEpoch) {
    long next = first;
    int recordCount = 0;
    for (MutableRecordBatch batch : records.batches()) {
      long delta = batch.lastOffset() - batch.baseOffset();
      batch.setLastOffset(next + delta);
      batch.setPartitionLeaderEpoch(leaderEpoch);
      next += delta + 1;
      recordCount += batch.countOrNull();
    }
    return new AppendResult(first, next - 1, maxTimestamp, recordCount);
  }
}
