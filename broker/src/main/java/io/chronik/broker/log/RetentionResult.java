package io.chronik.broker.log;

/**
 * What {@link PartitionLog#applyRetention} removed.
 *
 * @param deletedSegments whole segments deleted
 * @param deletedBytes their size
 * @param newLogStartOffset the log start offset afterwards
 */
public record RetentionResult(int deletedSegments, long deletedBytes, long newLogStartOffset) {}
