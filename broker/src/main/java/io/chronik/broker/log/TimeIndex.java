package io.chronik.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sparse time index of one segment ({@code %020d.timeindex}): entries of (timestamp: int64,
 * offset relative to the segment's base offset: int32).
 *
 * <p>Invariants: an entry (t, o) says that no batch of the segment before the one with base offset
 * o has a max timestamp above t, and that the batch at o has max timestamp t (t is the running
 * maximum). Timestamps and offsets strictly increase along the file. A closed segment's last entry
 * holds the segment's max timestamp.
 */
final class TimeIndex implements Closeable {

  static final int ENTRY_SIZE = 12;

  /** The running max timestamp and the base offset of the batch that set it. */
  record Entry(long timestamp, long offset) {}

  private final IndexFile file;
  private final long baseOffset;

  private TimeIndex(IndexFile file, long baseOffset) {
    this.file = file;
    this.baseOffset = baseOffset;
  }

  static TimeIndex open(Path path, long baseOffset) throws IOException {
    return new TimeIndex(IndexFile.open(path, ENTRY_SIZE), baseOffset);
  }

  int entries() {
    return file.entries();
  }

  /** Appends (timestamp, offset) when the timestamp is above the last entry's. */
  void maybeAppend(long timestamp, long offset) throws IOException {
    if (timestamp < 0) {
      return;
    }
    Optional<Entry> last = lastEntry();
    if (last.isPresent() && timestamp <= last.get().timestamp()) {
      return;
    }
    if (last.isPresent() && offset <= last.get().offset()) {
      throw new IllegalArgumentException(
          "time index entry (" + timestamp + ", " + offset + ") does not follow " + last.get());
    }
    long relative = offset - baseOffset;
    if (relative < 0 || relative > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "offset " + offset + " is out of range for segment " + baseOffset);
    }
    file.append(ByteBuffer.allocate(ENTRY_SIZE).putLong(timestamp).putInt((int) relative).flip());
  }

  /**
   * The last entry whose timestamp is strictly below {@code timestamp}: every batch before its
   * offset has a smaller max timestamp, so a search for {@code timestamp} may start there.
   */
  Optional<Entry> lastEntryBefore(long timestamp) throws IOException {
    if (timestamp == Long.MIN_VALUE) {
      return Optional.empty();
    }
    int found = file.floor(TimeIndex::timestamp, timestamp - 1, file.entries());
    return found < 0 ? Optional.empty() : Optional.of(entry(found));
  }

  Optional<Entry> lastEntry() throws IOException {
    int n = file.entries();
    return n == 0 ? Optional.empty() : Optional.of(entry(n - 1));
  }

  /** Removes the entries for offsets {@code >= offset}. */
  void truncateTo(long offset) throws IOException {
    int keep = file.floor(TimeIndex::relativeOffset, offset - baseOffset - 1, file.entries()) + 1;
    file.truncateToEntries(keep);
  }

  void reset() throws IOException {
    file.truncateToEntries(0);
  }

  /** Whether timestamps and offsets strictly increase and offsets stay in the segment. */
  boolean isConsistent() throws IOException {
    ByteBuffer all = file.readAll();
    long previousTimestamp = -1;
    long previousRelative = -1;
    while (all.hasRemaining()) {
      long timestamp = all.getLong();
      int relative = all.getInt();
      if (timestamp <= previousTimestamp || relative <= previousRelative) {
        return false;
      }
      previousTimestamp = timestamp;
      previousRelative = relative;
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
    return new Entry(buffer.getLong(0), baseOffset + buffer.getInt(8));
  }

  private static long timestamp(ByteBuffer entry) {
    return entry.getLong(0);
  }

  private static long relativeOffset(ByteBuffer entry) {
    return entry.getInt(8);
  }
}
