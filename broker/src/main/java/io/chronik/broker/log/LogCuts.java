package io.chronik.broker.log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations that take data out of a {@link PartitionLog} or replace it: truncation of the tail
 * (Raft replays), restarting the log empty at an offset, retention and DeleteRecords at its head,
 * and replacement by a snapshot's segments. {@link PartitionLog} documents each one's contract;
 * this class carries them out.
 *
 * <p>Invariants: each runs under the log's monitor (the callers are its synchronized methods) and
 * its write lock, so no read is in flight while segments are deleted or cut. After each, {@link
 * SegmentSet}'s invariants hold: the segments are contiguous, {@code logStartOffset <=
 * logEndOffset}, the epoch cache holds nothing at or above the end nor wholly below the start, and
 * the cleaner's first dirty offset lies between them (a cut below it lowers it; a start moved above
 * it moves it up). A cut of the tail or a replacement counts as a new generation, so work the
 * cleaner planned before it is refused. An I/O error fails the log ({@link LogGuard}); only a
 * replacement that succeeds clears that.
 */
final class LogCuts {
  private static final Logger LOGGER = LoggerFactory.getLogger(PartitionLog.class);

  private final Path dir;
  private final SegmentSet segments;
  private final LogGuard guard;
  private final CleanableLog cleanable;
  private final Supplier<LogConfig> config;
  private final InstantSource clock;

  LogCuts(
      Path dir,
      SegmentSet segments,
      LogGuard guard,
      CleanableLog cleanable,
      Supplier<LogConfig> config,
      InstantSource clock) {
    this.dir = dir;
    this.segments = segments;
    this.guard = guard;
    this.cleanable = cleanable;
    this.config = config;
    this.clock = clock;
  }

  /** See {@link PartitionLog#truncateTo}. */
  void truncateTo(long offset) {
    guard.ensureWritable();
    if (offset < 0) {
      throw new IllegalArgumentException("cannot truncate to offset " + offset);
    }
    if (offset >= segments.logEndOffset()) {
      return;
    }
    if (offset < segments.byBaseOffset().firstKey()) {
      restartAt(offset);
      return;
    }
    guard.underWriteLock(
        "truncation",
        () -> {
          long previousEnd = segments.logEndOffset();
          long end = segments.truncateTo(offset);
          LOGGER.info(
              "partition log {}: truncated to offset {} (asked {}, was {})",
              dir,
              end,
              offset,
              previousEnd);
          return end;
        });
  }

  /** See {@link PartitionLog#truncateFullyAndStartAt}. */
  void restartAt(long offset) {
    guard.ensureWritable();
    if (offset < 0) {
      throw new IllegalArgumentException("cannot restart the log at offset " + offset);
    }
    guard.underWriteLock(
        "full truncation",
        () -> {
          long previousEnd = segments.logEndOffset();
          segments.restartAt(offset, config.get().indexIntervalBytes(), clock.millis());
          LOGGER.info(
              "partition log {}: emptied and restarted at offset {} (was [.., {}))",
              dir,
              offset,
              previousEnd);
          return offset;
        });
  }

  /** See {@link PartitionLog#resetTo}. */
  void replaceBy(Path source, LogCheckpoint checkpoint) throws IOException {
    guard.ensureOpen();
    guard.writeLock().lock();
    try {
      segments.replaceBy(source, checkpoint, config.get(), clock.millis());
      cleanable.forgetDeleteHorizon();
      guard.failed(false);
      if (segments.logEndOffset() != checkpoint.logEndOffset()) {
        throw new IOException(
            "partition log "
                + dir
                + ": the snapshot should end at offset "
                + checkpoint.logEndOffset()
                + ", its segments end at "
                + segments.logEndOffset());
      }
      LOGGER.info(
          "partition log {}: replaced by snapshot, offsets [{}, {}), {} segments",
          dir,
          segments.logStartOffset(),
          segments.logEndOffset(),
          segments.count());
    } catch (IOException e) {
      guard.failed(true);
      throw e;
    } finally {
      guard.writeLock().unlock();
    }
  }

  /** See {@link PartitionLog#applyRetention}. */
  RetentionResult applyRetention(long nowMs) {
    guard.ensureWritable();
    LogConfig limits = config.get();
    return guard.underWriteLock(
        "retention",
        () -> {
          int deleted =
              RetentionPlan.oldestToDelete(
                  segments.byBaseOffset(), limits, nowMs, segments.logStartOffset());
          long deletedBytes = segments.deleteOldest(deleted);
          if (deleted > 0) {
            LOGGER.info(
                "partition log {}: retention deleted {} segments ({} bytes), log start offset {}",
                dir,
                deleted,
                deletedBytes,
                segments.logStartOffset());
          }
          return new RetentionResult(deleted, deletedBytes, segments.logStartOffset());
        });
  }

  /** See {@link PartitionLog#deleteRecordsBefore}. */
  void deleteRecordsBefore(long offset) {
    guard.ensureWritable();
    if (offset > segments.logEndOffset()) {
      throw new OffsetOutOfRangeException(
          "cannot delete records before "
              + offset
              + ": the log end offset of "
              + dir
              + " is "
              + segments.logEndOffset());
    }
    if (offset <= segments.logStartOffset()) {
      return;
    }
    guard.underWriteLock(
        "record deletion",
        () -> {
          segments.deleteRecordsBefore(offset);
          LOGGER.info("partition log {}: records before offset {} deleted", dir, offset);
          return offset;
        });
  }
}
