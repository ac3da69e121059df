package io.chronik.broker.snapshot.node;

import io.chronik.broker.partition.GroupReplicas;
import io.chronik.broker.partition.PartitionIdentity;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.snapshot.SnapshotName;
import java.util.List;
import java.util.Optional;

/**
 * Names a node's Raft groups the way snapshot archives do: {@code meta}, {@code topic-p}, or {@code
 * topic-first..last} for a group carrying several partitions ({@link GroupReplicas#name()}).
 */
public final class SnapshotGroups implements SnapshotService.Groups {
  private final RaftNode raft;
  private final ReplicaManager replicas;

  public SnapshotGroups(RaftNode raft, ReplicaManager replicas) {
    this.raft = raft;
    this.replicas = replicas;
  }

  @Override
  public Optional<SnapshotService.GroupName> nameOf(String groupKey) {
    if ("__meta".equals(groupKey)) {
      return Optional.of(new SnapshotService.GroupName(SnapshotName.META_GROUP, null, List.of()));
    }
    // a deleted topic's group stays on the node until the node leaves it: it is not the cluster's
    return replicas
        .group(groupKey)
        .filter(g -> assigned(g.first().identity().topic(), groupKey))
        .map(SnapshotGroups::name);
  }

  private boolean assigned(String topic, String groupKey) {
    return raft.image()
        .topic(topic)
        .map(t -> t.partitions().stream().anyMatch(a -> groupKey.equals(a.groupId())))
        .orElse(false);
  }

  private static SnapshotService.GroupName name(GroupReplicas group) {
    PartitionIdentity first = group.first().identity();
    List<Integer> partitions = group.all().stream().map(r -> r.identity().partition()).toList();
    return new SnapshotService.GroupName(group.name(), first.topic(), partitions);
  }
}
