package io.chronik.broker.log;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.record.Records;

/**
 * The log cleaner's reads of a segment file: chunks of whole batches through one buffer, which
 * grows when a batch does not fit it. Every read goes through the cleaner's {@link CleanerIo}
 * (counted, and held to its limit) and first checks that the cleaner is not stopping.
 *
 * <p>A caller reads a chunk at a position, parses the whole batches at its start, and asks {@link
 * #advance} for the next position: past the batches consumed, or the same one with a buffer large
 * enough for the batch that did not fit. A segment shorter than the size the cleaner planned with,
 * or a batch that does not fit its segment, is an {@link IOException}.
 *
 * <p>One instance per cleaner; not thread-safe.
 */
final class CleanerReads {
  private static final int FIRST_BUFFER_BYTES = 1 << 20;
  private static final int LOG_OVERHEAD = Records.LOG_OVERHEAD;

  private final CleanerIo io;
  private ByteBuffer readBuffer = ByteBuffer.allocate(FIRST_BUFFER_BYTES);

  CleanerReads(CleanerIo io) {
    this.io = io;
  }

  /**
   * Reads the bytes of {@code s} from {@code position} into the read buffer (as many as fit), ready
   * to parse.
   */
  ByteBuffer readChunk(FileChannel channel, int position, CleanerView.Segment s)
      throws IOException {
    return readChunk(channel, position, s.size(), s);
  }

  /** Like {@link #readChunk(FileChannel, int, CleanerView.Segment)}, stopping at {@code end}. */
  ByteBuffer readChunk(FileChannel channel, int position, int end, CleanerView.Segment s)
      throws IOException {
    if (io.stopping()) {
      throw new InterruptedIOException("the log cleaner is stopping");
    }
    ByteBuffer buffer = readBuffer;
    buffer.clear();
    buffer.limit(Math.min(buffer.capacity(), end - position));
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
  int advance(ByteBuffer chunk, int position, int consumed, CleanerView.Segment s)
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
}
