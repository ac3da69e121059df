package io.chronik.broker.replication;

import java.util.List;

/**
 * A snapshot of one Raft group's state on this node, for the admin API, metrics and readiness.
 *
 * @param groupId the group id
 * @param kind {@code meta} or {@code partition}
 * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER
 * @param leaderReady whether this node leads the group and has committed an entry of its term, so
 *     it accepts writes (a new leader is not ready for its first few milliseconds)
 * @param leaderId the leader's node id, or -1 when there is none
 * @param term the current term
 * @param commitIndex the highest committed log index known here
 * @param appliedIndex the highest index applied to the state machine
 * @param logStartIndex the first index still in the Raft log; when the log holds nothing after the
 *     latest snapshot, the index its next entry gets (the snapshot's index + 1); -1 with neither a
 *     log nor a snapshot
 * @param logEndIndex the last index in the Raft log, -1 when it holds no entry
 * @param snapshotIndex the index of the latest snapshot, -1 when none
 * @param followers replication progress of each follower (leader only)
 */
public record GroupStatus(
    String groupId,
    String kind,
    String role,
    boolean leaderReady,
    int leaderId,
    long term,
    long commitIndex,
    long appliedIndex,
    long logStartIndex,
    long logEndIndex,
    long snapshotIndex,
    List<FollowerStatus> followers) {

  public GroupStatus {
    followers = List.copyOf(followers);
  }

  public boolean isLeader() {
    return "LEADER".equals(role);
  }

  /** This node was elected but has not committed an entry of its term yet: no writes yet. */
  public boolean isLeaderNotReady() {
    return isLeader() && !leaderReady;
  }

  /**
   * A follower as seen from the leader.
   *
   * @param nodeId the follower's node id
   * @param matchIndex the highest index known to be replicated on it
   * @param lastContactMs milliseconds since the leader last heard from it
   */
  public record FollowerStatus(int nodeId, long matchIndex, long lastContactMs) {}
}
