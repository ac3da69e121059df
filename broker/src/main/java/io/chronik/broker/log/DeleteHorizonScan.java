package io.chronik.broker.log;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;

/**
 * Finds the earliest delete horizon that the batches of closed segments carry (the log cleaner
 * stamps it on batches whose tombstones it kept, Kafka's KIP-534), reading batch headers only.
 *
 * <p>It reads each segment in blocks of up to {@value #BLOCK_BYTES} bytes from a batch's first byte
 * and parses every header the block holds whole, then reads the next block at the first header it
 * does not: small batches cost one read per block, not two per batch. After a batch larger than a
 * block, the next read takes one header only, so large batches cost one small read each, not their
 * bytes. Every read goes through the cleaner's {@link CleanerIo} (counted, held to its limit, and
 * cut short when the cleaner stops).
 *
 * <p>One instance per cleaner: it reuses its block. Not thread-safe.
 */
final class DeleteHorizonScan {
  static final int BLOCK_BYTES = 8 << 10;

  /** Where a v2 batch header keeps its attributes and its base timestamp (DefaultRecordBatch). */
  private static final int ATTRIBUTES_OFFSET = 21;

  private static final int BASE_TIMESTAMP_OFFSET = 27;

  /** The attribute bit of a batch whose base timestamp is its delete horizon. */
  private static final int DELETE_HORIZON_FLAG = 0x40;

  private static final int HEADER_BYTES = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;

  private final CleanerIo io;
  private final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);

  DeleteHorizonScan(CleanerIo io) {
    this.io = io;
  }

  /** The earliest delete horizon of the batches of {@code closed}, or {@code NO_TIMESTAMP}. */
  long earliest(List<CleanerView.Segment> closed) throws IOException {
    long earliest = RecordBatch.NO_TIMESTAMP;
    for (CleanerView.Segment s : closed) {
      earliest = earlier(earliest, earliest(s));
    }
    return earliest;
  }

  private long earliest(CleanerView.Segment s) throws IOException {
    long earliest = RecordBatch.NO_TIMESTAMP;
    try (FileChannel channel = FileChannel.open(s.segment().file(), StandardOpenOption.READ)) {
      long blockStart = 0;
      block.clear().limit(0);
      long position = 0;
      long lastBatchSize = 0;
      while (position < s.size()) {
        if (position + HEADER_BYTES > blockStart + block.limit()) {
          read(channel, position, lastBatchSize >= BLOCK_BYTES ? HEADER_BYTES : BLOCK_BYTES, s);
          blockStart = position;
        }
        int at = (int) (position - blockStart);
        long batchSize = Records.LOG_OVERHEAD + (long) block.getInt(at + Records.SIZE_OFFSET);
        byte magic = block.get(at + Records.MAGIC_OFFSET);
        if (magic != RecordBatch.MAGIC_VALUE_V2
            || batchSize < HEADER_BYTES
            || position + batchSize > s.size()) {
          throw new IOException(
              "no v2 batch header at position "
                  + position
                  + " of "
                  + s.segment().file()
                  + " (magic "
                  + magic
                  + ", "
                  + batchSize
                  + " bytes)");
        }
        if ((block.getShort(at + ATTRIBUTES_OFFSET) & DELETE_HORIZON_FLAG) != 0) {
          earliest = earlier(earliest, block.getLong(at + BASE_TIMESTAMP_OFFSET));
        }
        position += batchSize;
        lastBatchSize = batchSize;
      }
    }
    return earliest;
  }

  /** Reads up to {@code bytes} at {@code position} into the block: at least a batch header. */
  private void read(FileChannel channel, long position, int bytes, CleanerView.Segment s)
      throws IOException {
    if (io.stopping()) {
      throw new InterruptedIOException("the log cleaner is stopping");
    }
    block.clear().limit((int) Math.min(bytes, s.size() - position));
    if (block.limit() < HEADER_BYTES) {
      throw new IOException(
          "truncated batch header at position " + position + " of " + s.segment().file());
    }
    while (block.hasRemaining()) {
      if (channel.read(block, position + block.position()) < 0) {
        throw new EOFException(
            s.segment().file() + " is shorter than the " + s.size() + " bytes it had");
      }
    }
    io.read(block.limit());
    block.flip();
  }

  private static long earlier(long a, long b) {
    if (a == RecordBatch.NO_TIMESTAMP) {
      return b;
    }
    return b == RecordBatch.NO_TIMESTAMP ? a : Math.min(a, b);
  }
}
