package io.chronik.broker.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log compaction ({@code cleanup.policy=compact}), Kafka's way: for every key, only the record with
 * the highest offset stays; tombstones (records with a null value) go once they are {@code
 * delete.retention.ms} past the cleaning that first kept them.
 *
 * <p>A run on one log:
 *
 * <ol>
 *   <li>Plans from the closed segments ({@link CleanableLog#view}, {@link CleaningPlan}; the active
 *       segment is never cleaned): the clean part lies below the log's first dirty offset (its
 *       {@code cleaner-offset-checkpoint}), the dirty part from there up to the active segment, or
 *       to the first segment with a record newer than {@code min.compaction.lag.ms}. The log is due
 *       when the dirty bytes are more than {@code min.cleanable.dirty.ratio} of the clean plus
 *       dirty bytes, when dirty data is older than {@code max.compaction.lag.ms}, or when kept
 *       tombstones reached their delete horizon. A log that is not due is not read, except once
 *       after it was opened or replaced, when it is not due for its dirt: then its batch headers
 *       say when kept tombstones are due ({@link DeleteHorizonScan}).
 *   <li>Reads the dirty part, and only it, into an {@link OffsetMap}: key digest to its highest
 *       offset. When the map fills, the dirty part ends at the batch that did not fit; the next run
 *       goes on from there.
 *   <li>Rewrites the segments from the first one up to the end of the map, the clean part too (it
 *       may hold older values of the keys just mapped), a few consecutive segments at a time
 *       (together at most {@code segment.bytes}, so small cleaned segments merge): {@link
 *       SegmentRewriter} says what stays.
 *   <li>Swaps each rewritten segment in ({@link CleanableLog#swapCleaned}, {@link
 *       CleanedSegments}): written under a temp name, fsynced, renamed. A segment that comes out
 *       unchanged is not written at all. A swap is refused when the log was cut, replaced or lost
 *       one of those segments to retention meanwhile; the run then stops there.
 *   <li>Records the end of the map as the new first dirty offset, unless a swap was refused.
 * </ol>
 *
 * <p>Invariants: offsets never change, and the first dirty offset only moves up to where a run that
 * swapped all its segments mapped. Every byte read or written goes through the cleaner's {@link
 * CleanerIo} ({@link CleanerReads} and {@link DeleteHorizonScan} for the reads): counted, held to
 * the node's I/O limit, and cut short by {@link #stop}.
 *
 * <p>One instance per cleaner thread: it reuses its map and buffers between runs. Not thread-safe,
 * except {@link #stop} and {@link #io}.
 */
public final class LogCleaner {
  private static final Logger LOGGER = LoggerFactory.getLogger(LogCleaner.class);

  /** The most keys one run maps: about 48 MiB of map. */
  public static final int DEFAULT_MAX_MAP_ENTRIES = 1_500_000;

  /**
   * How dirty a compacted log is.
   *
   * @param dirtyRatio the dirty bytes over the bytes of the closed segments
   * @param cleanBytes the bytes of the closed segments below the first dirty offset
   * @param dirtyBytes the bytes of the closed segments the cleaner may compact now
   * @param due whether a run would clean it now
   * @param reason why it is due (or why not)
   */
  public record Dirt(
      double dirtyRatio, long cleanBytes, long dirtyBytes, boolean due, String reason) {
    static final Dirt NONE = new Dirt(0, 0, 0, false, "nothing to clean");
  }

  private final int maxMapEntries;
  private final CleanerIo io;
  private final BufferSupplier decompression = BufferSupplier.create();
  private final CleanerReads reads;
  private final SegmentRewriter rewriter;
  private final DeleteHorizonScan horizonScan;
  private OffsetMap map;

  /** A cleaner with the default map and no I/O limit. */
  public LogCleaner() {
    this(DEFAULT_MAX_MAP_ENTRIES, CleanerIo.unlimited());
  }

  /** A cleaner whose map holds at most {@code maxMapEntries} keys per run, with no I/O limit. */
  public LogCleaner(int maxMapEntries) {
    this(maxMapEntries, CleanerIo.unlimited());
  }

  /**
   * A cleaner whose map holds at most {@code maxMapEntries} keys per run, and whose reads and
   * writes go through {@code io} (which counts and may throttle them).
   */
  public LogCleaner(int maxMapEntries, CleanerIo io) {
    if (maxMapEntries < 1) {
      throw new IllegalArgumentException("maxMapEntries must be >= 1, got " + maxMapEntries);
    }
    this.maxMapEntries = maxMapEntries;
    this.io = Objects.requireNonNull(io, "io");
    this.reads = new CleanerReads(io);
    this.rewriter = new SegmentRewriter(io, reads, decompression);
    this.horizonScan = new DeleteHorizonScan(io);
  }

  /**
   * Makes a run in progress, and every later one, stop at its next read (or at once when the I/O
   * limit has it waiting) with an {@link InterruptedIOException}; the log is left as it was (a swap
   * already done stays).
   */
  public void stop() {
    io.stop();
  }

  /** The bytes this cleaner read and wrote over all its runs, and how long its limit held it. */
  public CleanerIo io() {
    return io;
  }

  /** How dirty {@code log} is at {@code nowMs}; not due when it is not compacted. */
  public Dirt inspect(PartitionLog log, long nowMs) throws IOException {
    return CleaningPlan.of(log.cleanable(), log.cleanable().view(), nowMs, horizonScan).dirt();
  }

  /**
   * Compacts {@code log} when it is due (see the class comment).
   *
   * @param producerLastOffsets the last offset of each producer's latest batch, by producer id:
   *     those batches stay, possibly empty
   * @throws IOException when a segment cannot be read or written; the log is left as it was, or
   *     with some segments cleaned (each swap is atomic)
   * @throws org.apache.kafka.common.errors.CorruptRecordException when a batch fails its CRC
   */
  public CleanResult clean(PartitionLog log, long nowMs, Map<Long, Long> producerLastOffsets)
      throws IOException {
    long started = System.nanoTime();
    CleanableLog cleanable = log.cleanable();
    CleanerView view = cleanable.view();
    CleaningPlan plan = CleaningPlan.of(cleanable, view, nowMs, horizonScan);
    if (!plan.dirt().due()) {
      return CleanResult.nothing(view.cleanedUpTo(), System.nanoTime() - started);
    }
    long readBefore = io.bytesRead();
    long writtenBefore = io.bytesWritten();
    long throttledBefore = io.throttledNanos();
    long mapEnd = buildMap(view, plan.firstDirty(), plan.firstUncleanable());
    long bytesMapped = io.bytesRead() - readBefore;
    SegmentRewriter.Totals totals = new SegmentRewriter.Totals();
    boolean complete = true;
    for (List<CleanerView.Segment> group : SegmentRewriter.groups(view, mapEnd)) {
      if (!rewriter.rewrite(
          cleanable, view, group, map, mapEnd, nowMs, producerLastOffsets, totals)) {
        complete = false;
        break;
      }
    }
    if (complete) {
      cleanable.cleaned(view.generation(), mapEnd, totals.earliestHorizon);
    }
    CleanResult result =
        new CleanResult(
            true,
            totals.segmentsRead,
            totals.segmentsWritten,
            bytesMapped,
            totals.bytesRead,
            io.bytesWritten() - writtenBefore,
            totals.bytesRemoved,
            totals.recordsRead,
            totals.recordsRemoved,
            log.cleanedUpTo(),
            System.nanoTime() - started,
            io.throttledNanos() - throttledBefore);
    LOGGER.info(
        "partition log {}: cleaned ({}): mapped {} dirty bytes from offset {}; read {} segments,"
            + " {} bytes, {} records; wrote {} segments, removed {} bytes, {} records; clean up to"
            + " offset {}{} in {} ms ({} ms waiting for the I/O limit)",
        view.dir(),
        plan.dirt().reason(),
        result.bytesMapped(),
        plan.firstDirty(),
        result.segmentsRead(),
        result.bytesRead(),
        result.recordsRead(),
        result.segmentsWritten(),
        result.bytesRemoved(),
        result.recordsRemoved(),
        result.cleanedUpTo(),
        complete ? "" : " (stopped: the log changed meanwhile)",
        result.nanos() / 1_000_000,
        result.throttledNanos() / 1_000_000);
    return result;
  }

  /**
   * Maps every key of [{@code firstDirty}, {@code firstUncleanable}) to its highest offset. Returns
   * the offset the map reaches: {@code firstUncleanable}, or the base offset of the first batch
   * that did not fit.
   */
  private long buildMap(CleanerView view, long firstDirty, long firstUncleanable)
      throws IOException {
    long span = 0;
    for (CleanerView.Segment s : view.closed()) {
      if (s.nextOffset() > firstDirty && s.baseOffset() < firstUncleanable) {
        span += Math.min(s.nextOffset(), firstUncleanable) - Math.max(s.baseOffset(), firstDirty);
      }
    }
    int entries = (int) Math.min(maxMapEntries, Math.max(16, span));
    if (map == null) {
      map = new OffsetMap(entries);
    } else {
      map.reset(entries);
    }
    for (CleanerView.Segment s : view.closed()) {
      if (s.nextOffset() <= firstDirty) {
        continue;
      }
      if (s.baseOffset() >= firstUncleanable) {
        break;
      }
      int from = s.baseOffset() < firstDirty ? s.segment().positionOf(firstDirty) : 0;
      long stoppedAt = mapSegment(s, from, firstDirty, firstUncleanable);
      if (stoppedAt >= 0) {
        if (stoppedAt <= firstDirty) {
          throw new IllegalStateException(
              "the cleaner's offset map of "
                  + map.capacity()
                  + " keys cannot hold the batch at offset "
                  + stoppedAt
                  + " of "
                  + view.dir());
        }
        return stoppedAt;
      }
    }
    return firstUncleanable;
  }

  /** Maps one segment's records; the base offset of the batch that did not fit, or -1. */
  private long mapSegment(CleanerView.Segment s, int from, long firstDirty, long firstUncleanable)
      throws IOException {
    try (FileChannel channel = FileChannel.open(s.segment().file(), StandardOpenOption.READ)) {
      int position = from;
      while (position < s.size()) {
        ByteBuffer chunk = reads.readChunk(channel, position, s);
        int consumed = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(chunk).batches()) {
          if (batch.baseOffset() >= firstUncleanable) {
            return -1;
          }
          consumed += batch.sizeInBytes();
          if (batch.lastOffset() < firstDirty) {
            continue;
          }
          batch.ensureValid();
          if (batch.isControlBatch()) {
            continue;
          }
          Integer count = batch.countOrNull();
          if (map.size() + (count == null ? 0 : count) > map.capacity()) {
            return batch.baseOffset();
          }
          try (CloseableIterator<Record> records = batch.streamingIterator(decompression)) {
            while (records.hasNext()) {
              Record record = records.next();
              if (record.offset() >= firstDirty && record.hasKey()) {
                map.put(record.key(), record.offset());
              }
            }
          }
        }
        position = reads.advance(chunk, position, consumed, s);
      }
    }
    return -1;
  }
}
