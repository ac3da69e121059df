package io.chronik.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;

/**
 * The cleaned segment that {@link SegmentRewriter} writes for one run of segments, created only
 * once the run's filtered output first differs from what it read: a run that comes out unchanged
 * writes nothing, not even an empty {@code .cleaned} file.
 *
 * <p>When the first difference comes after unchanged bytes of the run's first segment, those bytes
 * (whole batches, CRC-checked when they were filtered) are copied over first, read again from the
 * segment, so that the cleaned segment holds the run's whole output. A run of several segments
 * starts at its first byte: merging them is a change.
 *
 * <p>Invariants: every byte appended is counted by the cleaner's {@link CleanerIo} as written (the
 * copied prefix also as read); nothing is created once the log is closed ({@link
 * CleanableLog#createCleaned}). The caller deletes the files ({@link CleanableLog#discardCleaned})
 * when {@link #created} and the segment is not swapped in.
 *
 * <p>One instance per run; not thread-safe.
 */
final class CleanedSegmentWriter implements Closeable {
  private final CleanableLog log;
  private final long baseOffset;
  private final CleanerIo io;
  private final CleanerReads reads;
  private boolean created;
  private LogSegment segment;

  CleanedSegmentWriter(CleanableLog log, long baseOffset, CleanerIo io, CleanerReads reads) {
    this.log = log;
    this.baseOffset = baseOffset;
    this.io = io;
    this.reads = reads;
  }

  /** Whether the cleaned segment's files were created (or their creation was tried). */
  boolean created() {
    return created;
  }

  /**
   * Creates the cleaned segment, unless it exists, and copies into it the first {@code unchanged}
   * bytes of {@code first}, the run's first segment. Reads through the cleaner's {@link
   * CleanerReads}: a chunk the caller holds from them is overwritten.
   */
  void start(CleanerView.Segment first, int unchanged) throws IOException {
    if (segment != null) {
      return;
    }
    created = true;
    segment = log.createCleaned(baseOffset);
    if (unchanged == 0) {
      return;
    }
    try (FileChannel channel = FileChannel.open(first.segment().file(), StandardOpenOption.READ)) {
      int position = 0;
      while (position < unchanged) {
        ByteBuffer chunk = reads.readChunk(channel, position, unchanged, first);
        int whole = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(chunk).batches()) {
          whole += batch.sizeInBytes();
        }
        append(chunk.duplicate().limit(chunk.position() + whole));
        position = reads.advance(chunk, position, whole, first);
      }
    }
  }

  /** Appends whole batches to the started segment ({@link #start}). */
  void append(ByteBuffer batches) throws IOException {
    if (batches.hasRemaining()) {
      io.wrote(batches.remaining());
      segment.append(MemoryRecords.readableRecords(batches.slice()));
    }
  }

  /**
   * Seals the started segment's indexes and fsyncs it, ready to be swapped in; returns its size in
   * bytes.
   */
  int finish() throws IOException {
    segment.onBecomeInactive();
    segment.flush();
    return segment.sizeInBytes();
  }

  @Override
  public void close() throws IOException {
    if (segment != null) {
      segment.close();
    }
  }
}
