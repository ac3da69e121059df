package io.chronik.broker.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** CRC-32C of a byte stream as a whole and of each {@code chunkSize} bytes of it. */
final class ChunkCrcs {
  private final long chunkSize;
  private final CRC32C total = new CRC32C();
  private final CRC32C chunk = new CRC32C();
  private final List<Long> chunks = new ArrayList<>();
  private long inChunk;
  private long length;

  ChunkCrcs(long chunkSize) {
    this.chunkSize = chunkSize;
  }

  void update(byte[] b, int off, int len) {
    total.update(b, off, len);
    length += len;
    while (len > 0) {
      int n = (int) Math.min(len, chunkSize - inChunk);
      chunk.update(b, off, n);
      inChunk += n;
      off += n;
      len -= n;
      if (inChunk == chunkSize) {
        chunks.add(chunk.getValue());
        chunk.reset();
        inChunk = 0;
      }
    }
  }

  long length() {
    return length;
  }

  long total() {
    return total.getValue();
  }

  /** The CRC of every chunk, the last (partial) one included. */
  List<Long> chunks() {
    List<Long> all = new ArrayList<>(chunks);
    if (inChunk > 0) {
      all.add(chunk.getValue());
    }
    return all;
  }

  /** How many chunks of {@code chunkSize} cover {@code length} bytes. */
  static int count(long length, long chunkSize) {
    return (int) ((length + chunkSize - 1) / chunkSize);
  }
}
