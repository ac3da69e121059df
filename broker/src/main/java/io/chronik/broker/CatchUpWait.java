package io.chronik.broker;

import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupStatus;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The two long waits of a node's start-up: until the metadata group has a leader and this node has
 * replayed its log, and later until every partition group with a replica here has a leader and has
 * replayed its log. Only then does the node register, and report ready.
 *
 * <p>Both wait through {@link StartupWait#standard()} with the sum of the applied indexes of the
 * groups here as progress: a node that replays or receives a long log may take as long as that
 * takes. Each look at a group that is not caught up lets {@link CatchUpNudge} get a wiped group
 * going.
 */
final class CatchUpWait {
  private final int nodeId;
  private final RaftNode raft;
  private final CatchUpNudge nudge;

  CatchUpWait(int nodeId, RaftNode raft, Path dataDir) {
    this.nodeId = nodeId;
    this.raft = raft;
    this.nudge = new CatchUpNudge(raft, nodeId, dataDir);
  }

  /**
   * Returns once the metadata group has a leader and this node has applied its log.
   *
   * @param eachLook runs before each look and may end the wait with its exception (this node was
   *     removed from the cluster)
   */
  void metadata(Runnable eachLook) {
    StartupWait.standard()
        .until(
            () -> {
              eachLook.run();
              nudge.meta();
              return raft.metaStatus().map(raft::isCaughtUp).orElse(false);
            },
            this::appliedSum,
            "the metadata group to elect a leader and replay its log");
    nudge.settle();
  }

  /** Returns once every partition group with a replica here has a leader and applied its log. */
  void partitions() {
    StartupWait.standard()
        .until(
            this::partitionsReady,
            this::appliedSum,
            "every local partition to elect a leader and replay its log");
    nudge.settle();
  }

  private boolean partitionsReady() {
    MetadataImage image = raft.image();
    boolean ready = true;
    for (var entry : image.allPartitions()) {
      if (entry.getValue().replicas().contains(nodeId)) {
        Optional<GroupStatus> s = raft.status(entry.getValue().groupId());
        if (s.isEmpty() || !raft.isCaughtUp(s.get())) {
          nudge.partition(entry.getValue().groupId());
          ready = false;
        }
      }
    }
    return ready;
  }

  /** The sum of the applied indexes of the groups here: grows while the node catches up. */
  private long appliedSum() {
    return raft.statuses().stream().mapToLong(GroupStatus::appliedIndex).sum();
  }
}
