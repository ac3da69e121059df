package io.chronik.broker.log;

import java.io.Closeable;
import java.io.IOException;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The sparse {@link OffsetIndex} and {@link TimeIndex} of one segment, and the running figures they
 * are built from: the largest batch timestamp so far (with the base offset of its batch), the first
 * batch's timestamp (what {@code segment.ms} ages from) and the bytes written since the last
 * offset-index entry.
 *
 * <p>Invariants: a batch gets an offset-index entry when at least {@code index.interval.bytes} were
 * written since the previous entry; a time-index entry always carries the largest timestamp seen up
 * to its batch, so both indexes only grow. Mutations run under the owning {@link PartitionLog}'s
 * monitor; {@link #maxTimestampAndOffset()} may be read by any thread.
 */
final class SegmentIndexes implements Closeable {

  private final OffsetIndex offsetIndex;
  private final TimeIndex timeIndex;
  private final int indexIntervalBytes;

  private volatile TimestampOffset maxTimestampAndOffset;
  private long rollingBaseTimestamp = RecordBatch.NO_TIMESTAMP;
  private int bytesSinceLastIndexEntry;

  SegmentIndexes(OffsetIndex offsetIndex, TimeIndex timeIndex, int indexIntervalBytes) {
    this.offsetIndex = offsetIndex;
    this.timeIndex = timeIndex;
    this.indexIntervalBytes = indexIntervalBytes;
  }

  OffsetIndex offsets() {
    return offsetIndex;
  }

  TimeIndex times() {
    return timeIndex;
  }

  /** The largest batch max timestamp and the base offset of that batch; null when none. */
  TimestampOffset maxTimestampAndOffset() {
    return maxTimestampAndOffset;
  }

  /** The max timestamp of the segment's first batch, or {@code NO_TIMESTAMP}. */
  long rollingBaseTimestamp() {
    return rollingBaseTimestamp;
  }

  /** Accounts for the batch written at file {@code position}, adding index entries when due. */
  void add(RecordBatch batch, int position) throws IOException {
    if (position == 0) {
      rollingBaseTimestamp = batch.maxTimestamp();
    }
    TimestampOffset max = maxTimestampAndOffset;
    if (batch.maxTimestamp() >= 0 && (max == null || batch.maxTimestamp() > max.timestamp())) {
      max = new TimestampOffset(batch.maxTimestamp(), batch.baseOffset());
      maxTimestampAndOffset = max;
    }
    if (bytesSinceLastIndexEntry >= indexIntervalBytes) {
      offsetIndex.append(batch.baseOffset(), position);
      if (max != null) {
        timeIndex.maybeAppend(max.timestamp(), max.offset());
      }
      bytesSinceLastIndexEntry = 0;
    }
    bytesSinceLastIndexEntry += batch.sizeInBytes();
  }

  /** Empties both indexes and forgets the running figures, before a rebuild from the file. */
  void reset() throws IOException {
    offsetIndex.reset();
    timeIndex.reset();
    maxTimestampAndOffset = null;
    rollingBaseTimestamp = RecordBatch.NO_TIMESTAMP;
    bytesSinceLastIndexEntry = 0;
  }

  /** Sets the running figures of indexes loaded from disk (see {@link SegmentRecovery}). */
  void restore(TimestampOffset max, long rollingBaseTimestamp, int bytesSinceLastIndexEntry) {
    this.rollingBaseTimestamp = rollingBaseTimestamp;
    this.maxTimestampAndOffset = max;
    this.bytesSinceLastIndexEntry = bytesSinceLastIndexEntry;
  }

  /** Drops the entries at and above {@code offset} from both indexes. */
  void truncateTo(long offset) throws IOException {
    offsetIndex.truncateTo(offset);
    timeIndex.truncateTo(offset);
  }

  /** Seals the indexes when the segment stops being the active one: the time index gets its max. */
  void seal() throws IOException {
    TimestampOffset max = maxTimestampAndOffset;
    if (max != null) {
      timeIndex.maybeAppend(max.timestamp(), max.offset());
    }
  }

  void flush() throws IOException {
    offsetIndex.flush();
    timeIndex.flush();
  }

  @Override
  public void close() throws IOException {
    try (offsetIndex) {
      timeIndex.close();
    }
  }

  void closeAndDelete() throws IOException {
    offsetIndex.closeAndDelete();
    timeIndex.closeAndDelete();
  }
}
