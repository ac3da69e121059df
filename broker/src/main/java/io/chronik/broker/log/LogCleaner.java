package io.chronik.broker.log;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecords.FilterResult;
import org.apache.kafka.common.record.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.MemoryRecords.RecordFilter.BatchRetention;
import org.apache.kafka.common.record.MemoryRecords.RecordFilter.BatchRetentionResult;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
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
 *   <li>Plans from the closed segments ({@link PartitionLog#cleanerView}; the active segment is
 *       never cleaned): the clean part lies below the log's {@code cleaner-offset-checkpoint}, the
 *       dirty part from there up to the active segment, or to the first segment with a record newer
 *       than {@code min.compaction.lag.ms}. The log is due when the dirty bytes are more than
 *       {@code min.cleanable.dirty.ratio} of the closed segments, when dirty data is older than
 *       {@code max.compaction.lag.ms}, or when kept tombstones reached their delete horizon.
 *   <li>Reads the dirty part into an {@link OffsetMap}: key digest to its highest offset. When the
 *       map fills, the dirty part ends at the batch that did not fit; the next run goes on from
 *       there.
 *   <li>Rewrites the segments from the first one up to the end of the map, a few consecutive
 *       segments at a time (together at most {@code segment.bytes}, so small cleaned segments
 *       merge), with kafka-clients' {@link MemoryRecords#filterTo}: it keeps a batch's offsets,
 *       producer id, epoch and sequence, and re-encodes (recompressing) only a batch that lost
 *       records or whose tombstones get their delete horizon. A record stays when it is past the
 *       map, or is its key's latest and has a value or a tombstone's horizon still ahead; records
 *       without a key go. Whole batches that lose every record go, except the last batch of each
 *       producer (kept, possibly empty, for its sequence numbers, as Kafka does) and the last batch
 *       of each new segment (kept, possibly empty, so that the segment still ends where the next
 *       one starts). Offsets never change: the cleaned segments have gaps. Every batch read is
 *       CRC-checked first, so a damaged batch is never rewritten with a fresh checksum: the run
 *       fails instead.
 *   <li>Swaps each rewritten segment in ({@link PartitionLog#swapCleaned}, {@link
 *       CleanedSegments}): written under a temp name, fsynced, renamed. A segment that came out
 *       unchanged is not swapped. A swap is refused when the log was cut, replaced or lost one of
 *       those segments to retention meanwhile.
 *   <li>Records the end of the map as the new checkpoint.
 * </ol>
 *
 * <p>One instance per cleaner thread: it reuses its map and buffers between runs. Not thread-safe.
 */
public final class LogCleaner {
  private static final Logger LOGGER = LoggerFactory.getLogger(LogCleaner.class);

  /** The most keys one run maps: about 48 MiB of map. */
  public static final int DEFAULT_MAX_MAP_ENTRIES = 1_500_000;

  private static final int FIRST_BUFFER_BYTES = 1 << 20;
  private static final int LOG_OVERHEAD = Records.LOG_OVERHEAD;

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

  private record Plan(Dirt dirt, long firstDirty, long firstUncleanable) {}

  private final int maxMapEntries;
  private final CleanerIo io;
  private final BufferSupplier decompression = BufferSupplier.create();
  private volatile boolean stopped;
  private OffsetMap map;
  private ByteBuffer readBuffer = ByteBuffer.allocate(FIRST_BUFFER_BYTES);
  private ByteBuffer writeBuffer = ByteBuffer.allocate(FIRST_BUFFER_BYTES);

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
  }

  /**
   * Makes a run in progress, and every later one, stop at its next read (or at once when the I/O
   * limit has it waiting) with an {@link InterruptedIOException}; the log is left as it was (a swap
   * already done stays).
   */
  public void stop() {
    stopped = true;
    io.stop();
  }

  /** The bytes this cleaner read and wrote over all its runs, and how long its limit held it. */
  public CleanerIo io() {
    return io;
  }

  /** How dirty {@code log} is at {@code nowMs}; not due when it is not compacted. */
  public Dirt inspect(PartitionLog log, long nowMs) throws IOException {
    return plan(log, log.cleanerView(), nowMs).dirt();
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
    CleanerView view = log.cleanerView();
    Plan plan = plan(log, view, nowMs);
    if (!plan.dirt().due()) {
      return CleanResult.nothing(view.cleanedUpTo(), System.nanoTime() - started);
    }
    long readBefore = io.bytesRead();
    long writtenBefore = io.bytesWritten();
    long throttledBefore = io.throttledNanos();
    long mapEnd = buildMap(view, plan.firstDirty(), plan.firstUncleanable());
    long bytesMapped = io.bytesRead() - readBefore;
    Totals totals = new Totals();
    boolean complete = true;
    for (List<CleanerView.Segment> group : groups(view, mapEnd)) {
      if (!cleanGroup(log, view, group, mapEnd, nowMs, producerLastOffsets, totals)) {
        complete = false;
        break;
      }
    }
    if (complete) {
      log.cleaned(view.generation(), mapEnd, totals.earliestHorizon);
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

  private Plan plan(PartitionLog log, CleanerView view, long nowMs) throws IOException {
    LogCleanup cleanup = view.config().cleanup();
    List<CleanerView.Segment> closed = view.closed();
    if (!cleanup.compact() || closed.isEmpty()) {
      return new Plan(Dirt.NONE, view.activeBaseOffset(), view.activeBaseOffset());
    }
    long horizon = view.earliestDeleteHorizon();
    if (horizon == CleanerView.UNKNOWN_HORIZON) {
      horizon = RecordBatch.NO_TIMESTAMP;
      for (CleanerView.Segment s : closed) {
        long found = s.segment().earliestDeleteHorizon();
        if (found != RecordBatch.NO_TIMESTAMP
            && (horizon == RecordBatch.NO_TIMESTAMP || found < horizon)) {
          horizon = found;
        }
      }
      log.noteDeleteHorizon(view.generation(), horizon);
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
    } else if (total > 0 && horizon != RecordBatch.NO_TIMESTAMP && horizon <= nowMs) {
      reason = "tombstones past delete.retention.ms";
    } else {
      reason = null;
    }
    return new Plan(
        new Dirt(
            ratio,
            cleanBytes,
            dirtyBytes,
            reason != null,
            reason != null ? reason : String.format("dirty ratio %.2f", ratio)),
        firstDirty,
        firstUncleanable);
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
        ByteBuffer chunk = readChunk(channel, position, s);
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
        position = advance(chunk, position, consumed, s);
      }
    }
    return -1;
  }

  /**
   * The runs of consecutive closed segments from the first one up to the segment holding offset
   * {@code mapEnd - 1} that are rewritten together: each run together at most {@code
   * segment.bytes}, and its offsets within 2^31 of its base (the offset index holds 32-bit relative
   * offsets).
   */
  private static List<List<CleanerView.Segment>> groups(CleanerView view, long mapEnd) {
    List<List<CleanerView.Segment>> groups = new ArrayList<>();
    List<CleanerView.Segment> current = new ArrayList<>();
    long size = 0;
    long limit = view.config().segmentBytes();
    for (CleanerView.Segment s : view.closed()) {
      if (s.baseOffset() >= mapEnd) {
        break;
      }
      boolean fits =
          size + s.size() <= limit
              && s.nextOffset()
                      - 1
                      - (current.isEmpty() ? s.baseOffset() : current.get(0).baseOffset())
                  <= Integer.MAX_VALUE;
      if (!current.isEmpty() && !fits) {
        groups.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(s);
      size += s.size();
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  /**
   * Rewrites one run of segments into a new one and swaps it in. False when the swap was refused
   * (the log changed meanwhile).
   */
  private boolean cleanGroup(
      PartitionLog log,
      CleanerView view,
      List<CleanerView.Segment> group,
      long mapEnd,
      long nowMs,
      Map<Long, Long> producerLastOffsets,
      Totals totals)
      throws IOException {
    long base = group.get(0).baseOffset();
    long groupEnd = group.get(group.size() - 1).nextOffset();
    long bytesIn = group.stream().mapToLong(CleanerView.Segment::size).sum();
    if (bytesIn == 0) {
      return true;
    }
    GroupOutput output = new GroupOutput();
    RecordFilter filter =
        new RecordFilter(nowMs, view.config().cleanup().deleteRetentionMs()) {
          @Override
          protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
            boolean keep =
                batch.lastOffset() == groupEnd - 1
                    || batch.hasProducerId()
                        && Long.valueOf(batch.lastOffset())
                            .equals(producerLastOffsets.get(batch.producerId()));
            return new BatchRetentionResult(
                keep ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
          }

          @Override
          protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
            boolean retain = retain(batch, record);
            if (retain && !record.hasValue()) {
              // filterTo stamps a kept tombstone's batch with now + delete.retention.ms
              OptionalLong horizon = batch.deleteHorizonMs();
              output.noteHorizon(
                  horizon.isPresent() ? horizon.getAsLong() : currentTime + deleteRetentionMs);
            }
            return retain;
          }

          private boolean retain(RecordBatch batch, Record record) {
            if (record.offset() >= mapEnd) {
              return true;
            }
            if (!record.hasKey()) {
              return false;
            }
            if (record.offset() < map.get(record.key())) {
              return false;
            }
            if (record.hasValue()) {
              return true;
            }
            OptionalLong horizon = batch.deleteHorizonMs();
            return horizon.isEmpty() || currentTime < horizon.getAsLong();
          }
        };
    TopicPartition name = new TopicPartition(view.dir().getFileName().toString(), 0);
    LogSegment cleaned = log.createCleaned(base);
    boolean swapped = false;
    try {
      try {
        for (CleanerView.Segment s : group) {
          filterSegment(s, filter, name, cleaned, output);
        }
        totals.segmentsRead += group.size();
        totals.bytesRead += bytesIn;
        totals.recordsRead += output.recordsRead;
        totals.note(output.earliestHorizon);
        if (!output.changed && group.size() == 1) {
          return true;
        }
        cleaned.onBecomeInactive();
        cleaned.flush();
      } finally {
        cleaned.close();
      }
      long bytesOut = cleaned.sizeInBytes();
      swapped = log.swapCleaned(view.generation(), group);
      if (swapped) {
        totals.segmentsWritten++;
        totals.bytesRemoved += bytesIn - bytesOut;
        totals.recordsRemoved += output.recordsRead - output.recordsRetained;
      }
      return swapped;
    } finally {
      if (!swapped) {
        log.discardCleaned(base);
      }
    }
  }

  /** Filters one segment's batches into {@code cleaned}. */
  private void filterSegment(
      CleanerView.Segment s,
      RecordFilter filter,
      TopicPartition name,
      LogSegment cleaned,
      GroupOutput output)
      throws IOException {
    try (FileChannel channel = FileChannel.open(s.segment().file(), StandardOpenOption.READ)) {
      int position = 0;
      while (position < s.size()) {
        ByteBuffer chunk = readChunk(channel, position, s);
        MemoryRecords records = MemoryRecords.readableRecords(chunk);
        // a damaged batch must fail the run, not come out re-encoded with a valid checksum
        for (MutableRecordBatch batch : records.batches()) {
          batch.ensureValid();
        }
        writeBuffer.clear();
        FilterResult result =
            records.filterTo(name, filter, writeBuffer, Integer.MAX_VALUE, decompression);
        ByteBuffer written = result.outputBuffer();
        int consumed = result.bytesRead();
        if (consumed > 0) {
          written.flip();
          ByteBuffer read = chunk.duplicate().position(0).limit(consumed);
          output.changed |= !read.equals(written);
          output.recordsRead += result.messagesRead();
          output.recordsRetained += result.messagesRetained();
          if (written.hasRemaining()) {
            io.wrote(written.remaining());
            cleaned.append(MemoryRecords.readableRecords(written));
          }
        }
        if (written.capacity() > writeBuffer.capacity()) {
          writeBuffer = written;
        }
        position = advance(chunk, position, consumed, s);
      }
    }
  }

  /**
   * Reads the bytes of {@code s} from {@code position} into the read buffer (as many as fit), ready
   * to parse.
   */
  private ByteBuffer readChunk(FileChannel channel, int position, CleanerView.Segment s)
      throws IOException {
    if (stopped) {
      throw new InterruptedIOException("the log cleaner is stopping");
    }
    ByteBuffer buffer = readBuffer;
    buffer.clear();
    buffer.limit((int) Math.min(buffer.capacity(), (long) s.size() - position));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException(
            s.segment().file() + " is shorter than the " + s.size() + " bytes it had");
      }
    }
    io.read(buffer.position());
    return buffer.flip();
  }

  /**
   * The position after the batches consumed from {@code chunk}; when none was (the next batch is
   * larger than the read buffer), the read buffer grows to hold it.
   */
  private int advance(ByteBuffer chunk, int position, int consumed, CleanerView.Segment s)
      throws IOException {
    if (consumed > 0) {
      return position + consumed;
    }
    if (chunk.remaining() < LOG_OVERHEAD) {
      throw new IOException(
          "truncated batch header at position " + position + " of " + s.segment().file());
    }
    long batchSize = LOG_OVERHEAD + (long) chunk.getInt(chunk.position() + Records.SIZE_OFFSET);
    if (batchSize <= chunk.remaining() || position + batchSize > s.size()) {
      throw new IOException(
          "batch of "
              + batchSize
              + " bytes at position "
              + position
              + " does not fit "
              + s.segment().file()
              + " ("
              + s.size()
              + " bytes)");
    }
    readBuffer = ByteBuffer.allocate((int) batchSize);
    return position;
  }

  /** What one group's filtering produced. */
  private static final class GroupOutput {
    boolean changed;
    long recordsRead;
    long recordsRetained;
    long earliestHorizon = RecordBatch.NO_TIMESTAMP;

    /** Keeps the earliest delete horizon of the tombstones kept: when the log is due again. */
    void noteHorizon(long horizon) {
      if (earliestHorizon == RecordBatch.NO_TIMESTAMP || horizon < earliestHorizon) {
        earliestHorizon = horizon;
      }
    }
  }

  /** What a run did, summed over its groups. */
  private static final class Totals {
    int segmentsRead;
    int segmentsWritten;
    long bytesRead;
    long bytesRemoved;
    long recordsRead;
    long recordsRemoved;
    long earliestHorizon = RecordBatch.NO_TIMESTAMP;

    void note(long horizon) {
      if (horizon != RecordBatch.NO_TIMESTAMP
          && (earliestHorizon == RecordBatch.NO_TIMESTAMP || horizon < earliestHorizon)) {
        earliestHorizon = horizon;
      }
    }
  }
}
