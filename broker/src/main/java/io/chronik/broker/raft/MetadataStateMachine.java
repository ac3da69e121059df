package io.chronik.broker.raft;

import io.chronik.broker.meta.MetaCodec;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetadataImage;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of the metadata group ({@code __meta}). Its state is one immutable {@link
 * MetadataImage}; each entry is a JSON {@link MetaCommand}. A snapshot is the whole image as JSON.
 */
final class MetadataStateMachine extends LeaderAwareStateMachine {
  private static final Logger LOGGER = LoggerFactory.getLogger(MetadataStateMachine.class);

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final List<Consumer<MetadataImage>> listeners = new CopyOnWriteArrayList<>();
  private volatile MetadataImage image = MetadataImage.empty();

  private final SnapshotListener snapshots;
  private final java.nio.file.Path restoredImage;

  /**
   * @param restoredImage the metadata image {@code chronik snapshot restore} left for a fresh
   *     metadata group to start from; used only while the group has no snapshot of its own
   */
  MetadataStateMachine(
      LeaderListener leaderListener, SnapshotListener snapshots, java.nio.file.Path restoredImage) {
    super(leaderListener);
    this.snapshots = snapshots;
    this.restoredImage = restoredImage;
  }

  MetadataImage image() {
    return image;
  }

  /** The index of the last log entry applied (or loaded with a snapshot), -1 before any. */
  long appliedIndex() {
    TermIndex applied = getLastAppliedTermIndex();
    return applied == null ? -1 : applied.getIndex();
  }

  private volatile boolean expelled;

  /**
   * Whether this server's division of the metadata group was shut down because the group's leader
   * answered that its configuration no longer names this node (removed while it was down or cut
   * off), or because this node's own configuration does not name it.
   */
  boolean expelled() {
    return expelled;
  }

  @Override
  public void notifyServerShutdown(
      org.apache.ratis.proto.RaftProtos.RoleInfoProto roleInfo, boolean allServer) {
    if (!allServer) {
      // Ratis closes only this division: its leader answered a vote request with "shut down"
      expelled = true;
      LOGGER.warn(
          "the metadata group's leader says this node is not in the group's configuration; the"
              + " node's metadata group was shut down");
    }
  }

  void addListener(Consumer<MetadataImage> listener) {
    listeners.add(listener);
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    load(storage.loadLatestSnapshot());
  }

  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
    dropRestoredImage();
    resumed();
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      if (restoredImage != null && java.nio.file.Files.isRegularFile(restoredImage)) {
        // a group formed after 'chronik snapshot restore': its log starts at the restore
        image =
            MetaCodec.decode(java.nio.file.Files.readAllBytes(restoredImage), MetadataImage.class);
        LOGGER.info("[meta] adopted the restored metadata image {}", restoredImage);
        publish();
      }
      return;
    }
    image = MetaCodec.decode(SnapshotFiles.read(snapshot), MetadataImage.class);
    setLastAppliedTermIndex(snapshot.getTermIndex());
    LOGGER.info("[meta] loaded snapshot at {}", snapshot.getTermIndex());
    publish();
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    byte[] bytes = entry.getStateMachineLogEntry().getLogData().toByteArray();
    MetadataImage.Applied applied;
    try {
      // the entry's term fences group membership writes of a deposed coordinator
      applied = image.apply(MetaCodec.decode(bytes, MetaCommand.class), entry.getTerm());
    } catch (RuntimeException e) {
      LOGGER.error("[meta] cannot apply entry {}: {}", entry.getIndex(), e.toString());
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      return CompletableFuture.failedFuture(e);
    }
    image = applied.image();
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    publish();
    return CompletableFuture.completedFuture(
        Message.valueOf(ByteString.copyFrom(MetaCodec.encode(applied.result()))));
  }

  /** The group's own snapshot now carries the restored image: it is no longer needed. */
  private void dropRestoredImage() {
    if (restoredImage == null || !java.nio.file.Files.exists(restoredImage)) {
      return;
    }
    try {
      io.chronik.broker.snapshot.RestoreMarker.deleteTree(restoredImage.getParent());
      LOGGER.info("[meta] the restored image is no longer needed; deleted");
    } catch (IOException e) {
      LOGGER.warn("[meta] cannot delete the restored image {}: {}", restoredImage, e.toString());
    }
  }

  private void publish() {
    MetadataImage current = image;
    for (Consumer<MetadataImage> listener : listeners) {
      try {
        listener.accept(current);
      } catch (RuntimeException e) {
        LOGGER.warn("[meta] listener failed: {}", e.toString());
      }
    }
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex ti = getLastAppliedTermIndex();
    if (ti == null || ti.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    SnapshotFiles.write(storage, ti, MetaCodec.encode(image));
    LOGGER.debug("[meta] snapshot at {}", ti);
    dropRestoredImage();
    snapshots.snapshotTaken("__meta", ti.getTerm(), ti.getIndex());
    return ti.getIndex();
  }
}
