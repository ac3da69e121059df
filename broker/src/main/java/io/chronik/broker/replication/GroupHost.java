package io.chronik.broker.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The Raft groups hosted by this node, seen without Ratis types. Partition groups are identified by
 * their group id (a UUID string).
 */
public interface GroupHost {

  /**
   * Proposes an entry to a group whose leader is this node. The future completes with the state
   * machine's reply once the entry is committed and applied, or fails with {@link
   * NotLeaderException} when this node does not lead the group.
   */
  CompletableFuture<ByteBuffer> submit(String groupId, ByteBuffer payload);

  /**
   * Completes once this node has applied every entry the group had committed when the call was made
   * (Raft ReadIndex through the leader). A follower that waits for this before reading serves every
   * write acknowledged before the read: read-your-writes from any replica.
   */
  CompletableFuture<Void> readBarrier(String groupId);

  /** Joins (creating locally) a group with the given member nodes. Idempotent. */
  void addGroup(String groupId, List<Integer> replicas) throws IOException;

  /** Leaves a group and deletes its Raft storage. Idempotent. */
  void removeGroup(String groupId) throws IOException;

  /** The partition groups hosted here (the metadata group excluded). */
  Set<String> localGroups();

  /** The Raft state of a group hosted here. */
  Optional<GroupStatus> status(String groupId);

  /** The Raft state of every group hosted here, the metadata group first. */
  List<GroupStatus> statuses();

  /**
   * Asks a partition group of the cluster, hosted here or not, for a leader election (Kafka's
   * ElectLeaders): a preferred election hands the lead to the group's preferred leader (see {@link
   * LeaderElection}); an unclean one only reports whether the group has a leader. The group's
   * leader is asked through a Raft client, so any node can serve the request. Never fails for the
   * group's state: that is in the outcome.
   *
   * @param replicas the group's members (node ids); {@code knownLeader} first when it is one
   * @param knownLeader the leader as this node knows it, -1 when unknown
   */
  default CompletableFuture<LeaderElection> electLeader(
      String groupId, List<Integer> replicas, int knownLeader, boolean preferred, long timeoutMs) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("leader elections are not served here"));
  }
}
