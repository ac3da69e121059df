package io.chronik.broker.snapshot.node;

import io.chronik.broker.partition.GroupReplicas;
import io.chronik.broker.partition.PartitionIdentity;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.snapshot.SnapshotName;
import java.util.Optional;

/** Names a node's Raft groups the way snapshot archives do: {@code meta} or {@code topic-p}. */
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
      return Optional.of(new SnapshotService.GroupName(SnapshotName.META_GROUP, null, null));
    }
    return replicas.group(groupKey).map(SnapshotGroups::name);
  }

  private static SnapshotService.GroupName name(GroupReplicas group) {
    PartitionIdentity first = group.first().identity();
    return new SnapshotService.GroupName(group.name(), first.topic(), first.partition());
  }
}
