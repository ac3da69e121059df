package io.chronik.broker.partition;

import io.chronik.broker.log.AppendResult;
import io.chronik.broker.log.PartitionLog;
import io.chronik.broker.log.ProducerStateManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of one partition: the partition log plus the idempotent-producer state, driven
 * by the partition's Raft state machine.
 *
 * <p>Invariants: the log holds exactly the batches of the entries applied so far, in Raft order, so
 * the log end offset is the high watermark (only committed entries are applied). {@link #apply} is
 * called by one thread at a time (the group's state-machine updater) and is deterministic: the same
 * entries give the same offsets on every replica. Readers may read the log concurrently.
 */
public final class PartitionReplica implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(PartitionReplica.class);
  private static final int STATE_VERSION = 1;

  private final PartitionIdentity identity;
  private final PartitionLog log;
  private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
  private ProducerStateManager producers = new ProducerStateManager();

  PartitionReplica(PartitionIdentity identity, PartitionLog log) {
    this.identity = identity;
    this.log = log;
  }

  public PartitionIdentity identity() {
    return identity;
  }

  public PartitionLog log() {
    return log;
  }

  /** The high watermark: every offset below it is committed. */
  public long highWatermark() {
    return log.logEndOffset();
  }

  /** Runs {@code listener} after every applied append (used to wake long-polling fetches). */
  public void addAppendListener(Runnable listener) {
    appendListeners.add(listener);
  }

  public void removeAppendListener(Runnable listener) {
    appendListeners.remove(listener);
  }

  /** Applies one committed entry; {@code term} becomes the batches' leader epoch. */
  public PartitionEntry.Reply apply(ByteBuffer entry, long term) {
    ByteBuffer buf = entry.duplicate();
    byte type = buf.get();
    if (type != PartitionEntry.APPEND) {
      LOGGER.error("[{}] unknown entry type {}; skipped", identity.dirName(), type);
      return new PartitionEntry.Reply(Errors.CORRUPT_MESSAGE, -1, log.logStartOffset());
    }
    long timestampMs = buf.getLong();
    // a private writable copy: assigning offsets rewrites the batch headers in place
    ByteBuffer copy = ByteBuffer.allocate(buf.remaining());
    copy.put(buf).flip();
    MemoryRecords records = MemoryRecords.readableRecords(copy);

    List<MutableRecordBatch> fresh = new ArrayList<>();
    long duplicateOffset = -1;
    int total = 0;
    for (MutableRecordBatch batch : records.batches()) {
      total++;
      ProducerStateManager.Decision decision = producers.check(batch);
      if (decision instanceof ProducerStateManager.Reject reject) {
        return new PartitionEntry.Reply(reject.error(), -1, log.logStartOffset());
      } else if (decision instanceof ProducerStateManager.Duplicate dup) {
        if (duplicateOffset < 0) {
          duplicateOffset = dup.firstOffset();
        }
      } else {
        fresh.add(batch);
      }
    }
    if (fresh.isEmpty()) {
      LOGGER.debug("[{}] duplicate batch at offset {}", identity.dirName(), duplicateOffset);
      return new PartitionEntry.Reply(Errors.NONE, duplicateOffset, log.logStartOffset());
    }
    MemoryRecords toAppend = fresh.size() == total ? records : subset(fresh);
    AppendResult result = log.append(toAppend, (int) term);
    for (RecordBatch batch : toAppend.batches()) {
      producers.onAppended(batch, batch.baseOffset(), batch.lastOffset(), timestampMs);
    }
    appendListeners.forEach(Runnable::run);
    return new PartitionEntry.Reply(Errors.NONE, result.firstOffset(), log.logStartOffset());
  }

  private static MemoryRecords subset(List<MutableRecordBatch> batches) {
    int size = batches.stream().mapToInt(RecordBatch::sizeInBytes).sum();
    ByteBuffer buf = ByteBuffer.allocate(size);
    batches.forEach(b -> b.writeTo(buf));
    buf.flip();
    return MemoryRecords.readableRecords(buf);
  }

  /**
   * Makes the log durable and returns the state a snapshot needs: log end offset plus producer
   * state. Called on the state-machine thread.
   */
  public byte[] snapshotState() throws IOException {
    log.flush();
    byte[] producerState = producers.serialize();
    ByteBuffer buf = ByteBuffer.allocate(4 + 8 + 8 + 4 + producerState.length);
    buf.putInt(STATE_VERSION)
        .putLong(log.logStartOffset())
        .putLong(log.logEndOffset())
        .putInt(producerState.length)
        .put(producerState);
    return buf.array();
  }

  /**
   * Restores the state of a snapshot: the log is cut back to the snapshot's end offset (the Raft
   * log replays everything after it) and the producer state is loaded.
   */
  public void restore(byte[] state) {
    ByteBuffer buf = ByteBuffer.wrap(state);
    int version = buf.getInt();
    if (version != STATE_VERSION) {
      throw new IllegalStateException(
          "partition snapshot of "
              + identity.dirName()
              + " has format version "
              + version
              + ", this build reads "
              + STATE_VERSION);
    }
    buf.getLong(); // log start offset: informational, retention keeps its own
    long endOffset = buf.getLong();
    byte[] producerState = new byte[buf.getInt()];
    buf.get(producerState);
    if (log.logEndOffset() < endOffset) {
      // the segments lost batches that a snapshot had made durable (disk damage): they cannot be
      // recovered on this node; keep serving what is left, loudly
      LOGGER.error(
          "[{}] partition lost offsets {} to {} below its last snapshot; they cannot be recovered"
              + " on this node (CHR-2005)",
          identity.dirName(),
          log.logEndOffset(),
          endOffset - 1);
    }
    if (log.logStartOffset() > endOffset) {
      // retention already removed the segment the snapshot ends in: start over at its end offset
      log.truncateFullyAndStartAt(endOffset);
    } else if (log.logEndOffset() > endOffset) {
      LOGGER.info(
          "[{}] truncating log from {} to snapshot end offset {}; Raft replays the rest",
          identity.dirName(),
          log.logEndOffset(),
          endOffset);
      log.truncateTo(endOffset);
    }
    producers = ProducerStateManager.deserialize(producerState);
  }

  /** Starts over from an empty log: there is no snapshot, and Raft replays from the beginning. */
  public void resetForFullReplay() {
    if (log.logEndOffset() > 0) {
      LOGGER.info(
          "[{}] no snapshot: truncating log from {} to 0; Raft replays every entry",
          identity.dirName(),
          log.logEndOffset());
    }
    log.truncateFullyAndStartAt(0);
    producers = new ProducerStateManager();
  }

  @Override
  public void close() {
    log.close();
  }
}
