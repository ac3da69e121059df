package io.chronik.broker.partition;

import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.Errors;

/**
 * The binary format of partition Raft entries and their replies.
 *
 * <p>An append entry is {@code [type=1:int8][timestampMs:int64][record batches]}: the batches
 * exactly as the producer sent them. The timestamp is the leader's clock when it proposed the
 * entry, so every replica applies the same value.
 *
 * <p>A reply is {@code [error:int16][baseOffset:int64][logStartOffset:int64]}.
 */
public final class PartitionEntry {
  static final byte APPEND = 1;

  /**
   * The most record bytes one entry carries: one partition's data of one Produce request, which is
   * one batch (Produce v3+), so a topic's {@code max.message.bytes} cannot usefully exceed it. Each
   * Raft group holds a direct write buffer of about this size, so it bounds the memory a partition
   * costs: 1 MiB + 64 KiB covers Kafka's default batch limit (1,048,588 bytes).
   */
  public static final int MAX_RECORDS_BYTES = 1024 * 1024 + 64 * 1024;

  /** The largest entry, header included. */
  public static final int MAX_ENTRY_BYTES = MAX_RECORDS_BYTES + 64;

  private static final int HEADER = 1 + 8;
  private static final int REPLY = 2 + 8 + 8;

  private PartitionEntry() {}

  /** Encodes an append of the given record batches. */
  public static ByteBuffer append(long timestampMs, ByteBuffer records) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + records.remaining());
    buf.put(APPEND).putLong(timestampMs).put(records.duplicate()).flip();
    return buf;
  }

  /** The reply of an applied entry. */
  public record Reply(Errors error, long baseOffset, long logStartOffset) {
    public ByteBuffer encode() {
      ByteBuffer buf = ByteBuffer.allocate(REPLY);
      buf.putShort(error.code()).putLong(baseOffset).putLong(logStartOffset).flip();
      return buf;
    }

    /** The reply to an entry that could not be applied. */
    public static Reply corrupt(long logStartOffset) {
      return new Reply(Errors.CORRUPT_MESSAGE, -1, logStartOffset);
    }

    public static Reply decode(ByteBuffer buf) {
      ByteBuffer b = buf.duplicate();
      return new Reply(Errors.forCode(b.getShort()), b.getLong(), b.getLong());
    }
  }
}
