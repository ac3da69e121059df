package io.chronik.broker.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * The segments of one {@link PartitionLog} and the offsets that bound them, with the files that
 * persist those offsets ({@code log-start-offset}, {@code recovery-point-offset}) and the
 * leader-epoch cache kept in step with every cut.
 *
 * <p>Invariants: segments are contiguous and in offset order; the last one is active, the only one
 * written to, and never deleted by retention. {@code firstSegment.base <= logStartOffset <=
 * logEndOffset}, and {@code recoveryPoint <= logEndOffset}. After any cut the epoch cache holds no
 * entry at or above the log end offset, nor one wholly below the log start offset. A new log end
 * offset is published after the bytes it covers are written.
 *
 * <p>Mutations run under the owning {@link PartitionLog}'s monitor, and those that delete or cut
 * data also under its write lock; the offsets and the segment map may be read by any thread.
 */
final class SegmentSet {

  private final Path dir;
  private final ConcurrentSkipListMap<Long, LogSegment> segments;
  private final LeaderEpochCache epochCache;
  private final OffsetCheckpointFile logStartOffsetFile;
  private final OffsetCheckpointFile recoveryPointFile;
  private final OffsetCheckpointFile cleanerCheckpointFile;

  private volatile LogSegment active;
  private volatile long logStartOffset;
  private volatile long logEndOffset;
  private long recoveryPoint;
  private volatile long cleanedUpTo;

  /**
   * Counts the cuts at the tail and the replacements of the whole log: work the log cleaner planned
   * before one of them no longer applies.
   */
  private volatile long generation;

  SegmentSet(Path dir, LogLoader.Loaded loaded) {
    this.dir = dir;
    this.segments = loaded.segments();
    this.epochCache = loaded.epochCache();
    this.logStartOffsetFile =
        new OffsetCheckpointFile(dir.resolve(LogLoader.LOG_START_OFFSET_FILE));
    this.recoveryPointFile = new OffsetCheckpointFile(dir.resolve(LogLoader.RECOVERY_POINT_FILE));
    this.cleanerCheckpointFile =
        new OffsetCheckpointFile(dir.resolve(LogLoader.CLEANER_CHECKPOINT_FILE));
    this.active = segments.lastEntry().getValue();
    this.logStartOffset = loaded.logStartOffset();
    this.logEndOffset = active.nextOffset();
    this.recoveryPoint = loaded.recoveryPoint();
    this.cleanedUpTo = loaded.cleanedUpTo();
  }

  long logStartOffset() {
    return logStartOffset;
  }

  long logEndOffset() {
    return logEndOffset;
  }

  LogSegment active() {
    return active;
  }

  /** The segments by base offset, for reads. */
  NavigableMap<Long, LogSegment> byBaseOffset() {
    return segments;
  }

  LeaderEpochCache epochCache() {
    return epochCache;
  }

  /**
   * The offset below which the log cleaner compacted the log (its {@code
   * cleaner-offset-checkpoint}): the first dirty offset, at least the log start offset.
   */
  long cleanedUpTo() {
    return Math.max(cleanedUpTo, logStartOffset);
  }

  long generation() {
    return generation;
  }

  /** Records that the log is compacted below {@code offset}. */
  void setCleanedUpTo(long offset) throws IOException {
    cleanerCheckpointFile.write(offset);
    cleanedUpTo = offset;
  }

  /**
   * Whether {@code segment} is still one of the closed segments, {@code size} bytes long: nothing
   * deleted, cut or replaced it since the cleaner read it.
   */
  boolean stillClosed(LogSegment segment, int size) {
    return segments.get(segment.baseOffset()) == segment
        && segment != active
        && segment.sizeInBytes() == size;
  }

  /**
   * Puts the cleaned segment with base {@code base} (written and fsynced under its {@code .cleaned}
   * names) in place of {@code replaced}, consecutive closed segments of which the first has that
   * base (see {@link CleanedSegments}).
   */
  void swapCleaned(List<LogSegment> replaced, int indexIntervalBytes, long nowMs)
      throws IOException {
    long base = replaced.get(0).baseOffset();
    CleanedSegments.swapIn(dir, base, replaced);
    for (LogSegment segment : replaced) {
      segments.remove(segment.baseOffset());
    }
    replaced.get(0).close();
    LogSegment cleaned = LogSegment.open(dir, base, indexIntervalBytes, nowMs);
    try {
      if (!cleaned.loadFromIndexes()) {
        cleaned.recover((offset, epoch) -> {});
      }
      cleaned.onBecomeInactive();
    } catch (IOException | RuntimeException e) {
      cleaned.close();
      throw e;
    }
    segments.put(base, cleaned);
  }

  int count() {
    return segments.size();
  }

  /** The bytes of all segment files. */
  long sizeInBytes() {
    long size = 0;
    for (LogSegment segment : segments.values()) {
      size += segment.sizeInBytes();
    }
    return size;
  }

  /**
   * Writes batches whose offsets were assigned from the log end offset to the active segment,
   * recording their epoch first, then publishes {@code next} as the log end offset.
   */
  void append(MemoryRecords records, long first, int leaderEpoch, long next) throws IOException {
    if (epochCache.assign(leaderEpoch, first)) {
      epochCache.persist();
    }
    active.append(records);
    logEndOffset = next;
  }

  /** Closes the active segment for writes and starts a new one at the log end offset. */
  void roll(int indexIntervalBytes, long nowMs) throws IOException {
    active.onBecomeInactive();
    LogSegment next = LogSegment.create(dir, logEndOffset, indexIntervalBytes, nowMs);
    segments.put(next.baseOffset(), next);
    active = next;
  }

  /**
   * Drops the batches from the one containing {@code offset} on (at or above the first segment's
   * base; the log then ends at {@code offset}, or below it when a batch held both sides of the
   * cut), and the epochs starting there; lowers the log start offset and the recovery point to the
   * new end when they were above it. Returns the new log end offset.
   */
  long truncateTo(long offset) throws IOException {
    while (segments.lastKey() > offset) {
      segments.pollLastEntry().getValue().closeAndDelete();
    }
    LogSegment last = segments.lastEntry().getValue();
    boolean insideBatch = last.truncateTo(offset);
    if (!insideBatch && last.nextOffset() < offset) {
      // the cut fell in a gap the log cleaner left: an empty batch fills it up to the cut, so
      // that the log ends exactly there (a Raft replay after a restart appends from there)
      last.appendEmptyBatch(offset - 1, epochCache.epochAt(offset - 1));
    }
    active = last;
    long end = last.nextOffset();
    logEndOffset = end;
    if (logStartOffset > end) {
      logStartOffset = end;
      logStartOffsetFile.write(end);
    }
    if (epochCache.truncateFromEnd(end)) {
      epochCache.persist();
    }
    if (recoveryPoint > end) {
      recoveryPoint = end;
      recoveryPointFile.write(end);
    }
    generation++;
    if (cleanedUpTo > end) {
      // what is appended above the cut again was never cleaned
      setCleanedUpTo(end);
    }
    return end;
  }

  /** Deletes every segment and restarts the empty log, without epochs, at {@code offset}. */
  void restartAt(long offset, int indexIntervalBytes, long nowMs) throws IOException {
    while (!segments.isEmpty()) {
      segments.pollLastEntry().getValue().closeAndDelete();
    }
    LogSegment segment = LogSegment.create(dir, offset, indexIntervalBytes, nowMs);
    segments.put(offset, segment);
    active = segment;
    logEndOffset = offset;
    logStartOffset = offset;
    logStartOffsetFile.write(offset);
    epochCache.clear();
    epochCache.persist();
    recoveryPoint = offset;
    recoveryPointFile.write(offset);
    generation++;
    setCleanedUpTo(offset);
  }

  /**
   * Deletes the {@code count} oldest segments (never the active one: the caller counts closed
   * segments only) and moves the log start offset up to the first one left. Returns their bytes.
   */
  long deleteOldest(int count) throws IOException {
    long deletedBytes = 0;
    for (int i = 0; i < count; i++) {
      deletedBytes += deleteOldestSegment();
    }
    if (count > 0) {
      advanceLogStartOffset(segments.firstKey());
    }
    return deletedBytes;
  }

  /**
   * Moves the log start offset up to {@code offset} (at most the log end offset) and deletes the
   * closed segments wholly below it.
   */
  void deleteRecordsBefore(long offset) throws IOException {
    advanceLogStartOffset(offset);
    while (segments.size() > 1 && segments.higherKey(segments.firstKey()) <= offset) {
      deleteOldestSegment();
    }
  }

  /**
   * Links the closed segments (all but the active one) with their indexes, and the leader epochs,
   * into {@code target} (see {@link SnapshotFiles#linkInto}).
   */
  List<String> linkClosedInto(Path target) throws IOException {
    return SnapshotFiles.linkInto(
        dir, target, segments.headMap(active.baseOffset()).values(), epochCache.entries());
  }

  /**
   * Deletes every segment, puts the checkpoint's files from {@code source} in their place and loads
   * the directory again. The caller checks that the loaded log ends where the checkpoint says.
   */
  void replaceBy(Path source, LogCheckpoint checkpoint, LogConfig config, long nowMs)
      throws IOException {
    for (LogSegment segment : segments.values()) {
      segment.closeAndDelete();
    }
    segments.clear();
    SnapshotFiles.replace(dir, source, checkpoint, logStartOffsetFile, recoveryPointFile);
    LogLoader.Loaded loaded = LogLoader.load(dir, config, nowMs);
    segments.putAll(loaded.segments());
    epochCache.replaceWith(loaded.epochCache().entries());
    active = segments.lastEntry().getValue();
    logStartOffset = loaded.logStartOffset();
    logEndOffset = active.nextOffset();
    recoveryPoint = loaded.recoveryPoint();
    generation++;
    // SnapshotFiles.replace dropped the cleaner checkpoint: all of the new segments count as dirty
    cleanedUpTo = loaded.cleanedUpTo();
  }

  /** Fsyncs every segment written since the last flush, then advances the recovery point. */
  void flush() throws IOException {
    long end = logEndOffset;
    Long from = segments.floorKey(recoveryPoint);
    for (LogSegment segment :
        segments.tailMap(from == null ? segments.firstKey() : from).values()) {
      segment.flush();
    }
    DurableFiles.fsyncDirectory(dir);
    if (end > recoveryPoint) {
      recoveryPointFile.write(end);
      recoveryPoint = end;
    }
  }

  /**
   * Closes every segment, trying them all; returns {@code failure} with the errors added (the first
   * becomes the failure when there was none).
   */
  IOException closeAll(IOException failure) {
    for (LogSegment segment : segments.values()) {
      try {
        segment.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }

  private long deleteOldestSegment() throws IOException {
    LogSegment oldest = segments.pollFirstEntry().getValue();
    long size = oldest.sizeInBytes();
    oldest.closeAndDelete();
    return size;
  }

  private void advanceLogStartOffset(long offset) throws IOException {
    if (offset <= logStartOffset) {
      return;
    }
    logStartOffsetFile.write(offset);
    logStartOffset = offset;
    if (epochCache.truncateFromStart(offset)) {
      epochCache.persist();
    }
  }
}
