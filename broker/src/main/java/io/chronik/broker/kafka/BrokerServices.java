package io.chronik.broker.kafka;

import io.chronik.broker.BrokerConfig;
import io.chronik.broker.group.GroupCoordinator;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.MetadataService;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.PartitionLeader;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.replication.GroupHost;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.replication.InSyncReplicas;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the Kafka handlers work with: this node's config, the metadata, the local replicas and their
 * Raft groups, and the group coordinator.
 *
 * @param nodeId this node's id
 * @param config the node's config
 * @param metadata the replicated cluster metadata
 * @param replicas the local partition replicas
 * @param groups the local Raft groups
 * @param coordinator the consumer-group coordinator
 * @param vertx timers for long polls and waits
 * @param metaLeader the node id of the metadata group's leader, or -1
 * @param coordinatorTerm the metadata group's term while this node leads it and has applied every
 *     earlier entry (it then coordinates the consumer groups), else -1
 * @param metrics the broker's metrics
 */
public record BrokerServices(
    int nodeId,
    BrokerConfig config,
    MetadataService metadata,
    ReplicaManager replicas,
    GroupHost groups,
    GroupCoordinator coordinator,
    Vertx vertx,
    java.util.function.IntSupplier metaLeader,
    java.util.function.LongSupplier coordinatorTerm,
    io.chronik.broker.metrics.BrokerMetrics metrics) {

  public MetadataImage image() {
    return metadata.image();
  }

  /** The leader of a partition and its epoch, as far as this node knows. */
  public record Leader(int nodeId, int epoch, List<Integer> isr) {}

  /**
   * The leader of a partition and its epoch, as far as this node knows. Where the partition's group
   * is hosted here, the epoch is the group's current term here as a Kafka epoch, the same value the
   * leader-epoch check of Fetch, ListOffsets and OffsetForLeaderEpoch compares a client's {@code
   * currentLeaderEpoch} with on this node ({@link
   * io.chronik.broker.partition.PartitionReplica#leaderEpoch}); elsewhere it is the epoch the
   * leader recorded in the metadata.
   */
  public Leader leaderOf(PartitionAssignment assignment) {
    Optional<GroupStatus> status = groups.status(assignment.groupId());
    PartitionLeader reported = image().leaders().get(assignment.groupId());
    if (status.isPresent()) {
      GroupStatus local = status.get();
      // the Kafka leader epoch is the Raft term plus the partition's epoch base (0 unless restored)
      int epoch =
          replicas
              .group(assignment.groupId())
              .map(r -> r.epochOf(local.term()))
              .orElse((int) local.term());
      if (local.leaderId() < 0) {
        // no leader known here (an election runs, or this node just started): the recorded
        // leader while its epoch is not older than this node's; an older one is over
        return reported != null && reported.term() >= epoch
            ? new Leader(reported.nodeId(), (int) reported.term(), reported.isr())
            : new Leader(-1, -1, List.of());
      }
      if (local.isLeaderNotReady()) {
        // clients wait for a leader rather than send a produce that fails and, retried, lands
        // behind later ones
        return new Leader(-1, -1, List.of());
      }
      if (local.isLeader()) {
        return new Leader(
            local.leaderId(),
            epoch,
            InSyncReplicas.of(local, assignment.replicas(), image().fenced()));
      }
      // the leader records its ISR within moments of its election; until then, the ISR of the
      // previous term with the new leader
      List<Integer> isr =
          reported != null && reported.term() == epoch
              ? reported.isr()
              : InSyncReplicas.afterElection(
                  local.leaderId(),
                  assignment.replicas(),
                  reported != null && reported.term() < epoch ? reported.isr() : List.of());
      return new Leader(local.leaderId(), epoch, isr);
    }
    // not hosted here: the leader as it reported itself to the metadata group
    if (reported != null) {
      return new Leader(reported.nodeId(), (int) reported.term(), reported.isr());
    }
    return new Leader(-1, -1, List.of());
  }

  /** This node's registration, or one built from its config while it has none. */
  public BrokerInfo self() {
    BrokerInfo registered = image().brokers().get(nodeId);
    return registered != null
        ? registered
        : new BrokerInfo(
            nodeId,
            config.advertisedHost(),
            config.kafkaPort(),
            config.adminPort(),
            config.raftPort(),
            config.rack());
  }

  /** Completes with true once every group has a leader, or false after {@code timeoutMs}. */
  public CompletableFuture<Boolean> awaitLeaders(Collection<String> groupIds, long timeoutMs) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    List<String> ids = List.copyOf(groupIds);
    long deadline = System.currentTimeMillis() + timeoutMs;
    if (allLed(ids)) {
      done.complete(true);
      return done;
    }
    vertx.setPeriodic(
        20,
        timer -> {
          if (allLed(ids)) {
            vertx.cancelTimer(timer);
            done.complete(true);
          } else if (System.currentTimeMillis() > deadline) {
            vertx.cancelTimer(timer);
            done.complete(false);
          }
        });
    return done;
  }

  private boolean allLed(List<String> ids) {
    for (String id : ids) {
      Optional<GroupStatus> s = groups.status(id);
      if (s.isEmpty() || s.get().leaderId() < 0 || s.get().isLeaderNotReady()) {
        return false;
      }
    }
    return true;
  }
}
