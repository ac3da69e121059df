package io.chronik.broker.meta;

import java.util.List;

/**
 * Where one partition lives: the Raft group that replicates it and the nodes in that group.
 *
 * @param partition the partition index
 * @param groupId the Raft group id (a UUID string)
 * @param replicas the node ids holding a replica, preferred leader first
 */
public record PartitionAssignment(int partition, String groupId, List<Integer> replicas) {
  public PartitionAssignment {
    replicas = List.copyOf(replicas);
  }
}
