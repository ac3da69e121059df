package io.chronik.broker.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: Kafka v2 record batches stored exactly as received, in segment files
 * with sparse offset and time indexes, plus a leader-epoch cache.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Offsets increase, and are dense as appended: each appended batch starts at the previous
 *       batch's last offset + 1, and the first batch of an empty log starts at {@link
 *       #logEndOffset()}. Only {@code baseOffset} and {@code partitionLeaderEpoch} are rewritten on
 *       append; both sit outside the CRC-32C, so a batch is never re-encoded or recompressed.
 *   <li>{@code 0 <= logStartOffset() <= logEndOffset()}; the first segment starts at or below the
 *       log start offset. Records below the log start offset are invisible to {@link #read} (which
 *       rejects such offsets) even while their segment still exists.
 *   <li>Segments are contiguous: each starts where its predecessor ends; the last one is active and
 *       is the only one written to. Retention deletes whole segments, never the active one.
 *   <li>Compaction ({@link LogCleaner}, {@code cleanup.policy=compact}) rewrites closed segments
 *       only, each into a new file swapped in by rename ({@link CleanedSegments}): offsets stay,
 *       dropped batches leave gaps, and a cleaned segment keeps its last batch (empty if need be),
 *       so segments stay contiguous. A reader asking for an offset in a gap gets the next batch.
 *       Below {@link #cleanedUpTo()} the log holds one record per key.
 *   <li>Leader epochs never decrease along the log; the cache maps each epoch to the first offset
 *       written in it, and holds no entry at or above {@link #logEndOffset()}.
 *   <li>Truncation works in whole batches: after {@link #truncateTo}(o), {@code logEndOffset() <=
 *       o} (lower when o falls inside a batch; exactly o when it falls in a gap the cleaner left,
 *       which an empty batch then fills). The high watermark is not the log's business: callers
 *       pass it to {@link #read} as {@code maxOffsetExclusive}.
 *   <li>Durability: appends are written without fsync (the Raft log is the write-ahead log). {@link
 *       #flush} fsyncs and advances the recovery point; on open, segments from the one holding the
 *       recovery point to the tail are CRC-checked and a torn or corrupt tail is cut off (logged as
 *       CHR-2001).
 * </ul>
 *
 * <p>Threads: one writer at a time ({@link #append}, {@link #truncateTo}, {@link #applyRetention}
 * ... are synchronized) and any number of concurrent readers. A reader sees only whole batches:
 * bytes are written before the segment size and then {@link #logEndOffset()} (volatile) are
 * published. Operations that delete or cut data also take a write lock, so they wait for reads in
 * flight; appends never block readers.
 *
 * <p>I/O errors surface as {@link UncheckedIOException}. After a failed write the log refuses
 * further writes ({@link IllegalStateException}); reopening it recovers it.
 *
 * <p>This class is the log's contract, its locking and its failure policy. The parts behind it:
 * {@link SegmentSet} keeps the segments, the offsets that bound them and their checkpoint files in
 * step; {@link IncomingBatches} checks an append and assigns its offsets; {@link SegmentReads}
 * reads across segments; {@link RetentionPlan} picks the segments retention deletes; {@link
 * LogCleaner} compacts; {@link LogLoader} recovers the directory on open; {@link SnapshotFiles}
 * links and replaces checkpoints.
 */
public final class PartitionLog implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(PartitionLog.class);

  private final Path dir;
  private final InstantSource clock;
  private final SegmentSet segments;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private volatile LogConfig config;
  private volatile boolean closed;
  private boolean failed;

  /**
   * The earliest time at which tombstones the cleaner kept may go ({@code RecordBatch.NO_TIMESTAMP}
   * when it kept none); {@link CleanerView#UNKNOWN_HORIZON} until the cleaner first looks.
   */
  private volatile long earliestDeleteHorizon = CleanerView.UNKNOWN_HORIZON;

  private PartitionLog(Path dir, LogConfig config, InstantSource clock, LogLoader.Loaded loaded) {
    this.dir = dir;
    this.config = config;
    this.clock = clock;
    this.segments = new SegmentSet(dir, loaded);
  }

  /**
   * Opens the log in {@code dir}, creating the directory if needed, and recovers it (see the class
   * comment).
   */
  public static PartitionLog open(Path dir, LogConfig config) throws IOException {
    return open(dir, config, InstantSource.system());
  }

  /** Like {@link #open(Path, LogConfig)}, with the clock that {@code segment.ms} rolls by. */
  public static PartitionLog open(Path dir, LogConfig config, InstantSource clock)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    LogLoader.Loaded loaded = LogLoader.load(dir, config, clock.millis());
    PartitionLog log = new PartitionLog(dir, config, clock, loaded);
    LOGGER.info(
        "partition log {}: opened, offsets [{}, {}), {} segments, latest epoch {}",
        dir,
        log.logStartOffset(),
        log.logEndOffset(),
        log.segmentCount(),
        log.latestEpoch());
    return log;
  }

  /**
   * Appends batches, assigning offsets from {@link #logEndOffset()}: each batch gets {@code
   * setLastOffset(next + lastOffsetDelta)} and {@code setPartitionLeaderEpoch(leaderEpoch)}, in
   * place in {@code records}' buffer. The bytes are written as they are; there is no fsync.
   *
   * @param leaderEpoch the epoch the batches were written in; never below {@link #latestEpoch()}
   * @throws IllegalArgumentException when {@code records} holds no batch, a batch that is not magic
   *     v2, a trailing partial batch, or when the epoch goes backwards
   * @throws CorruptRecordException when a batch fails its CRC-32C
   */
  public synchronized AppendResult append(MemoryRecords records, int leaderEpoch) {
    ensureWritable();
    Objects.requireNonNull(records, "records");
    if (leaderEpoch < 0 || leaderEpoch < latestEpoch()) {
      throw new IllegalArgumentException(
          "leader epoch " + leaderEpoch + " is below the latest " + latestEpoch());
    }
    IncomingBatches incoming = IncomingBatches.check(records);
    try {
      maybeRoll(incoming);
      AppendResult result = incoming.assignOffsets(segments.logEndOffset(), leaderEpoch);
      segments.append(records, result.firstOffset(), leaderEpoch, result.lastOffset() + 1);
      return result;
    } catch (IOException e) {
      throw fail("append", e);
    }
  }

  /** The first offset a reader may ask for. */
  public long logStartOffset() {
    return segments.logStartOffset();
  }

  /** The next offset to assign. */
  public long logEndOffset() {
    return segments.logEndOffset();
  }

  /**
   * Reads whole batches from the one containing {@code startOffset}, from a single segment: up to
   * {@code maxBytes}, none starting at or after {@code maxOffsetExclusive} (the high watermark),
   * and, when {@code minOneBatch}, at least the first batch even if it is larger than {@code
   * maxBytes} (KIP-74). The result is an owned heap copy.
   *
   * @throws OffsetOutOfRangeException when {@code startOffset} is outside [{@link
   *     #logStartOffset()}, {@link #logEndOffset()}]
   */
  public FetchData read(
      long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
    return underReadLock(
        "read of",
        () -> {
          long start = segments.logStartOffset();
          long end = segments.logEndOffset();
          if (startOffset < start || startOffset > end) {
            throw new OffsetOutOfRangeException(
                "offset "
                    + startOffset
                    + " is outside ["
                    + start
                    + ", "
                    + end
                    + "] of partition log "
                    + dir);
          }
          long limit = Math.min(maxOffsetExclusive, end);
          if (startOffset >= limit) {
            return FetchData.EMPTY;
          }
          return SegmentReads.read(
              segments.byBaseOffset(), startOffset, Math.max(0, maxBytes), limit, minOneBatch);
        });
  }

  /**
   * The last {@code count} batches that end below {@code maxOffsetExclusive} (the high watermark)
   * and at or after the log start offset, oldest first: base and last offset, leader epoch, the
   * CRC-32C stored in the batch header and whether the batch's bytes still match it. Replicas of a
   * partition hold the same bytes for the same offsets, so these headers compare replicas; batches
   * the log cleaner re-encoded are left out, since each replica cleans its own log.
   */
  public List<BatchSummary> lastBatches(long maxOffsetExclusive, int count) {
    return underReadLock(
        "tail of",
        () ->
            SegmentReads.lastBatches(
                segments.byBaseOffset(),
                Math.min(maxOffsetExclusive, segments.logEndOffset()),
                segments.logStartOffset(),
                count));
  }

  /**
   * The first record at or after the log start offset whose timestamp is {@code >= timestamp}: its
   * timestamp and offset (ListOffsets by time). Empty when there is none. The sentinel timestamps
   * of ListOffsets (-1 latest, -2 earliest, -3 max) are the caller's to map.
   */
  public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
    return underReadLock(
        "timestamp search in",
        () ->
            SegmentReads.offsetForTimestamp(
                segments.byBaseOffset(),
                timestamp,
                segments.logStartOffset(),
                segments.logEndOffset()));
  }

  /**
   * The record with the largest timestamp among those the log holds (the first one when several
   * share it), for ListOffsets MAX_TIMESTAMP (KIP-734): after a cleaning, the largest that remains,
   * not the one an emptied batch's header still names. Empty when the log holds no record.
   */
  public Optional<TimestampOffset> maxTimestampOffset() {
    return underReadLock(
        "max timestamp search in",
        () -> SegmentReads.maxTimestampOffset(segments.byBaseOffset(), segments.logStartOffset()));
  }

  /**
   * OffsetForLeaderEpoch: the log end offset for the latest epoch; for an older epoch the start
   * offset of the next larger epoch in the log; -1 when the epoch is unknown (below the first
   * epoch, above the latest, or -1).
   */
  public long endOffsetForLeaderEpoch(int epoch) {
    return epochEndOffset(epoch).map(EpochEndOffset::endOffset).orElse(-1L);
  }

  /**
   * Like {@link #endOffsetForLeaderEpoch}, with the epoch Kafka reports next to the offset: the
   * largest epoch in the log that is {@code <=} the requested one. Empty when unknown.
   */
  public Optional<EpochEndOffset> epochEndOffset(int epoch) {
    return segments.epochCache().endOffsetFor(epoch, segments.logEndOffset());
  }

  /** The epoch of the last batch, or -1 when nothing was ever appended (or all was truncated). */
  public int latestEpoch() {
    return segments.epochCache().latestEpoch();
  }

  /**
   * Drops every batch with an offset at or above {@code offset}, together with the batch that
   * contains it, the index entries and the leader epochs starting there. Below the first segment it
   * empties the log and restarts it at {@code offset}.
   *
   * <p>A segment linked into a snapshot ({@link #checkpointInto}) shares its file with it, so the
   * callers never cut below the end offset of the latest snapshot (a partition log holds committed
   * entries only; a restart cuts back exactly to the snapshot's end, a segment boundary).
   */
  public synchronized void truncateTo(long offset) {
    ensureWritable();
    if (offset < 0) {
      throw new IllegalArgumentException("cannot truncate to offset " + offset);
    }
    if (offset >= segments.logEndOffset()) {
      return;
    }
    if (offset < segments.byBaseOffset().firstKey()) {
      truncateFullyAndStartAt(offset);
      return;
    }
    lock.writeLock().lock();
    try {
      long previousEnd = segments.logEndOffset();
      long end = segments.truncateTo(offset);
      LOGGER.info(
          "partition log {}: truncated to offset {} (asked {}, was {})",
          dir,
          end,
          offset,
          previousEnd);
    } catch (IOException e) {
      throw fail("truncation", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Deletes every segment and restarts the empty log at {@code offset} (log start = log end =
   * {@code offset}, no epochs): for a replica that installs a snapshot.
   */
  public synchronized void truncateFullyAndStartAt(long offset) {
    ensureWritable();
    if (offset < 0) {
      throw new IllegalArgumentException("cannot restart the log at offset " + offset);
    }
    lock.writeLock().lock();
    try {
      long previousEnd = segments.logEndOffset();
      segments.restartAt(offset, config.indexIntervalBytes(), clock.millis());
      LOGGER.info(
          "partition log {}: emptied and restarted at offset {} (was [.., {}))",
          dir,
          offset,
          previousEnd);
    } catch (IOException e) {
      throw fail("full truncation", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Seals the log for a snapshot and links it into the empty directory {@code target}: rolls the
   * active segment when it holds data (so every batch so far sits in a closed segment that is never
   * written again), fsyncs, hard-links each closed segment with its indexes, and writes the leader
   * epochs. Runs between appends (the caller is the only writer); readers are not blocked.
   */
  public synchronized LogCheckpoint checkpointInto(Path target) throws IOException {
    ensureWritable();
    Files.createDirectories(target);
    if (segments.active().sizeInBytes() > 0) {
      segments.roll(config.indexIntervalBytes(), clock.millis());
    }
    flush();
    List<String> files = segments.linkClosedInto(target);
    return new LogCheckpoint(segments.logStartOffset(), segments.logEndOffset(), files);
  }

  /**
   * Replaces the whole log by a checkpoint (a snapshot installed from the Raft leader, or the local
   * snapshot when the log lost data): every segment goes, the checkpoint's files are linked in, and
   * the log reopens at the checkpoint's end offset. Readers wait while it runs.
   */
  public synchronized void resetTo(Path source, LogCheckpoint checkpoint) throws IOException {
    ensureOpen();
    lock.writeLock().lock();
    try {
      segments.replaceBy(source, checkpoint, config, clock.millis());
      earliestDeleteHorizon = CleanerView.UNKNOWN_HORIZON;
      failed = false;
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
      failed = true;
      throw e;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Fsyncs every segment written since the last flush, then advances the recovery point. */
  public synchronized void flush() throws IOException {
    ensureOpen();
    try {
      segments.flush();
    } catch (IOException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Deletes the oldest closed segments that {@link RetentionPlan} names (by {@code retention.ms}
   * against {@code nowMs}, by {@code retention.bytes}, and those wholly below the log start
   * offset). The active segment always stays. Advances the log start offset.
   */
  public synchronized RetentionResult applyRetention(long nowMs) {
    ensureWritable();
    LogConfig limits = config;
    lock.writeLock().lock();
    try {
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
    } catch (IOException e) {
      throw fail("retention", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * DeleteRecords: moves the log start offset up to {@code offset} and deletes the closed segments
   * wholly below it. An offset at or below the log start offset changes nothing.
   *
   * @throws OffsetOutOfRangeException when {@code offset} is above {@link #logEndOffset()}
   */
  public synchronized void deleteRecordsBefore(long offset) {
    ensureWritable();
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
    lock.writeLock().lock();
    try {
      segments.deleteRecordsBefore(offset);
      LOGGER.info("partition log {}: records before offset {} deleted", dir, offset);
    } catch (IOException e) {
      throw fail("record deletion", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The closed segments and offsets the log cleaner plans from, taken under the log's monitor so
   * that no roll or cut is half done.
   */
  synchronized CleanerView cleanerView() throws IOException {
    ensureWritable();
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
        config,
        earliestDeleteHorizon);
  }

  /**
   * Creates the files of a segment the cleaner writes (see {@link CleanedSegments}), under the
   * monitor: none is created once the log is closed, so deleting its directory then cannot race
   * with the cleaner.
   */
  synchronized LogSegment createCleaned(long baseOffset) throws IOException {
    ensureWritable();
    return LogSegment.createCleaned(dir, baseOffset, config.indexIntervalBytes(), clock.millis());
  }

  /**
   * Deletes the files of a cleaned segment that is not swapped in, under the monitor; nothing once
   * the log is closed (its directory may be being deleted, and the next open removes leftovers).
   */
  synchronized void discardCleaned(long baseOffset) throws IOException {
    if (!closed) {
      CleanedSegments.discard(dir, baseOffset);
    }
  }

  /**
   * Swaps a cleaned segment (written and fsynced) in for {@code replaced}, the consecutive closed
   * segments it was cleaned from, unless the log changed since the cleaner's {@link #cleanerView}:
   * a cut, a replacement, or one of them deleted or grown. Readers wait while it runs.
   *
   * @return whether it was swapped in; when not, the caller deletes its files
   */
  synchronized boolean swapCleaned(long generation, List<CleanerView.Segment> replaced) {
    ensureWritable();
    lock.writeLock().lock();
    try {
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
          config.indexIntervalBytes(),
          clock.millis());
      return true;
    } catch (IOException e) {
      throw fail("swap of a cleaned segment", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Records that the log is compacted below {@code offset} and the earliest delete horizon of the
   * tombstones it kept ({@code RecordBatch.NO_TIMESTAMP}: none), unless the log was cut or replaced
   * since {@code generation}.
   */
  synchronized void cleaned(long generation, long offset, long deleteHorizon) throws IOException {
    ensureWritable();
    if (segments.generation() != generation) {
      return;
    }
    if (offset > segments.cleanedUpTo()) {
      segments.setCleanedUpTo(offset);
    }
    earliestDeleteHorizon = deleteHorizon;
  }

  /** Sets the earliest delete horizon the cleaner found on open, unless one is known already. */
  synchronized void noteDeleteHorizon(long generation, long horizon) {
    if (segments.generation() == generation
        && earliestDeleteHorizon == CleanerView.UNKNOWN_HORIZON) {
      earliestDeleteHorizon = horizon;
    }
  }

  /**
   * The offset below which the log cleaner compacted the log; the log start offset when it never
   * did.
   */
  public long cleanedUpTo() {
    return segments.cleanedUpTo();
  }

  /** Replaces the settings (retention, roll, index interval of new segments) from now on. */
  public void updateConfig(LogConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public LogConfig config() {
    return config;
  }

  /** The bytes of all segment files. */
  public long sizeInBytes() {
    return segments.sizeInBytes();
  }

  public int segmentCount() {
    return segments.count();
  }

  public Path dir() {
    return dir;
  }

  /** Flushes (unless a write failed) and closes every file. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    lock.writeLock().lock();
    try {
      IOException failure = null;
      if (!failed) {
        try {
          flush();
        } catch (IOException e) {
          failure = e;
        }
      }
      closed = true;
      failure = segments.closeAll(failure);
      if (failure != null) {
        throw new UncheckedIOException("closing partition log " + dir + " failed", failure);
      }
      LOGGER.debug("partition log {}: closed at offset {}", dir, segments.logEndOffset());
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Closes the log and deletes its directory. */
  public synchronized void delete() {
    try {
      close();
    } finally {
      try {
        DurableFiles.deleteRecursively(dir);
        LOGGER.info("partition log {}: deleted", dir);
      } catch (IOException e) {
        throw new UncheckedIOException("deleting partition log " + dir + " failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "PartitionLog("
        + dir
        + ", ["
        + segments.logStartOffset()
        + ", "
        + segments.logEndOffset()
        + "))";
  }

  /**
   * Rolls the active segment when the append would overflow {@code segment.bytes} or the 32-bit
   * relative offsets, or when it is {@code segment.ms} old ({@link LogConfig#rollMs}: sooner for a
   * compacted log with a shorter {@code max.compaction.lag.ms}). Age is Kafka's: the appended max
   * timestamp minus the segment's first batch timestamp, so replicas agree; only a segment without
   * timestamps ages by the local clock since its creation.
   */
  private void maybeRoll(IncomingBatches incoming) throws IOException {
    LogSegment segment = segments.active();
    int size = segment.sizeInBytes();
    if (size == 0) {
      return;
    }
    LogConfig limits = config;
    long end = segments.logEndOffset();
    boolean full = size + (long) incoming.bytes() > limits.segmentBytes();
    boolean old = segment.age(incoming.maxTimestamp(), clock.millis()) > limits.rollMs();
    boolean offsetsOverflow =
        end + incoming.offsets() - 1 - segment.baseOffset() > Integer.MAX_VALUE;
    if (full || old || offsetsOverflow) {
      segments.roll(limits.indexIntervalBytes(), clock.millis());
      LOGGER.debug(
          "partition log {}: rolled segment {} at offset {} ({})",
          dir,
          segment.baseOffset(),
          end,
          full ? "size" : old ? "age" : "offset range");
    }
  }

  /** A read of whole batches, {@code what} the log, under the read lock: I/O errors unchecked. */
  private <T> T underReadLock(String what, SegmentRead<T> read) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return read.get();
    } catch (IOException e) {
      throw new UncheckedIOException(what + " partition log " + dir + " failed", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private interface SegmentRead<T> {
    T get() throws IOException;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("partition log " + dir + " is closed");
    }
  }

  private void ensureWritable() {
    ensureOpen();
    if (failed) {
      throw new IllegalStateException(
          "partition log " + dir + " failed an earlier write; reopen it to recover");
    }
  }

  private UncheckedIOException fail(String operation, IOException e) {
    failed = true;
    LOGGER.error("partition log {}: {} failed; refusing further writes", dir, operation, e);
    return new UncheckedIOException(operation + " of partition log " + dir + " failed", e);
  }
}
