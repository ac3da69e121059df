package io.chronik.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.utils.BufferSupplier;

/**
 * The rewrite step of the {@link LogCleaner}: filters runs of consecutive closed segments against
 * the run's {@link OffsetMap} with kafka-clients' {@link MemoryRecords#filterTo} (into memory, a
 * chunk at a time), into a cleaned segment that {@link CleanableLog#swapCleaned} swaps in (see
 * {@link CleanedSegments}).
 *
 * <p>Invariants of what it writes:
 *
 * <ul>
 *   <li>A record stays when it is at or past the end of the map, or is its key's latest and has a
 *       value, or is a tombstone whose delete horizon is still ahead (the first cleaning that keeps
 *       a tombstone stamps its batch with now + {@code delete.retention.ms}); records without a key
 *       go.
 *   <li>A batch keeps its offsets, producer id, epoch and sequence; only a batch that lost records
 *       or gets a delete horizon is re-encoded (recompressed). A batch that loses every record
 *       goes, except the last batch of each producer still known (kept empty, for its sequence
 *       numbers) and the last batch of the run (kept empty, so that the new segment ends where the
 *       next one starts). Offsets never change.
 *   <li>Every batch read is CRC-checked before it is filtered: a damaged batch fails the run
 *       instead of coming out re-encoded with a fresh checksum.
 *   <li>A run of one segment that comes out unchanged is not written: what the filter puts out is
 *       compared with what it read, a chunk at a time, and the cleaned segment is created only at
 *       the first difference ({@link CleanedSegmentWriter}).
 * </ul>
 *
 * <p>One instance per cleaner: it reuses its write buffer. Not thread-safe.
 */
final class SegmentRewriter {
  private static final int FIRST_BUFFER_BYTES = 1 << 20;

  private final CleanerIo io;
  private final CleanerReads reads;
  private final BufferSupplier decompression;
  private ByteBuffer writeBuffer = ByteBuffer.allocate(FIRST_BUFFER_BYTES);

  SegmentRewriter(CleanerIo io, CleanerReads reads, BufferSupplier decompression) {
    this.io = io;
    this.reads = reads;
    this.decompression = decompression;
  }

  /**
   * The runs of consecutive closed segments from the first one up to the segment holding offset
   * {@code mapEnd - 1} that are rewritten together: each run together at most {@code
   * segment.bytes}, and its offsets within 2^31 of its base (the offset index holds 32-bit relative
   * offsets).
   */
  static List<List<CleanerView.Segment>> groups(CleanerView view, long mapEnd) {
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
   * Rewrites one run of segments (one of {@link #groups}) into a new one and swaps it in, adding
   * what it did to {@code totals}. False when the swap was refused (the log changed meanwhile).
   *
   * @param map the keys of the dirty part mapped to their latest offsets, up to {@code mapEnd}
   */
  boolean rewrite(
      CleanableLog log,
      CleanerView view,
      List<CleanerView.Segment> group,
      OffsetMap map,
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
    // merging several segments into one is a change whatever the filter does
    output.changed = group.size() > 1;
    CleanedSegmentWriter cleaned = new CleanedSegmentWriter(log, base, io, reads);
    boolean swapped = false;
    try {
      long bytesOut;
      try (cleaned) {
        for (CleanerView.Segment s : group) {
          filterSegment(s, filter, name, cleaned, output);
        }
        totals.segmentsRead += group.size();
        totals.bytesRead += bytesIn;
        totals.recordsRead += output.recordsRead;
        totals.note(output.earliestHorizon);
        if (!output.changed) {
          return true;
        }
        bytesOut = cleaned.finish();
      }
      swapped = log.swapCleaned(view.generation(), group);
      if (swapped) {
        totals.segmentsWritten++;
        totals.bytesRemoved += bytesIn - bytesOut;
        totals.recordsRemoved += output.recordsRead - output.recordsRetained;
      }
      return swapped;
    } finally {
      if (!swapped && cleaned.created()) {
        log.discardCleaned(base);
      }
    }
  }

  /**
   * Filters one segment's batches, a chunk at a time, and writes what comes out to {@code cleaned}
   * from the first chunk whose output differs from what was read (see {@link
   * CleanedSegmentWriter}).
   */
  private void filterSegment(
      CleanerView.Segment s,
      RecordFilter filter,
      TopicPartition name,
      CleanedSegmentWriter cleaned,
      GroupOutput output)
      throws IOException {
    try (FileChannel channel = FileChannel.open(s.segment().file(), StandardOpenOption.READ)) {
      int position = 0;
      while (position < s.size()) {
        ByteBuffer chunk = reads.readChunk(channel, position, s);
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
        if (written.capacity() > writeBuffer.capacity()) {
          writeBuffer = written;
        }
        int next = reads.advance(chunk, position, consumed, s);
        if (consumed > 0) {
          written.flip();
          ByteBuffer read = chunk.duplicate().position(0).limit(consumed);
          output.changed |= !read.equals(written);
          output.recordsRead += result.messagesRead();
          output.recordsRetained += result.messagesRetained();
          if (output.changed) {
            // copies the unchanged bytes before this chunk first, reading over the chunk
            cleaned.start(s, position);
            cleaned.append(written);
          }
        }
        position = next;
      }
    }
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
  static final class Totals {
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
