package io.chronik.broker.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 *       only, each into a new file swapped in by rename ({@link CleanableLog}, {@link
 *       CleanedSegments}): offsets stay, dropped batches leave gaps, and a cleaned segment keeps
 *       its last batch (empty if need be), so segments stay contiguous. A reader asking for an
 *       offset in a gap gets the next batch. Below {@link #cleanedUpTo()} the log holds one record
 *       per key.
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
 * <p>This class is the log's contract. The parts behind it: {@link LogGuard} holds its locks and
 * its failure state; {@link SegmentSet} keeps the segments, the offsets that bound them and their
 * checkpoint files in step; {@link IncomingBatches} checks an append and assigns its offsets;
 * {@link SegmentReads} reads across segments; {@link LogCuts} carries out truncation, retention,
 * DeleteRecords and replacement, with {@link RetentionPlan} picking the segments retention deletes;
 * {@link LogCleaner} compacts, through {@link CleanableLog}; {@link LogLoader} recovers the
 * directory on open; {@link SnapshotFiles} links and replaces checkpoints.
 */
public final class PartitionLog implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(PartitionLog.class);

  private final Path dir;
  private final InstantSource clock;
  private final SegmentSet segments;
  private final LogGuard guard;
  private final CleanableLog cleanable;
  private final LogCuts cuts;

  private volatile LogConfig config;

  private PartitionLog(Path dir, LogConfig config, InstantSource clock, LogLoader.Loaded loaded) {
    this.dir = dir;
    this.config = config;
    this.clock = clock;
    this.segments = new SegmentSet(dir, loaded);
    this.guard = new LogGuard(dir);
    this.cleanable = new CleanableLog(this, dir, segments, guard, this::config, clock);
    this.cuts = new LogCuts(dir, segments, guard, cleanable, this::config, clock);
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
    guard.ensureWritable();
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
      throw guard.fail("append", e);
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
    return guard.underReadLock(
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
    return guard.underReadLock(
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
    return guard.underReadLock(
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
    return guard.underReadLock(
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

  /** The epoch the record at {@code offset} was written in, or -1 when the log knows none. */
  public int epochFor(long offset) {
    return segments.epochCache().epochFor(offset);
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
    cuts.truncateTo(offset);
  }

  /**
   * Deletes every segment and restarts the empty log at {@code offset} (log start = log end =
   * {@code offset}, no epochs): for a replica that installs a snapshot.
   */
  public synchronized void truncateFullyAndStartAt(long offset) {
    cuts.restartAt(offset);
  }

  /**
   * Seals the log for a snapshot and links it into the empty directory {@code target}: rolls the
   * active segment when it holds data (so every batch so far sits in a closed segment that is never
   * written again), fsyncs, hard-links each closed segment with its indexes, and writes the leader
   * epochs. Runs between appends (the caller is the only writer); readers are not blocked.
   */
  public synchronized LogCheckpoint checkpointInto(Path target) throws IOException {
    guard.ensureWritable();
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
    cuts.replaceBy(source, checkpoint);
  }

  /** Fsyncs every segment written since the last flush, then advances the recovery point. */
  public synchronized void flush() throws IOException {
    guard.ensureOpen();
    try {
      segments.flush();
    } catch (IOException e) {
      guard.failed(true);
      throw e;
    }
  }

  /**
   * Deletes the oldest closed segments that {@link RetentionPlan} names (by {@code retention.ms}
   * against {@code nowMs}, by {@code retention.bytes}, and those wholly below the log start
   * offset). The active segment always stays. Advances the log start offset.
   */
  public synchronized RetentionResult applyRetention(long nowMs) {
    return cuts.applyRetention(nowMs);
  }

  /**
   * DeleteRecords: moves the log start offset up to {@code offset} and deletes the closed segments
   * wholly below it. An offset at or below the log start offset changes nothing.
   *
   * @throws OffsetOutOfRangeException when {@code offset} is above {@link #logEndOffset()}
   */
  public synchronized void deleteRecordsBefore(long offset) {
    cuts.deleteRecordsBefore(offset);
  }

  /** The log as its {@link LogCleaner} works on it. */
  CleanableLog cleanable() {
    return cleanable;
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
    if (guard.closed()) {
      return;
    }
    guard.writeLock().lock();
    try {
      IOException failure = null;
      if (!guard.failed()) {
        try {
          flush();
        } catch (IOException e) {
          failure = e;
        }
      }
      guard.markClosed();
      failure = segments.closeAll(failure);
      if (failure != null) {
        throw new UncheckedIOException("closing partition log " + dir + " failed", failure);
      }
      LOGGER.debug("partition log {}: closed at offset {}", dir, segments.logEndOffset());
    } finally {
      guard.writeLock().unlock();
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
   * Rolls the active segment when the append needs a new one ({@link IncomingBatches#rollReason}).
   */
  private void maybeRoll(IncomingBatches incoming) throws IOException {
    LogSegment segment = segments.active();
    long end = segments.logEndOffset();
    LogConfig limits = config;
    String reason = incoming.rollReason(segment, end, limits, clock.millis());
    if (reason != null) {
      segments.roll(limits.indexIntervalBytes(), clock.millis());
      LOGGER.debug(
          "partition log {}: rolled segment {} at offset {} ({})",
          dir,
          segment.baseOffset(),
          end,
          reason);
    }
  }
}
