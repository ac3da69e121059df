package io.chronik.broker.partition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;

/**
 * The binary format of partition Raft entries and their replies.
 *
 * <p>An append entry is {@code [type=1:int8][timestampMs:int64][record batches]}: the batches
 * exactly as the producer sent them. The timestamp is the leader's clock when it proposed the
 * entry, so every replica applies the same value.
 *
 * <p>A reply is {@code [error:int16][baseOffset:int64][logStartOffset:int64]}.
 *
 * <p>A multi-append entry folds the appends of several Produce requests to the same partition into
 * one Raft entry (group commit, {@link PartitionAppender}): {@code
 * [type=2:int8][timestampMs:int64][count:int32]} then, per append, {@code [size:int32][record
 * batches]}. Each append is applied on its own, in order, with its own idempotent-producer checks,
 * and gets its own reply: {@code [count:int32]} then {@code count} replies as above.
 *
 * <p>A group-append entry is the entry of a Raft group that carries several partitions ({@link
 * GroupReplicas}): {@code [type=3:int8][timestampMs:int64][count:int32]} then, per append, {@code
 * [partition:int32][size:int32][record batches]}. The appends of several partitions of the group
 * share one entry; each is applied to its own partition, in order, and gets its own reply as in a
 * multi-append.
 *
 * <p>A delete-records entry (Kafka's DeleteRecords) moves the log start offset of partitions of the
 * group: {@code [type=4:int8][timestampMs:int64][count:int32]} then, per partition, {@code
 * [partition:int32][offset:int64]}. Every replica applies it at the same point of the log, so they
 * agree on the log start offset. The reply is a plain reply when it names one partition, else one
 * reply per partition as in a multi-append; the base offset is -1 and the log start offset the new
 * one.
 */
public final class PartitionEntry {
  static final byte APPEND = 1;
  static final byte MULTI_APPEND = 2;
  static final byte GROUP_APPEND = 3;
  static final byte DELETE_RECORDS = 4;

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

  /** The bytes a multi-append entry adds to its appends' record bytes: header, count, sizes. */
  static int multiOverhead(int appends) {
    return HEADER + 4 + 4 * appends;
  }

  private PartitionEntry() {}

  /** The bytes a group-append entry adds to its appends' record bytes: header, count, sizes. */
  static int groupOverhead(int appends) {
    return HEADER + 4 + 8 * appends;
  }

  /** One append of a group-append entry: the record batches of one partition of the group. */
  public record PartitionAppend(int partition, ByteBuffer records) {}

  /**
   * Reads the appends of a multi-append or group-append entry in order, each checked as it is read:
   * a cut-short append fails when it is reached, after the ones before it.
   */
  static final class Appends {
    private final ByteBuffer buf;
    private final boolean withPartitions;
    private final long timestampMs;
    private final int count;

    /**
     * @param entry a {@code MULTI_APPEND} or {@code GROUP_APPEND} entry
     * @throws IllegalArgumentException when its count cannot be right
     */
    Appends(ByteBuffer entry) {
      buf = entry.duplicate();
      withPartitions = buf.get() == GROUP_APPEND;
      timestampMs = buf.getLong();
      count = buf.getInt();
      if (count < 0 || count > buf.remaining() / (withPartitions ? 8 : 4)) {
        throw new IllegalArgumentException(
            (withPartitions ? "group-append" : "multi-append") + " of " + count + " appends");
      }
    }

    long timestampMs() {
      return timestampMs;
    }

    int count() {
      return count;
    }

    /**
     * The next append, {@code i} counting from 0; its partition is -1 in a multi-append.
     *
     * @throws IllegalArgumentException when the append is cut short
     */
    PartitionAppend next(int i) {
      int partition = withPartitions ? buf.getInt() : -1;
      int size = buf.getInt();
      if (size < 0 || size > buf.remaining()) {
        throw new IllegalArgumentException("append " + i + " of " + size + " bytes is cut short");
      }
      ByteBuffer records = buf.slice(buf.position(), size);
      buf.position(buf.position() + size);
      return new PartitionAppend(partition, records);
    }
  }

  /** Encodes a group-append: the appends of partitions of one group, in order. */
  public static ByteBuffer groupAppend(long timestampMs, List<PartitionAppend> appends) {
    int size = groupOverhead(appends.size());
    for (PartitionAppend a : appends) {
      size += a.records().remaining();
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(GROUP_APPEND).putLong(timestampMs).putInt(appends.size());
    for (PartitionAppend a : appends) {
      buf.putInt(a.partition()).putInt(a.records().remaining()).put(a.records().duplicate());
    }
    return buf.flip();
  }

  /** One partition of a delete-records entry: its records below {@code offset} go. */
  public record Deletion(int partition, long offset) {}

  /** Encodes a delete-records entry. */
  public static ByteBuffer deleteRecords(long timestampMs, List<Deletion> deletions) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + 4 + 12 * deletions.size());
    buf.put(DELETE_RECORDS).putLong(timestampMs).putInt(deletions.size());
    for (Deletion d : deletions) {
      buf.putInt(d.partition()).putLong(d.offset());
    }
    return buf.flip();
  }

  /**
   * The deletions of a delete-records entry, in order.
   *
   * @throws IllegalArgumentException when the entry is cut short
   */
  static List<Deletion> deletions(ByteBuffer entry) {
    ByteBuffer buf = entry.duplicate();
    buf.get();
    buf.getLong();
    int count = buf.getInt();
    if (count < 0 || count > buf.remaining() / 12) {
      throw new IllegalArgumentException("delete-records entry of " + count + " partitions");
    }
    List<Deletion> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new Deletion(buf.getInt(), buf.getLong()));
    }
    return out;
  }

  /** Encodes an append of the given record batches. */
  public static ByteBuffer append(long timestampMs, ByteBuffer records) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + records.remaining());
    buf.put(APPEND).putLong(timestampMs).put(records.duplicate()).flip();
    return buf;
  }

  /** Encodes a multi-append: each buffer is the record batches of one append, in order. */
  public static ByteBuffer multiAppend(long timestampMs, List<ByteBuffer> appends) {
    int size = multiOverhead(appends.size());
    for (ByteBuffer a : appends) {
      size += a.remaining();
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(MULTI_APPEND).putLong(timestampMs).putInt(appends.size());
    for (ByteBuffer a : appends) {
      buf.putInt(a.remaining()).put(a.duplicate());
    }
    return buf.flip();
  }

  /** Encodes the replies of a multi-append, one per append, in order. */
  public static ByteBuffer encodeReplies(List<Reply> replies) {
    ByteBuffer buf = ByteBuffer.allocate(4 + REPLY * replies.size());
    buf.putInt(replies.size());
    for (Reply r : replies) {
      buf.putShort(r.error().code()).putLong(r.baseOffset()).putLong(r.logStartOffset());
    }
    return buf.flip();
  }

  /**
   * The replies to an entry of {@code appends} appends: a plain reply for a plain append, or for an
   * entry the state machine could not read at all (it then holds for every append); else one reply
   * per append (a multi-append or group-append, even of one append).
   */
  public static List<Reply> repliesOf(ByteBuffer reply, int appends) {
    if (reply.remaining() == REPLY) {
      return java.util.Collections.nCopies(appends, Reply.decode(reply));
    }
    List<Reply> replies = decodeReplies(reply);
    if (replies.size() != appends) {
      throw new IllegalStateException(replies.size() + " replies to " + appends + " appends");
    }
    return replies;
  }

  /** Decodes the replies of a multi-append. */
  public static List<Reply> decodeReplies(ByteBuffer buf) {
    ByteBuffer b = buf.duplicate();
    int count = b.getInt();
    List<Reply> replies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      replies.add(new Reply(Errors.forCode(b.getShort()), b.getLong(), b.getLong()));
    }
    return replies;
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
