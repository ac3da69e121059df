package io.chronik.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sparse offset index of one segment ({@code %020d.index}): entries of (offset relative to the
 * segment's base offset: int32, file position of the batch starting at that offset: int32).
 *
 * <p>Invariants: every entry names the base offset and position of a batch in the segment; offsets
 * and positions strictly increase along the file. The index is sparse (one entry per {@code
 * index.interval.bytes}), so {@link #lookup} gives a place to start scanning, never the end of it.
 */
final class OffsetIndex implements Closeable {

  static final int ENTRY_SIZE = 8;

  /** An indexed batch: its absolute base offset and its position in the segment file. */
  record Entry(long offset, int position) {}

  private final IndexFile file;
  private final long baseOffset;

  private OffsetIndex(IndexFile file, long baseOffset) {
    this.file = file;
    this.baseOffset = baseOffset;
  }

  static OffsetIndex open(Path path, long baseOffset) throws IOException {
    return new OffsetIndex(IndexFile.open(path, ENTRY_SIZE), baseOffset);
  }

  int entries() {
    return file.entries();
  }

  /** Indexes the batch with base offset {@code offset} at file {@code position}. */
  void append(long offset, int position) throws IOException {
    long relative = offset - baseOffset;
    if (relative < 0 || relative > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "offset " + offset + " is out of range for segment " + baseOffset);
    }
    Optional<Entry> last = lastEntry();
    if (last.isPresent() && (offset <= last.get().offset() || position <= last.get().position())) {
      throw new IllegalArgumentException(
          "index entry (" + offset + ", " + position + ") does not follow " + last.get());
    }
    file.append(ByteBuffer.allocate(ENTRY_SIZE).putInt((int) relative).putInt(position).flip());
  }

  /**
   * The entry with the largest offset {@code <= target}, or (base offset, 0) when there is none:
   * the batch containing {@code target} starts at or after the returned position.
   */
  Entry lookup(long target) throws IOException {
    int n = file.entries();
    int found = file.floor(OffsetIndex::relativeOffset, target - baseOffset, n);
    return found < 0 ? new Entry(baseOffset, 0) : entry(found);
  }

  Optional<Entry> lastEntry() throws IOException {
    int n = file.entries();
    return n == 0 ? Optional.empty() : Optional.of(entry(n - 1));
  }

  /** Removes the entries for offsets {@code >= offset}. */
  void truncateTo(long offset) throws IOException {
    int keep = file.floor(OffsetIndex::relativeOffset, offset - baseOffset - 1, file.entries()) + 1;
    file.truncateToEntries(keep);
  }

  void reset() throws IOException {
    file.truncateToEntries(0);
  }

  /**
   * Whether the entries are plausible for a segment file of {@code logSize} bytes: offsets and
   * positions increase and stay inside the file. Cheap (reads every entry once, no log I/O).
   */
  boolean isConsistent(int logSize) throws IOException {
    ByteBuffer all = file.readAll();
    long previousRelative = -1;
    long previousPosition = -1;
    while (all.hasRemaining()) {
      int relative = all.getInt();
      int position = all.getInt();
      if (relative <= previousRelative || position <= previousPosition || position >= logSize) {
        return false;
      }
      previousRelative = relative;
      previousPosition = position;
    }
    return true;
  }

  void flush() throws IOException {
    file.flush();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  void closeAndDelete() throws IOException {
    file.closeAndDelete();
  }

  private Entry entry(int n) throws IOException {
    ByteBuffer buffer = file.read(n);
    return new Entry(baseOffset + buffer.getInt(0), buffer.getInt(4));
  }

  private static long relativeOffset(ByteBuffer entry) {
    return entry.getInt(0);
  }
}
