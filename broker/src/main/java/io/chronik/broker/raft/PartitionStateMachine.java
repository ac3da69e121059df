package io.chronik.broker.raft;

import io.chronik.broker.partition.GroupReplicas;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.partition.ReplicaManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one partition group: one partition, or several partitions of a topic that
 * share the group ({@link GroupReplicas}). Entries carry record batches as the producer sent them;
 * applying an entry appends them to the partition's log with offsets assigned in Raft order.
 *
 * <p>A snapshot carries the data: each partition's closed segments (hard links), its leader epochs
 * and producer state, in {@code sm/snapshot.<term>_<index>/} ({@link PartitionSnapshotStorage}).
 * Ratis sends those files to a follower that is too far behind for the log (the log is purged up to
 * the snapshot), and the follower replaces its partition log by them. On start the log is cut back
 * to the latest snapshot (or rebuilt from it when the partition dir lost data) and Raft replays the
 * entries after it, so the log always equals "snapshot + applied entries".
 */
final class PartitionStateMachine extends LeaderAwareStateMachine {
  private static final Logger LOGGER = LoggerFactory.getLogger(PartitionStateMachine.class);

  private final ReplicaManager replicas;
  private final SnapshotListener snapshots;
  private final PartitionSnapshotStorage storage = new PartitionSnapshotStorage();
  private volatile GroupReplicas group;
  private volatile RaftServer.Division division;
  private Path raftStorageRoot;

  PartitionStateMachine(
      ReplicaManager replicas, LeaderListener leaderListener, SnapshotListener snapshots) {
    super(leaderListener);
    this.replicas = replicas;
    this.snapshots = snapshots;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    raftStorageRoot = raftStorage.getStorageDir().getRoot().toPath();
    storage.init(raftStorage);
    group = replicas.open(groupId.getUuid().toString());
    group.all().forEach(r -> r.termSource(this::currentTerm));
    restore(false);
  }

  @Override
  public void reinitialize() throws IOException {
    storage.reload();
    restore(true);
    group.all().forEach(r -> replicas.dropRestoredBase(r.identity()));
    resumed();
  }

  private void restore(boolean installed) throws IOException {
    SnapshotInfo snapshot = storage.getLatestSnapshot();
    Optional<Path> dir = storage.latestDir();
    if (snapshot == null || dir.isEmpty()) {
      for (PartitionReplica replica : group.all()) {
        Optional<Path> base = replicas.restoredBase(replica.identity());
        if (base.isPresent() && !installed) {
          // a group formed after 'chronik snapshot restore': its log starts at the restore, on
          // top of the restored partition (kept, not replayed)
          replica.restore(base.get(), false);
          LOGGER.info(
              "[{}] adopted the restored partition from {}: log [{}, {}), leader-epoch base {}",
              replica.identity().dirName(),
              base.get(),
              replica.log().logStartOffset(),
              replica.highWatermark(),
              replica.epochBase());
        } else {
          replica.resetForFullReplay(!GroupDirs.hasStorage(raftStorageRoot));
        }
      }
      return;
    }
    group.restore(dir.get(), installed);
    setLastAppliedTermIndex(snapshot.getTermIndex());
    for (PartitionReplica replica : group.all()) {
      LOGGER.info(
          "[{}] {} snapshot at {}; log ends at offset {}",
          replica.identity().dirName(),
          installed ? "installed" : "restored",
          snapshot.getTermIndex(),
          replica.highWatermark());
    }
  }

  /**
   * The group's current Raft term on this node, -1 while the group is not started: the term its
   * status reports, read from the division (one volatile read once the division is known).
   */
  long currentTerm() {
    RaftServer.Division d = division;
    if (d == null) {
      RaftServer server = getServer().getNow(null);
      if (server == null) {
        return -1;
      }
      try {
        d = server.getDivision(getGroupId());
      } catch (IOException | RuntimeException e) {
        return -1; // not registered yet, or gone
      }
      division = d;
    }
    return d.getInfo().getCurrentTerm();
  }

  /** The Kafka leader epoch of a term of this group. */
  long epochOf(long term) {
    GroupReplicas g = group;
    return g == null ? term : g.epochOf(term);
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public synchronized CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    java.nio.ByteBuffer reply;
    try {
      reply =
          group.applyEntry(
              entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer(), entry.getTerm());
    } catch (RuntimeException e) {
      // a bad entry must not stop the group: record the failure and move on
      LOGGER.error("[{}] cannot apply entry {}: {}", group.name(), entry.getIndex(), e.toString());
      reply = group.corruptReply();
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    return CompletableFuture.completedFuture(
        Message.valueOf(UnsafeByteOperations.unsafeWrap(reply)));
  }

  /** Reads go to the partition log directly; a query only marks that the read index is applied. */
  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  /**
   * Runs on the state-machine updater thread, or on another under this object's lock ({@link
   * #snapshotAtStart}); either way no entry is applied meanwhile. Fails loudly: a snapshot that did
   * not write completely is never recorded.
   */
  @Override
  public synchronized long takeSnapshot() throws IOException {
    TermIndex ti = getLastAppliedTermIndex();
    if (ti == null || ti.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    SnapshotInfo latest = storage.getLatestSnapshot();
    if (latest != null && latest.getIndex() >= ti.getIndex()) {
      return latest.getIndex();
    }
    Path temp = storage.beginWrite(ti);
    group.snapshotInto(temp);
    storage.commit(temp, ti);
    // the group's own snapshot now carries the restored base (if any): it is no longer needed
    for (PartitionReplica replica : group.all()) {
      replicas.dropRestoredBase(replica.identity());
      LOGGER.debug(
          "[{}] snapshot at {}, log [{}, {})",
          replica.identity().dirName(),
          ti,
          replica.log().logStartOffset(),
          replica.highWatermark());
    }
    snapshots.snapshotTaken(getGroupId().getUuid().toString(), ti.getTerm(), ti.getIndex());
    return ti.getIndex();
  }

  /**
   * The snapshot of a group that has applied only its first leader's start entry (index 0) and has
   * no snapshot: the archive of an empty partition, which a restore needs like any other. Ratis
   * takes none there, since it counts a missing snapshot as one at index 0.
   *
   * @return the index of the group's latest snapshot afterwards (-1 when it applied nothing yet)
   */
  synchronized long snapshotAtStart() throws IOException {
    SnapshotInfo latest = storage.getLatestSnapshot();
    if (latest != null) {
      return latest.getIndex();
    }
    return takeSnapshot();
  }

  @Override
  public void close() throws IOException {
    super.close();
    if (group != null) {
      replicas.closed(group.groupId());
    }
  }
}
