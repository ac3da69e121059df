package io.chronik.broker.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which replicas of a partition are in sync, judged by its leader: the leader itself, and every
 * follower the leader heard from within {@link #LAG_TIME_MAX_MS} whose committed index is within
 * {@link #LAG_ENTRIES_MAX} entries of the leader's (Kafka's {@code replica.lag.time.max.ms} rule,
 * on Raft indexes) and that is not fenced.
 */
public final class InSyncReplicas {
  public static final long LAG_TIME_MAX_MS = 10_000;
  public static final long LAG_ENTRIES_MAX = 1_000;

  private InSyncReplicas() {}

  /** The in-sync replicas in replica order, or empty when {@code status} is not a leader's. */
  public static List<Integer> of(GroupStatus status, List<Integer> replicas) {
    return of(status, replicas, Set.of());
  }

  /**
   * The in-sync replicas in replica order, or empty when {@code status} is not a leader's; a {@code
   * fenced} node (the metadata group's leader lost contact with it) is never in sync, as Kafka
   * takes a fenced broker out of every ISR.
   */
  public static List<Integer> of(GroupStatus status, List<Integer> replicas, Set<Integer> fenced) {
    if (!status.isLeader()) {
      return List.of();
    }
    List<Integer> isr = new ArrayList<>();
    for (int replica : replicas) {
      if (replica == status.leaderId()
          || (caughtUp(status, replica) && !fenced.contains(replica))) {
        isr.add(replica);
      }
    }
    return isr;
  }

  /**
   * The in-sync replicas of a partition whose leader was just elected, before the new leader has
   * measured its followers: the new leader and every replica that was in sync in the previous term
   * (as the previous leader last recorded them), in replica order. Kafka keeps the ISR across a
   * leader change in the same way; the new leader's own measure ({@link #of}) replaces it within a
   * second. With no previous ISR, the leader alone.
   */
  public static List<Integer> afterElection(
      int leader, List<Integer> replicas, List<Integer> previousIsr) {
    List<Integer> isr = new ArrayList<>();
    for (int replica : replicas) {
      if (replica == leader || previousIsr.contains(replica)) {
        isr.add(replica);
      }
    }
    if (!isr.contains(leader)) {
      isr.add(0, leader);
    }
    return isr;
  }

  private static boolean caughtUp(GroupStatus status, int replica) {
    for (GroupStatus.FollowerStatus f : status.followers()) {
      if (f.nodeId() == replica) {
        return f.lastContactMs() >= 0
            && f.lastContactMs() <= LAG_TIME_MAX_MS
            && status.commitIndex() - f.matchIndex() <= LAG_ENTRIES_MAX;
      }
    }
    return false;
  }
}
