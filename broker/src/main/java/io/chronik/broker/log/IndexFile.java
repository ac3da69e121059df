package io.chronik.broker.log;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.ToLongFunction;

/**
 * An append-only file of fixed-size big-endian entries: the storage under {@link OffsetIndex} and
 * {@link TimeIndex}.
 *
 * <p>Invariants: the file holds exactly {@link #entries()} whole entries (a partial entry left by a
 * crash is cut off when the file opens); an entry is in the file before the count that makes it
 * visible is published, so a reader on another thread only sees whole entries. There is one writer
 * at a time (the owning log's monitor); readers use positional reads and take no lock.
 */
final class IndexFile implements Closeable {

  private final Path path;
  private final FileChannel channel;
  private final int entrySize;
  private volatile int entries;

  private IndexFile(Path path, FileChannel channel, int entrySize, int entries) {
    this.path = path;
    this.channel = channel;
    this.entrySize = entrySize;
    this.entries = entries;
  }

  /** Opens or creates the file, dropping a trailing partial entry. */
  static IndexFile open(Path path, int entrySize) throws IOException {
    FileChannel channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = channel.size();
      long whole = size - size % entrySize;
      if (whole / entrySize > Integer.MAX_VALUE) {
        throw new IOException("index file too large: " + path + " (" + size + " bytes)");
      }
      if (whole != size) {
        channel.truncate(whole);
      }
      return new IndexFile(path, channel, entrySize, (int) (whole / entrySize));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  static boolean exists(Path path) {
    return Files.exists(path);
  }

  Path path() {
    return path;
  }

  int entries() {
    return entries;
  }

  /** Appends one entry ({@code entry} holds exactly {@code entrySize} remaining bytes). */
  void append(ByteBuffer entry) throws IOException {
    if (entry.remaining() != entrySize) {
      throw new IllegalArgumentException("entry of " + entry.remaining() + " bytes");
    }
    int n = entries;
    long position = (long) n * entrySize;
    while (entry.hasRemaining()) {
      position += channel.write(entry, position);
    }
    entries = n + 1;
  }

  /** Entry {@code n}, positioned at 0 and ready to read. */
  ByteBuffer read(int n) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(entrySize);
    long position = (long) n * entrySize;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new EOFException("entry " + n + " is past the end of " + path);
      }
    }
    return buffer.flip();
  }

  /** All entries in one read, positioned at 0. */
  ByteBuffer readAll() throws IOException {
    int n = entries;
    ByteBuffer buffer = ByteBuffer.allocate(n * entrySize);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        throw new EOFException("index " + path + " is shorter than " + n + " entries");
      }
    }
    return buffer.flip();
  }

  /**
   * The index of the last entry among the first {@code count} whose key is {@code <= target}, or -1
   * when there is none. Keys must be non-decreasing along the file.
   */
  int floor(ToLongFunction<ByteBuffer> key, long target, int count) throws IOException {
    int low = 0;
    int high = count - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (key.applyAsLong(read(mid)) <= target) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** Keeps the first {@code n} entries. */
  void truncateToEntries(int n) throws IOException {
    if (n < 0 || n > entries) {
      throw new IllegalArgumentException("cannot keep " + n + " of " + entries + " entries");
    }
    entries = n;
    channel.truncate((long) n * entrySize);
  }

  void flush() throws IOException {
    channel.force(true);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  void closeAndDelete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }
}
