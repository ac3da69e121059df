package io.chronik.broker.raft;

import io.chronik.broker.partition.PartitionEntry;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.partition.ReplicaManager;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one partition group. Entries carry record batches as the producer sent them;
 * applying an entry appends them to the partition log with offsets assigned in Raft order.
 *
 * <p>A snapshot makes the partition log durable (fsync) and records its end offset and the producer
 * state. On start the log is cut back to the latest snapshot and Raft replays the entries after it,
 * so the log always equals "snapshot + applied entries", whatever a crash left behind.
 */
final class PartitionStateMachine extends LeaderAwareStateMachine {
  private static final Logger LOGGER = LoggerFactory.getLogger(PartitionStateMachine.class);

  private final ReplicaManager replicas;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private volatile PartitionReplica replica;

  PartitionStateMachine(ReplicaManager replicas, LeaderListener leaderListener) {
    super(leaderListener);
    this.replicas = replicas;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    replica = replicas.open(groupId.getUuid().toString());
    restore(storage.loadLatestSnapshot());
  }

  @Override
  public void reinitialize() throws IOException {
    restore(storage.loadLatestSnapshot());
  }

  private void restore(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      replica.resetForFullReplay();
      return;
    }
    replica.restore(SnapshotFiles.read(snapshot));
    setLastAppliedTermIndex(snapshot.getTermIndex());
    LOGGER.info(
        "[{}] restored snapshot at {}; log ends at offset {}",
        replica.identity().dirName(),
        snapshot.getTermIndex(),
        replica.highWatermark());
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    PartitionEntry.Reply reply;
    try {
      reply =
          replica.apply(
              entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer(), entry.getTerm());
    } catch (RuntimeException e) {
      // a bad entry must not stop the group: record the failure and move on
      LOGGER.error(
          "[{}] cannot apply entry {}: {}",
          replica.identity().dirName(),
          entry.getIndex(),
          e.toString());
      reply = PartitionEntry.Reply.corrupt(replica.log().logStartOffset());
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    return CompletableFuture.completedFuture(
        Message.valueOf(UnsafeByteOperations.unsafeWrap(reply.encode())));
  }

  /** Reads go to the partition log directly; a query only marks that the read index is applied. */
  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex ti = getLastAppliedTermIndex();
    if (ti == null || ti.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    SnapshotFiles.write(storage, ti, replica.snapshotState());
    LOGGER.debug("[{}] snapshot at {}", replica.identity().dirName(), ti);
    return ti.getIndex();
  }

  @Override
  public void close() throws IOException {
    super.close();
    if (replica != null) {
      replicas.closed(replica.identity().groupId());
    }
  }
}
