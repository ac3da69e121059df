package io.chronik.broker.log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link PartitionLog} as its {@link LogCleaner} works on it: the view the cleaner plans from,
 * the files of the segments it writes, their swap in place of the segments they were cleaned from,
 * and what the log remembers of its cleanings (the first dirty offset, in the {@code
 * cleaner-offset-checkpoint} kept by {@link SegmentSet}, and the earliest delete horizon of the
 * tombstones kept).
 *
 * <p>Invariants: a cleaned segment replaces only closed segments, and only when none of them was
 * cut, replaced, deleted or grown since the view it was planned from ({@link SegmentSet#generation}
 * and sizes); it covers the same offsets, so the segments stay contiguous. The first dirty offset
 * only moves up by a cleaning planned on the log as it still is. No cleaned file is created once
 * the log is closed, and none deleted after (its directory may be going away).
 *
 * <p>Threads: every method runs under the owning log's monitor, as the log's writers do, so no roll
 * or cut is half done when it looks; a swap also takes the write lock, so it waits for the reads in
 * flight.
 */
final class CleanableLog {
  private final Object monitor;
  private final Path dir;
  private final SegmentSet segments;
  private final LogGuard guard;
  private final Supplier<LogConfig> config;
  private final InstantSource clock;

  /**
   * The earliest time at which tombstones the cleaner kept may go ({@code RecordBatch.NO_TIMESTAMP}
   * when it kept none); {@link CleanerView#UNKNOWN_HORIZON} until the cleaner first looks.
   */
  private volatile long earliestDeleteHorizon = CleanerView.UNKNOWN_HORIZON;

  CleanableLog(
      Object monitor,
      Path dir,
      SegmentSet segments,
      LogGuard guard,
      Supplier<LogConfig> config,
      InstantSource clock) {
    this.monitor = monitor;
    this.dir = dir;
    this.segments = segments;
    this.guard = guard;
    this.config = config;
    this.clock = clock;
  }

  /** The closed segments and offsets the log cleaner plans from, at one moment. */
  CleanerView view() throws IOException {
    synchronized (monitor) {
      guard.ensureWritable();
      List<CleanerView.Segment> closed = new ArrayList<>();
      for (LogSegment segment :
          segments.byBaseOffset().headMap(segments.active().baseOffset()).values()) {
        closed.add(
            new CleanerView.Segment(
                segment,
                segment.sizeInBytes(),
                segment.nextOffset(),
                segment.largestTimestamp(),
                segment.firstBatchTimestamp()));
      }
      return new CleanerView(
          dir,
          List.copyOf(closed),
          segments.logStartOffset(),
          segments.cleanedUpTo(),
          segments.active().baseOffset(),
          segments.generation(),
          config.get(),
          earliestDeleteHorizon);
    }
  }

  /**
   * Creates the files of a segment the cleaner writes (see {@link CleanedSegments}): none once the
   * log is closed, so deleting its directory then cannot race with the cleaner.
   */
  LogSegment createCleaned(long baseOffset) throws IOException {
    synchronized (monitor) {
      guard.ensureWritable();
      return LogSegment.createCleaned(
          dir, baseOffset, config.get().indexIntervalBytes(), clock.millis());
    }
  }

  /**
   * Deletes the files of a cleaned segment that is not swapped in; nothing once the log is closed
   * (its directory may be being deleted, and the next open removes leftovers).
   */
  void discardCleaned(long baseOffset) throws IOException {
    synchronized (monitor) {
      if (!guard.closed()) {
        CleanedSegments.discard(dir, baseOffset);
      }
    }
  }

  /**
   * Swaps a cleaned segment (written and fsynced) in for {@code replaced}, the consecutive closed
   * segments it was cleaned from, unless the log changed since the cleaner's {@link #view}: a cut,
   * a replacement, or one of them deleted or grown. Readers wait while it runs.
   *
   * @return whether it was swapped in; when not, the caller deletes its files
   */
  boolean swapCleaned(long generation, List<CleanerView.Segment> replaced) {
    synchronized (monitor) {
      guard.ensureWritable();
      return guard.underWriteLock(
          "swap of a cleaned segment",
          () -> {
            if (segments.generation() != generation) {
              return false;
            }
            for (CleanerView.Segment s : replaced) {
              if (!segments.stillClosed(s.segment(), s.size())) {
                return false;
              }
            }
            segments.swapCleaned(
                replaced.stream().map(CleanerView.Segment::segment).toList(),
                config.get().indexIntervalBytes(),
                clock.millis());
            return true;
          });
    }
  }

  /**
   * Records that the log is compacted below {@code offset} and the earliest delete horizon of the
   * tombstones it kept ({@code RecordBatch.NO_TIMESTAMP}: none), unless the log was cut or replaced
   * since {@code generation}.
   */
  void cleaned(long generation, long offset, long deleteHorizon) throws IOException {
    synchronized (monitor) {
      guard.ensureWritable();
      if (segments.generation() != generation) {
        return;
      }
      if (offset > segments.cleanedUpTo()) {
        segments.setCleanedUpTo(offset);
      }
      earliestDeleteHorizon = deleteHorizon;
    }
  }

  /** Sets the earliest delete horizon the cleaner found on open, unless one is known already. */
  void noteDeleteHorizon(long generation, long horizon) {
    synchronized (monitor) {
      if (segments.generation() == generation
          && earliestDeleteHorizon == CleanerView.UNKNOWN_HORIZON) {
        earliestDeleteHorizon = horizon;
      }
    }
  }

  /** Forgets the delete horizon: the log's segments were replaced. */
  void forgetDeleteHorizon() {
    earliestDeleteHorizon = CleanerView.UNKNOWN_HORIZON;
  }
}
