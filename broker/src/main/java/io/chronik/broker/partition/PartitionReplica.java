package io.chronik.broker.partition;

import io.chronik.broker.ChronikException;
import io.chronik.broker.log.AppendResult;
import io.chronik.broker.log.LogCheckpoint;
import io.chronik.broker.log.PartitionLog;
import io.chronik.broker.log.ProducerStateManager;
import io.chronik.broker.log.RetentionResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Invariants: the log holds the batches of the entries applied so far, in Raft order (less what
 * retention deleted and, on a compacted topic, what this replica's log cleaner removed: it changes
 * no offset), so the log end offset is the high watermark (only committed entries are applied).
 * {@link #apply} is called by one thread at a time (the group's state-machine updater) and is
 * deterministic: the same entries give the same offsets on every replica. Readers may read the log
 * concurrently.
 */
public final class PartitionReplica implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(PartitionReplica.class);
  private static final int STATE_VERSION = 2;

  /** The state file of a partition snapshot directory. */
  public static final String STATE_FILE = "partition.state";

  private final PartitionIdentity identity;
  private final PartitionLog log;
  private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();

  /** Replaced by a restore; read by the log cleaner's thread too. */
  private volatile ProducerStateManager producers = new ProducerStateManager();

  private volatile int epochBase;
  private volatile java.util.function.LongSupplier termSource = NO_TERM;
  private static final java.util.function.LongSupplier NO_TERM = () -> -1L;

  /**
   * Set while a cut of the log to 0 waits for the replay's first entry ({@link #resetIfPending}).
   */
  private boolean resetPending;

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

  /**
   * The leader-epoch base: the Kafka leader epoch of an entry is its Raft term plus this. It is 0
   * unless the partition was restored from a snapshot archive into a fresh Raft group, whose terms
   * restart at 1 while Kafka epochs must not go back.
   */
  public int epochBase() {
    return epochBase;
  }

  /** The Kafka leader epoch of a Raft term of this partition's group. */
  public int epochOf(long term) {
    return (int) (term + epochBase);
  }

  /**
   * Where {@link #leaderEpoch} reads the current Raft term of the partition's group: set by the
   * group's state machine when it starts.
   */
  public void termSource(java.util.function.LongSupplier source) {
    termSource = source == null ? NO_TERM : source;
  }

  /**
   * The partition's current leader epoch as this node knows it: the current Raft term of its group
   * on this node as a Kafka epoch ({@link #epochOf}), -1 while the term is unknown. It is what
   * Metadata answers give as the partition's leader epoch and what a client's {@code
   * currentLeaderEpoch} is checked against. Cheap: it reads one field of the group's Raft state.
   */
  public int leaderEpoch() {
    long term = termSource.getAsLong();
    return term < 0 ? -1 : epochOf(term);
  }

  /** Runs {@code listener} after every applied append (used to wake long-polling fetches). */
  public void addAppendListener(Runnable listener) {
    appendListeners.add(listener);
  }

  public void removeAppendListener(Runnable listener) {
    appendListeners.remove(listener);
  }

  /**
   * Applies one committed entry of either kind and returns its encoded reply: one reply for an
   * append, a list of replies for a multi-append ({@link PartitionEntry}). {@code term} becomes the
   * batches' leader epoch.
   */
  public ByteBuffer applyEntry(ByteBuffer entry, long term) {
    if (entry.remaining() == 0 || entry.get(entry.position()) != PartitionEntry.MULTI_APPEND) {
      return apply(entry, term).encode();
    }
    PartitionEntry.Appends appends = new PartitionEntry.Appends(entry);
    int count = appends.count();
    List<PartitionEntry.Reply> replies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ByteBuffer records = appends.next(i).records();
      try {
        replies.add(append(records, appends.timestampMs(), term));
      } catch (RuntimeException e) {
        // one bad append fails alone; the others of the entry are applied
        LOGGER.error(
            "[{}] cannot apply append {} of {}: {}", identity.dirName(), i, count, e.toString());
        replies.add(PartitionEntry.Reply.corrupt(log.logStartOffset()));
      }
    }
    return PartitionEntry.encodeReplies(replies);
  }

  /** Applies one committed append entry; {@code term} becomes the batches' leader epoch. */
  public PartitionEntry.Reply apply(ByteBuffer entry, long term) {
    ByteBuffer buf = entry.duplicate();
    byte type = buf.get();
    if (type != PartitionEntry.APPEND) {
      if (type == PartitionEntry.DELETE_RECORDS) {
        List<PartitionEntry.Deletion> deletions = PartitionEntry.deletions(entry);
        if (deletions.size() == 1 && deletions.get(0).partition() == identity.partition()) {
          return deleteRecordsBefore(deletions.get(0).offset());
        }
        LOGGER.error(
            "[{}] delete-records entry names partitions {}; skipped",
            identity.dirName(),
            deletions.stream().map(PartitionEntry.Deletion::partition).toList());
        return new PartitionEntry.Reply(Errors.CORRUPT_MESSAGE, -1, log.logStartOffset());
      }
      LOGGER.error("[{}] unknown entry type {}; skipped", identity.dirName(), type);
      return new PartitionEntry.Reply(Errors.CORRUPT_MESSAGE, -1, log.logStartOffset());
    }
    long timestampMs = buf.getLong();
    return append(buf, timestampMs, term);
  }

  /** Appends the record batches of one Produce request to the log, with the producer checks. */
  PartitionEntry.Reply append(ByteBuffer buf, long timestampMs, long term) {
    resetIfPending();
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
    AppendResult result = log.append(toAppend, epochOf(term));
    for (RecordBatch batch : toAppend.batches()) {
      producers.onAppended(batch, batch.baseOffset(), batch.lastOffset(), timestampMs);
    }
    appendListeners.forEach(Runnable::run);
    return new PartitionEntry.Reply(Errors.NONE, result.firstOffset(), log.logStartOffset());
  }

  /**
   * Kafka's DeleteRecords, applied from a committed entry: moves the log start offset up to {@code
   * offset} and deletes the closed segments wholly below it. Every replica applies the entry at the
   * same point of the log, so they agree. An offset above the high watermark (the log end offset)
   * is OFFSET_OUT_OF_RANGE and changes nothing; one at or below the log start offset changes
   * nothing. The reply carries the log start offset afterwards (the low watermark).
   */
  PartitionEntry.Reply deleteRecordsBefore(long offset) {
    resetIfPending();
    if (offset < 0 || offset > log.logEndOffset()) {
      return new PartitionEntry.Reply(Errors.OFFSET_OUT_OF_RANGE, -1, log.logStartOffset());
    }
    long before = log.logStartOffset();
    log.deleteRecordsBefore(offset);
    if (log.logStartOffset() != before) {
      LOGGER.info(
          "[{}] records before offset {} deleted (DeleteRecords); log now starts at {}",
          identity.dirName(),
          offset,
          log.logStartOffset());
    }
    return new PartitionEntry.Reply(Errors.NONE, -1, log.logStartOffset());
  }

  private static MemoryRecords subset(List<MutableRecordBatch> batches) {
    int size = batches.stream().mapToInt(RecordBatch::sizeInBytes).sum();
    ByteBuffer buf = ByteBuffer.allocate(size);
    batches.forEach(b -> b.writeTo(buf));
    buf.flip();
    return MemoryRecords.readableRecords(buf);
  }

  /** The last offset of each idempotent producer's latest batch (see the log cleaner). */
  public Map<Long, Long> producerLastOffsets() {
    return producers.lastBatchOffsets();
  }

  /**
   * Deletes the segments the topic's retention no longer keeps (retention.ms, retention.bytes) and
   * logs what went.
   */
  public RetentionResult applyRetention(long nowMs) {
    RetentionResult r = log.applyRetention(nowMs);
    if (r.deletedSegments() > 0) {
      LOGGER.info(
          "[{}] retention deleted {} segments ({} bytes); log now starts at {}",
          identity.dirName(),
          r.deletedSegments(),
          r.deletedBytes(),
          r.newLogStartOffset());
    }
    return r;
  }

  /**
   * Writes this replica's snapshot into the empty directory {@code target}: the closed log segments
   * (hard links), the leader epochs and a {@value #STATE_FILE} file with the offsets, the file list
   * and the producer state. Retention runs first, so that a snapshot (and a follower it is
   * installed on) carries only what the log keeps, not the segments retention would delete at its
   * next run. Called on the state-machine thread, between applies.
   *
   * @return the files written, relative to {@code target}; the state file comes last
   */
  public List<String> snapshotInto(Path target) throws IOException {
    resetIfPending();
    applyRetention(System.currentTimeMillis());
    LogCheckpoint checkpoint = log.checkpointInto(target);
    byte[] producerState = producers.serialize();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(STATE_VERSION);
      out.writeLong(checkpoint.logStartOffset());
      out.writeLong(checkpoint.logEndOffset());
      out.writeInt(checkpoint.files().size());
      for (String file : checkpoint.files()) {
        out.writeUTF(file);
        out.writeLong(Files.size(target.resolve(file)));
      }
      out.writeInt(producerState.length);
      out.write(producerState);
    }
    if (epochBase > 0) {
      io.chronik.broker.snapshot.RestoreMarker.writeEpochBase(target, epochBase);
    }
    Path temp = target.resolve(STATE_FILE + ".tmp");
    Files.write(temp, bytes.toByteArray());
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, target.resolve(STATE_FILE), StandardCopyOption.ATOMIC_MOVE);
    List<String> files = new ArrayList<>(checkpoint.files());
    if (epochBase > 0) {
      files.add(io.chronik.broker.snapshot.RestoreMarker.EPOCH_BASE_FILE);
    }
    files.add(STATE_FILE);
    return files;
  }

  /** What a snapshot directory holds, read from its state file. */
  public record SnapshotState(
      LogCheckpoint checkpoint, Map<String, Long> sizes, byte[] producerState) {

    /** Whether every file of the snapshot in {@code dir} still has the size it was written with. */
    public boolean intact(Path dir) {
      for (Map.Entry<String, Long> e : sizes.entrySet()) {
        try {
          if (Files.size(dir.resolve(e.getKey())) != e.getValue()) {
            return false;
          }
        } catch (IOException ex) {
          return false;
        }
      }
      return true;
    }
  }

  /** Reads the state file of a snapshot directory. */
  public static SnapshotState readSnapshot(Path dir) throws IOException {
    try (DataInputStream in =
        new DataInputStream(
            new ByteArrayInputStream(Files.readAllBytes(dir.resolve(STATE_FILE))))) {
      int version = in.readInt();
      if (version != STATE_VERSION) {
        throw new IOException(
            "partition snapshot "
                + dir
                + " has format version "
                + version
                + ", this build reads "
                + STATE_VERSION);
      }
      long start = in.readLong();
      long end = in.readLong();
      int count = in.readInt();
      List<String> files = new ArrayList<>(count);
      Map<String, Long> sizes = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        files.add(name);
        sizes.put(name, in.readLong());
      }
      byte[] producerState = new byte[in.readInt()];
      in.readFully(producerState);
      return new SnapshotState(new LogCheckpoint(start, end, files), sizes, producerState);
    }
  }

  /**
   * Makes the replica equal to the snapshot in {@code dir}; Raft then replays the entries after it.
   * When the local log still holds the snapshot's range (a restart) it is only cut back to the
   * snapshot's end offset; when it does not (a wiped or damaged partition dir) or {@code replace}
   * is set (a snapshot installed from the leader), the log is replaced by the snapshot's segments.
   */
  public void restore(Path dir, boolean replace) throws IOException {
    resetPending = false;
    SnapshotState state = readSnapshot(dir);
    LogCheckpoint checkpoint = state.checkpoint();
    long endOffset = checkpoint.logEndOffset();
    boolean covered = log.logStartOffset() <= endOffset && log.logEndOffset() >= endOffset;
    if (!replace && !covered && !state.intact(dir)) {
      // the damage hit the files the snapshot shares with the log: neither can give the lost
      // batches back on this node. Serving what is left would hand their offsets to new records,
      // so the group does not start; the cause carries the code and the fix to the error line
      ChronikException lost =
          new ChronikException(
              "CHR-2005",
              ChronikException.Kind.DATA,
              "partition "
                  + identity.dirName()
                  + " lost acknowledged records: its log ends at offset "
                  + log.logEndOffset()
                  + ", its last snapshot ("
                  + dir.getFileName()
                  + ") at "
                  + endOffset
                  + ", and the snapshot's own files are damaged, so offsets "
                  + log.logEndOffset()
                  + " to "
                  + (endOffset - 1)
                  + " cannot be recovered on this node; it does not start, so that no new record"
                  + " takes their offsets",
              "check the disk. On a cluster, stop the node and move raft/"
                  + identity.groupId()
                  + " and partitions/"
                  + identity.dirName()
                  + " aside: the node copies the partition from its peers. On a single node,"
                  + " restore the data dir from an archive with 'chronik snapshot restore'");
      throw new IOException(lost.getMessage(), lost);
    } else if (replace || !covered) {
      LOGGER.info(
          "[{}] replacing log [{}, {}) by snapshot [{}, {}) from {}",
          identity.dirName(),
          log.logStartOffset(),
          log.logEndOffset(),
          checkpoint.logStartOffset(),
          endOffset,
          dir.getFileName());
      log.resetTo(dir, checkpoint);
    } else if (log.logEndOffset() > endOffset) {
      LOGGER.info(
          "[{}] truncating log from {} to snapshot end offset {}; Raft replays the rest",
          identity.dirName(),
          log.logEndOffset(),
          endOffset);
      log.truncateTo(endOffset);
    }
    if (checkpoint.logStartOffset() > log.logStartOffset()) {
      // records the snapshot had deleted (DeleteRecords, retention) stay deleted, whatever the
      // log's own log-start-offset file says
      log.deleteRecordsBefore(Math.min(checkpoint.logStartOffset(), log.logEndOffset()));
    }
    producers = ProducerStateManager.deserialize(state.producerState());
    epochBase = io.chronik.broker.snapshot.RestoreMarker.readEpochBase(dir);
  }

  /**
   * Starts over from an empty log: there is no snapshot, and Raft replays from the beginning.
   *
   * @param raftStorageEmpty whether the group's Raft storage holds no log and no snapshot here. A
   *     log that holds records is then cut only when the first entry is applied: the entries come
   *     from the group's other members, and a node that has none to get them from (a group of one
   *     that lost its Raft storage) still holds its records when it refuses to start.
   */
  public void resetForFullReplay(boolean raftStorageEmpty) {
    producers = new ProducerStateManager();
    epochBase = 0;
    if (raftStorageEmpty && (log.logEndOffset() > 0 || log.logStartOffset() > 0)) {
      LOGGER.info(
          "[{}] no snapshot and no Raft log here: the log [{}, {}) is cut to 0 once the first"
              + " entry arrives from the group",
          identity.dirName(),
          log.logStartOffset(),
          log.logEndOffset());
      resetPending = true;
      return;
    }
    resetPending = false;
    if (log.logEndOffset() > 0) {
      LOGGER.info(
          "[{}] no snapshot: truncating log from {} to 0; Raft replays every entry",
          identity.dirName(),
          log.logEndOffset());
    }
    log.truncateFullyAndStartAt(0);
  }

  /** Cuts the log to 0 if {@link #resetForFullReplay} left that to the first entry. */
  private void resetIfPending() {
    if (resetPending) {
      resetPending = false;
      LOGGER.info(
          "[{}] first entry of the replay: truncating log from {} to 0",
          identity.dirName(),
          log.logEndOffset());
      log.truncateFullyAndStartAt(0);
    }
  }

  @Override
  public void close() {
    log.close();
  }
}
