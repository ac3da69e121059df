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

  MetadataStateMachine(LeaderListener leaderListener, SnapshotListener snapshots) {
    super(leaderListener);
    this.snapshots = snapshots;
  }

  MetadataImage image() {
    return image;
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
    resumed();
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
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
      applied = image.apply(MetaCodec.decode(bytes, MetaCommand.class));
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
    snapshots.snapshotTaken("__meta", ti.getTerm(), ti.getIndex());
    return ti.getIndex();
  }
}
