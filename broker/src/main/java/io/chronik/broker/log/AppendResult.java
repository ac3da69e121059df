package io.chronik.broker.log;

/**
 * What {@link PartitionLog#append} assigned.
 *
 * @param firstOffset the base offset of the first appended batch
 * @param lastOffset the last offset of the last appended batch
 * @param maxTimestamp the largest batch max timestamp of the append (-1 when none carried one)
 * @param recordCount the records in all appended batches
 */
public record AppendResult(long firstOffset, long lastOffset, long maxTimestamp, int recordCount) {}
