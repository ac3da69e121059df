package io.chronik.broker.replication;

import java.util.List;
import java.util.Map;

/**
 * A Raft group's configuration and progress as its leader reports it.
 *
 * @param group the group key ({@code __meta} or a partition group id)
 * @param leader the leader's node id
 * @param priorities each member's Raft priority, in configuration order (node id → priority)
 * @param addresses each member's Raft address ({@code host:port})
 * @param commitIndex the commit index the leader knows of each member, itself included
 * @param lastContactMs milliseconds since the leader last heard from each follower
 */
public record GroupMembers(
    String group,
    int leader,
    Map<Integer, Integer> priorities,
    Map<Integer, String> addresses,
    Map<Integer, Long> commitIndex,
    Map<Integer, Long> lastContactMs) {

  public GroupMembers {
    priorities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(priorities));
    addresses = Map.copyOf(addresses);
    commitIndex = Map.copyOf(commitIndex);
    lastContactMs = Map.copyOf(lastContactMs);
  }

  /** The member node ids, in configuration order. */
  public List<Integer> nodes() {
    return List.copyOf(priorities.keySet());
  }

  /**
   * Whether {@code nodeId} has every entry the leader had committed: its commit index has reached
   * the leader's.
   */
  public boolean caughtUp(int nodeId, long leaderCommit) {
    return commitIndex.getOrDefault(nodeId, -1L) >= leaderCommit;
  }

  /** The leader's own commit index. */
  public long leaderCommit() {
    return commitIndex.getOrDefault(leader, -1L);
  }

  /**
   * Whether the leader heard from {@code nodeId} within {@code withinMs} (the leader itself always
   * counts).
   */
  public boolean live(int nodeId, long withinMs) {
    if (nodeId == leader) {
      return true;
    }
    Long last = lastContactMs.get(nodeId);
    return last != null && last >= 0 && last <= withinMs;
  }
}
