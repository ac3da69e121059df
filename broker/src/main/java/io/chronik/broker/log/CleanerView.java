package io.chronik.broker.log;

import java.nio.file.Path;
import java.util.List;

/**
 * What the log cleaner plans from: a {@link PartitionLog}'s closed segments with their sizes and
 * offsets at one moment, and the offsets and settings that bound the work.
 *
 * @param dir the log's directory
 * @param closed the closed segments in offset order (the active one is never cleaned)
 * @param logStartOffset the log start offset
 * @param cleanedUpTo the first dirty offset: below it the log was compacted
 * @param activeBaseOffset where the active segment starts
 * @param generation the log's count of cuts and replacements: a swap is refused once it changed
 * @param config the log's settings
 * @param earliestDeleteHorizon when the first kept tombstone may go, {@code NO_TIMESTAMP} when none
 *     was kept, {@link #UNKNOWN_HORIZON} before the cleaner looked
 */
record CleanerView(
    Path dir,
    List<Segment> closed,
    long logStartOffset,
    long cleanedUpTo,
    long activeBaseOffset,
    long generation,
    LogConfig config,
    long earliestDeleteHorizon) {

  /** Not known yet: the log was opened and the cleaner has not read its batch headers. */
  static final long UNKNOWN_HORIZON = Long.MIN_VALUE;

  /**
   * A closed segment as it was when the view was taken.
   *
   * @param segment the segment
   * @param size its size in bytes
   * @param nextOffset the offset after its last batch: where the next segment starts
   * @param largestTimestamp its max timestamp (or the file's mtime when none)
   * @param firstBatchTimestamp the max timestamp of its first batch, or {@code NO_TIMESTAMP}
   */
  record Segment(
      LogSegment segment,
      int size,
      long nextOffset,
      long largestTimestamp,
      long firstBatchTimestamp) {

    long baseOffset() {
      return segment.baseOffset();
    }
  }
}
