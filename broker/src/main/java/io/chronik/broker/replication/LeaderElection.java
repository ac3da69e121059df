package io.chronik.broker.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of asking a partition group for a leader election (Kafka's ElectLeaders), and the
 * rule that decides a preferred-leader election from what the group's leader reports.
 *
 * <p>A group's preferred leader is its member with the highest Raft priority (several members may
 * share it). A preferred election moves the lead to such a member when the current leader does not
 * have that priority and the member is live (the leader heard from it within {@code liveMs}) and
 * caught up (its commit index within {@code lagEntries} of the leader's; Raft then hands over only
 * once it has every entry). Raft never elects a member that lacks committed entries, so there is no
 * unclean election: a group with a leader needs none, and a group without one gets one as soon as a
 * majority of its members runs.
 *
 * @param result what happened
 * @param leader the group's leader afterwards, -1 when unknown
 * @param message why, for the errors; null on success
 */
public record LeaderElection(Result result, int leader, String message) {

  /** What an election request came to. */
  public enum Result {
    /** The lead moved to the preferred leader. */
    ELECTED,
    /** The group is already led as asked (its preferred leader, or it has a leader at all). */
    NOT_NEEDED,
    /** The preferred leader is down, behind, or the hand-over failed. */
    PREFERRED_NOT_AVAILABLE,
    /** The group has no leader, and none may be made: a majority of its members is down. */
    NO_ELIGIBLE_LEADER
  }

  /** What a preferred election should do about a group. */
  public sealed interface Decision {}

  /** The leader has the group's highest priority already. */
  public record AlreadyPreferred(int leader) implements Decision {}

  /** Hand the lead to {@code nodeId}, a live and caught-up member of the highest priority. */
  public record HandOver(int nodeId) implements Decision {}

  /** No member of the highest priority can take the lead now. */
  public record Unavailable(String reason) implements Decision {}

  /**
   * Decides a preferred election of a group from its leader's report.
   *
   * @param liveMs the longest silence of a live member, as the leader saw it
   * @param lagEntries the most committed entries a caught-up member may lack
   */
  public static Decision decide(GroupMembers members, long liveMs, long lagEntries) {
    Map<Integer, Integer> priorities = members.priorities();
    int top = priorities.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    Integer leaderPriority = priorities.get(members.leader());
    if (leaderPriority != null && leaderPriority == top) {
      return new AlreadyPreferred(members.leader());
    }
    long leaderCommit = members.leaderCommit();
    List<String> why = new ArrayList<>();
    for (Map.Entry<Integer, Integer> e : priorities.entrySet()) {
      int node = e.getKey();
      if (e.getValue() != top) {
        continue;
      }
      long commit = members.commitIndex().getOrDefault(node, -1L);
      Long silent = members.lastContactMs().get(node);
      if (!members.live(node, liveMs)) {
        why.add(
            "node "
                + node
                + (silent == null || silent < 0
                    ? " has not answered the leader"
                    : " has not answered the leader for " + silent + " ms"));
      } else if (leaderCommit - commit > lagEntries) {
        why.add("node " + node + " is " + (leaderCommit - commit) + " entries behind the leader");
      } else {
        return new HandOver(node);
      }
    }
    return new Unavailable(
        "the preferred leader cannot take the lead: "
            + String.join("; ", why)
            + " (leader: node "
            + members.leader()
            + ")");
  }
}
