package io.chronik.broker.log;

import io.chronik.broker.log.LogCleaner.Dirt;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.record.RecordBatch;

/**
 * What a run of the {@link LogCleaner} would clean, planned from a {@link CleanerView} (closed
 * segments only; the active one is never cleaned), as Kafka plans:
 *
 * <ul>
 *   <li>The clean part lies below the first dirty offset (the log's {@code
 *       cleaner-offset-checkpoint}, at least the first closed segment's base); the dirty part runs
 *       from there up to the active segment, or up to the first segment holding a record newer than
 *       {@code min.compaction.lag.ms} ({@code firstUncleanable}). Segments from there on count as
 *       neither.
 *   <li>The dirty ratio is the dirty bytes over the clean plus dirty bytes, by whole segments: a
 *       segment that holds the first dirty offset counts as dirty.
 *   <li>The log is due when the ratio is above {@code min.cleanable.dirty.ratio}, when dirty data
 *       is older than {@code max.compaction.lag.ms}, or when tombstones it kept reached their
 *       delete horizon. A log that is not compacted, or has no closed segment, is never due.
 * </ul>
 *
 * <p>Invariants: {@code firstDirty <= firstUncleanable <= activeBaseOffset}. Planning reads no
 * segment data, only batch headers, and those only once per open or replacement of the log, and
 * only when the log is not due for its dirt.
 *
 * @param dirt how dirty the log is, and whether it is due
 * @param firstDirty where the dirty part starts
 * @param firstUncleanable where it ends
 */
record CleaningPlan(Dirt dirt, long firstDirty, long firstUncleanable) {

  /**
   * The plan for {@code view} at {@code nowMs}. When the log is not due for its dirt and the
   * earliest delete horizon of its kept tombstones is not known (the first time after the log was
   * opened or replaced), it reads the closed segments' batch headers for it with {@code scan}, and
   * tells {@code log}; a log due anyway needs no horizon (the run finds the tombstones it keeps).
   */
  static CleaningPlan of(CleanableLog log, CleanerView view, long nowMs, DeleteHorizonScan scan)
      throws IOException {
    LogCleanup cleanup = view.config().cleanup();
    List<CleanerView.Segment> closed = view.closed();
    if (!cleanup.compact() || closed.isEmpty()) {
      return new CleaningPlan(Dirt.NONE, view.activeBaseOffset(), view.activeBaseOffset());
    }
    long firstDirty =
        Math.min(Math.max(view.cleanedUpTo(), closed.get(0).baseOffset()), view.activeBaseOffset());
    long firstUncleanable = view.activeBaseOffset();
    if (cleanup.minCompactionLagMs() > 0) {
      for (CleanerView.Segment s : closed) {
        if (s.nextOffset() > firstDirty
            && s.largestTimestamp() > nowMs - cleanup.minCompactionLagMs()) {
          firstUncleanable = Math.max(firstDirty, s.baseOffset());
          break;
        }
      }
    }
    long cleanBytes = 0;
    long dirtyBytes = 0;
    long earliestDirty = Long.MAX_VALUE;
    for (CleanerView.Segment s : closed) {
      if (s.nextOffset() <= firstDirty) {
        cleanBytes += s.size();
      } else if (s.baseOffset() < firstUncleanable) {
        dirtyBytes += s.size();
        if (s.firstBatchTimestamp() >= 0) {
          earliestDirty = Math.min(earliestDirty, s.firstBatchTimestamp());
        }
      }
    }
    long total = cleanBytes + dirtyBytes;
    double ratio = total == 0 ? 0 : (double) dirtyBytes / total;
    String reason;
    if (dirtyBytes > 0 && ratio > cleanup.minCleanableDirtyRatio()) {
      reason =
          String.format(
              "dirty ratio %.2f above min.cleanable.dirty.ratio %s",
              ratio, cleanup.minCleanableDirtyRatio());
    } else if (dirtyBytes > 0
        && cleanup.maxCompactionLagMs() < Long.MAX_VALUE
        && earliestDirty < nowMs - cleanup.maxCompactionLagMs()) {
      reason = "uncleaned records older than max.compaction.lag.ms";
    } else if (total > 0 && tombstonesDue(log, view, nowMs, scan)) {
      reason = "tombstones past delete.retention.ms";
    } else {
      reason = null;
    }
    return new CleaningPlan(
        new Dirt(
            ratio,
            cleanBytes,
            dirtyBytes,
            reason != null,
            reason != null ? reason : String.format("dirty ratio %.2f", ratio)),
        firstDirty,
        firstUncleanable);
  }

  /** Whether tombstones the cleaner kept reached their delete horizon at {@code nowMs}. */
  private static boolean tombstonesDue(
      CleanableLog log, CleanerView view, long nowMs, DeleteHorizonScan scan) throws IOException {
    long horizon = view.earliestDeleteHorizon();
    if (horizon == CleanerView.UNKNOWN_HORIZON) {
      horizon = scan.earliest(view.closed());
      log.noteDeleteHorizon(view.generation(), horizon);
    }
    return horizon != RecordBatch.NO_TIMESTAMP && horizon <= nowMs;
  }
}
