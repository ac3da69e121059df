package io.chronik.broker.log;

/**
 * What one run of the {@link LogCleaner} on a partition log did.
 *
 * @param cleaned whether it ran (the log was due and nothing changed it meanwhile)
 * @param segmentsRead the closed segments read and filtered
 * @param segmentsWritten the cleaned segments swapped in (several old ones may merge into one)
 * @param bytesMapped the bytes read from the dirty part to build the offset map: from the first
 *     dirty offset on, never the clean part
 * @param bytesRead the bytes of the segments read and filtered: from the first segment on, as the
 *     clean part may hold older values of keys the dirty part has
 * @param bytesWritten the bytes written to cleaned segment files, including those of a segment
 *     whose swap was refused (a segment that comes out unchanged is not written)
 * @param bytesRemoved the bytes that the swapped-in segments no longer hold
 * @param recordsRead the records of the segments read
 * @param recordsRemoved the records dropped: older values of a key, expired tombstones, records
 *     without a key
 * @param cleanedUpTo the log's first dirty offset afterwards
 * @param nanos how long it took
 * @param throttledNanos how much of that the I/O limit ({@link CleanerIo}) made it wait
 */
public record CleanResult(
    boolean cleaned,
    int segmentsRead,
    int segmentsWritten,
    long bytesMapped,
    long bytesRead,
    long bytesWritten,
    long bytesRemoved,
    long recordsRead,
    long recordsRemoved,
    long cleanedUpTo,
    long nanos,
    long throttledNanos) {

  /** Nothing was due; finding that out took {@code nanos}. */
  static CleanResult nothing(long cleanedUpTo, long nanos) {
    return new CleanResult(false, 0, 0, 0, 0, 0, 0, 0, 0, cleanedUpTo, nanos, 0);
  }
}
