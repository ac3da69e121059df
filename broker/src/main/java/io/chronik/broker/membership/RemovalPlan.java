package io.chronik.broker.membership;

import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.replication.GroupMembers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What removing a node takes: where each of its replicas goes, and what would break.
 *
 * <p>A replica goes to the live registered node, not yet a replica of that partition, that holds
 * the fewest replicas (counting the moves planned before it; ties go to the lower node id). A
 * partition with no such node is a problem: with {@code --force} it loses the replica and keeps
 * fewer. The metadata group is a problem when the members left would not have a live majority.
 * Partitions that share a Raft group move together: the group gets one move, named by its first
 * partition.
 *
 * @param moves the replica moves, in topic and partition order
 * @param problems why the removal is refused without {@code --force}; empty when it is safe
 * @param remainingMeta the metadata group's members after the removal
 */
record RemovalPlan(List<Move> moves, List<String> problems, List<Integer> remainingMeta) {

  /** One partition's replicas before and after. */
  record Move(String topic, int partition, int node, List<Integer> from, List<Integer> to) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("topic", topic);
      m.put("partition", partition);
      m.put("from", from);
      m.put("to", to);
      List<Integer> added = new ArrayList<>(to);
      added.removeAll(from);
      m.put("target", added.isEmpty() ? -1 : added.get(0));
      return m;
    }
  }

  static RemovalPlan of(MetadataImage image, GroupMembers meta, int nodeId, long liveWithinMs) {
    List<Integer> live = new ArrayList<>();
    for (int id : meta.nodes()) {
      if (id != nodeId && meta.live(id, liveWithinMs) && image.brokers().containsKey(id)) {
        live.add(id);
      }
    }
    Map<Integer, Integer> load = new HashMap<>();
    live.forEach(id -> load.put(id, 0));
    for (Map.Entry<TopicInfo, PartitionAssignment> e : image.allPartitions()) {
      e.getValue().replicas().forEach(r -> load.computeIfPresent(r, (k, v) -> v + 1));
    }
    List<Move> moves = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Map.Entry<TopicInfo, PartitionAssignment>> partitions =
        new ArrayList<>(image.allPartitions());
    partitions.sort(
        Comparator.comparing((Map.Entry<TopicInfo, PartitionAssignment> e) -> e.getKey().name())
            .thenComparingInt(e -> e.getValue().partition()));
    java.util.Set<String> planned = new java.util.HashSet<>();
    for (Map.Entry<TopicInfo, PartitionAssignment> e : partitions) {
      PartitionAssignment a = e.getValue();
      if (!a.replicas().contains(nodeId) || !planned.add(a.groupId())) {
        continue;
      }
      String name = e.getKey().name() + "-" + a.partition();
      Integer target =
          live.stream()
              .filter(id -> !a.replicas().contains(id))
              .min(Comparator.comparingInt((Integer id) -> load.get(id)).thenComparingInt(id -> id))
              .orElse(null);
      List<Integer> to = new ArrayList<>(a.replicas());
      if (target == null) {
        problems.add(
            "leave "
                + name
                + " (replication factor "
                + a.replicas().size()
                + ") with "
                + (a.replicas().size() - 1)
                + " replicas: no other live node can take node "
                + nodeId
                + "'s replica");
        to.remove(Integer.valueOf(nodeId));
      } else {
        to.set(to.indexOf(nodeId), target);
        load.merge(target, 1, Integer::sum);
      }
      moves.add(new Move(e.getKey().name(), a.partition(), nodeId, a.replicas(), to));
    }
    List<Integer> remaining = new ArrayList<>(meta.nodes());
    remaining.remove(Integer.valueOf(nodeId));
    long liveLeft = remaining.stream().filter(id -> meta.live(id, liveWithinMs)).count();
    if (!remaining.isEmpty() && liveLeft * 2 <= remaining.size()) {
      problems.add(
          "leave the metadata group with "
              + remaining.size()
              + " members of which only "
              + liveLeft
              + " are live: no majority");
    }
    return new RemovalPlan(moves, problems, remaining);
  }
}
