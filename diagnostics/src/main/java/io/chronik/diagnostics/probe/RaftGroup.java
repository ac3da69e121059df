package io.chronik.diagnostics.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One entry of a node's {@code GET /v1/raft/groups}: a Raft group as that node sees it.
 *
 * @param groupId the group id ({@code __meta} for the metadata group)
 * @param kind {@code meta} or {@code partition}
 * @param topic the partition's topic, null for the metadata group
 * @param partition the partition index (the first, for a group of several), null for the metadata
 *     group
 * @param partitions every partition the group carries, ascending; empty for the metadata group
 * @param highWatermark the partition's high watermark, null for the metadata group
 * @param logStartOffset the partition's log start offset, null for the metadata group
 * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER
 * @param leader the leader's node id, -1 when there is none
 * @param term the current term
 * @param commitIndex the highest committed index known here
 * @param appliedIndex the highest index applied to the state machine here
 * @param logStartIndex the first index still in the Raft log
 * @param logEndIndex the last index in the Raft log
 * @param snapshotIndex the latest snapshot's index, -1 when none
 * @param followers each follower's progress (reported by the leader only)
 * @param members the node ids in the group's Raft configuration as this node knows it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RaftGroup(
    String groupId,
    String kind,
    String topic,
    Integer partition,
    List<Integer> partitions,
    Long highWatermark,
    Long logStartOffset,
    String role,
    int leader,
    long term,
    long commitIndex,
    long appliedIndex,
    long logStartIndex,
    long logEndIndex,
    long snapshotIndex,
    List<Follower> followers,
    List<Integer> members) {

  /** The id of the metadata group. */
  public static final String META = "__meta";

  public RaftGroup {
    followers = followers == null ? List.of() : List.copyOf(followers);
    members = members == null ? List.of() : List.copyOf(members);
    // a node of an earlier release reports one partition per group
    if (partitions == null || partitions.isEmpty()) {
      partitions = partition == null ? List.of() : List.of(partition);
    } else {
      partitions = List.copyOf(partitions);
    }
  }

  public boolean isLeader() {
    return "LEADER".equals(role);
  }

  public boolean isMeta() {
    return META.equals(groupId);
  }

  /**
   * How a person names the group: {@code __meta}, {@code topic-partition}, or {@code
   * topic-first..last} for a group of several partitions.
   */
  public String label() {
    return labelOf(groupId, topic, partitions);
  }

  /** {@link #label()} of a group with these fields. */
  public static String labelOf(String groupId, String topic, List<Integer> partitions) {
    if (topic == null || partitions.isEmpty()) {
      return groupId;
    }
    int first = partitions.get(0);
    int last = partitions.get(partitions.size() - 1);
    return first == last ? topic + "-" + first : topic + "-" + first + ".." + last;
  }

  /**
   * A follower as the leader sees it.
   *
   * @param nodeId the follower's node id
   * @param matchIndex the highest index known to be replicated on it
   * @param lastContactMs milliseconds since the leader last heard from it, -1 when unknown
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Follower(int nodeId, long matchIndex, long lastContactMs) {}
}
