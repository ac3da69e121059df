package io.chronik.broker;

import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.PartitionLeader;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.replication.InSyncReplicas;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For every partition this node leads, makes sure the metadata names it as leader with its current
 * in-sync replicas, so that every node's Metadata answers show them. The node runs it every second.
 *
 * <p>Leaders are recorded with their Kafka leader epoch (the Raft term plus the partition's epoch
 * base). At most one report per group is in flight: the next run looks again once it completed.
 *
 * <p>It logs under {@link Broker}'s logger, as the node did before.
 */
final class LeadershipReporter implements Runnable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Broker.class);

  private final int nodeId;
  private final RaftNode raft;
  private final ReplicaManager replicas;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  LeadershipReporter(int nodeId, RaftNode raft, ReplicaManager replicas) {
    this.nodeId = nodeId;
    this.raft = raft;
    this.replicas = replicas;
  }

  @Override
  public void run() {
    try {
      MetadataImage image = raft.image();
      for (var entry : image.allPartitions()) {
        PartitionAssignment a = entry.getValue();
        if (!a.replicas().contains(nodeId) || inFlight.contains(a.groupId())) {
          continue;
        }
        Optional<GroupStatus> s = raft.status(a.groupId());
        if (s.isEmpty() || !s.get().isLeader()) {
          continue;
        }
        List<Integer> isr = InSyncReplicas.of(s.get(), a.replicas(), image.fenced());
        PartitionLeader known = image.leaders().get(a.groupId());
        // leaders are recorded with their Kafka leader epoch (the term plus the epoch base)
        long epoch =
            replicas
                .group(a.groupId())
                .map(r -> (long) r.epochOf(s.get().term()))
                .orElse(s.get().term());
        if (known == null
            || known.nodeId() != nodeId
            || known.term() != epoch
            || !known.isr().equals(isr)) {
          inFlight.add(a.groupId());
          raft.submit(new MetaCommand.RecordLeader(a.groupId(), nodeId, epoch, isr))
              .whenComplete((r, e) -> inFlight.remove(a.groupId()));
        }
      }
    } catch (RuntimeException e) {
      LOGGER.warn("cannot report partition leadership: {}", e.toString());
    }
  }
}
