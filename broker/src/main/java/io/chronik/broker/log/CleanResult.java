package io.chronik.broker.log;

/**
 * What one run of the {@link LogCleaner} on a partition log did.
 *
 * @param cleaned whether it ran (the log was due and nothing changed it meanwhile)
 * @param segmentsRead the closed segments read and filtered
 * @param segmentsWritten the cleaned segments swapped in (several old ones may merge into one)
 * @param bytesRead the bytes of the segments read
 * @param bytesRemoved the bytes that the swapped-in segments no longer hold
 * @param recordsRead the records of the segments read
 * @param recordsRemoved the records dropped: older values of a key, expired tombstones, records
 *     without a key
 * @param cleanedUpTo the log's first dirty offset afterwards
 * @param nanos how long it took
 */
public record CleanResult(
    boolean cleaned,
    int segmentsRead,
    int segmentsWritten,
    long bytesRead,
    long bytesRemoved,
    long recordsRead,
    long recordsRemoved,
    long cleanedUpTo,
    long nanos) {

  /** Nothing was due. */
  static CleanResult nothing(long cleanedUpTo) {
    return new CleanResult(false, 0, 0, 0, 0, 0, 0, cleanedUpTo, 0);
  }
}
