package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.probe.ClusterInfo;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.RaftGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every Raft group of the cluster, joined across nodes: its members and what each reachable member
 * reports about it.
 *
 * <p>Members of a partition group are its replicas in the cluster metadata. Members of the metadata
 * group are, in this order of preference: the leader and the followers it reports, the Raft peers
 * in a node's configuration, the registered nodes. Without cluster metadata the membership is not
 * known, and only the groups that reachable nodes report are seen.
 *
 * @param groupId the Raft group id
 * @param label {@code __meta} or {@code topic-partition}
 * @param members the group's peers
 * @param membershipKnown whether {@code members} comes from metadata rather than from reports
 * @param reports what each member that answered {@code /v1/raft/groups} says about the group
 * @param silent members whose {@code /v1/raft/groups} did not answer
 * @param absent members that answered but do not (yet) host the group
 */
record GroupView(
    String groupId,
    String label,
    Set<Integer> members,
    boolean membershipKnown,
    Map<Integer, RaftGroup> reports,
    Set<Integer> silent,
    Set<Integer> absent) {

  /** Votes needed for a majority of the members. */
  int majority() {
    return members.size() / 2 + 1;
  }

  boolean isMeta() {
    return RaftGroup.META.equals(groupId);
  }

  /** The leader most reporting members agree on, and how many agree; empty without any. */
  Optional<Map.Entry<Integer, Integer>> agreedLeader() {
    Map<Integer, Integer> votes = new TreeMap<>();
    reports.values().stream()
        .filter(r -> r.leader() >= 0)
        .forEach(r -> votes.merge(r.leader(), 1, Integer::sum));
    return votes.entrySet().stream().max(Map.Entry.comparingByValue());
  }

  /** The report of the member that says it leads the group. */
  Optional<RaftGroup> leaderReport() {
    return reports.values().stream().filter(RaftGroup::isLeader).findFirst();
  }

  /** Every group the snapshot knows of: the metadata group first, then partitions by name. */
  static List<GroupView> of(ClusterSnapshot snapshot) {
    Map<String, Set<Integer>> members = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    boolean known = snapshot.cluster().ok();
    Members meta = metaMembers(snapshot);
    members.put(RaftGroup.META, meta.ids());
    labels.put(RaftGroup.META, RaftGroup.META);
    if (known) {
      for (ClusterInfo.Topic topic : snapshot.cluster().get().topics()) {
        for (ClusterInfo.Partition p : topic.partitions()) {
          members.put(p.groupId(), new TreeSet<>(p.replicas()));
          labels.put(p.groupId(), topic.name() + "-" + p.partition());
        }
      }
    }
    Map<String, Map<Integer, RaftGroup>> reports = new LinkedHashMap<>();
    Set<String> unlisted = new TreeSet<>();
    for (NodeSnapshot node : snapshot.nodes()) {
      if (!node.groups().ok()) {
        continue;
      }
      for (RaftGroup group : node.groups().get()) {
        reports.computeIfAbsent(group.groupId(), g -> new TreeMap<>()).put(node.nodeId(), group);
        if (!members.containsKey(group.groupId())) {
          unlisted.add(group.groupId());
        }
        labels.putIfAbsent(group.groupId(), group.label());
      }
    }
    List<GroupView> views = new ArrayList<>();
    for (Map.Entry<String, Set<Integer>> entry : members.entrySet()) {
      String groupId = entry.getKey();
      boolean membershipKnown = !RaftGroup.META.equals(groupId) || meta.known();
      views.add(
          view(snapshot, groupId, labels.get(groupId), entry.getValue(), membershipKnown, reports));
    }
    if (!known) {
      // without metadata, only what the nodes report; a deleted topic's group on a node that
      // has not caught up is not a cluster group and stays out when metadata is known
      for (String groupId : unlisted) {
        Set<Integer> reporters = new TreeSet<>(reports.get(groupId).keySet());
        views.add(view(snapshot, groupId, labels.get(groupId), reporters, false, reports));
      }
    }
    views.sort(Comparator.comparing((GroupView v) -> !v.isMeta()).thenComparing(GroupView::label));
    return views;
  }

  private static GroupView view(
      ClusterSnapshot snapshot,
      String groupId,
      String label,
      Set<Integer> members,
      boolean membershipKnown,
      Map<String, Map<Integer, RaftGroup>> reports) {
    Map<Integer, RaftGroup> byNode = new TreeMap<>();
    Set<Integer> silent = new TreeSet<>();
    Set<Integer> absent = new TreeSet<>();
    Map<Integer, RaftGroup> all = reports.getOrDefault(groupId, Map.of());
    for (int member : members) {
      Optional<NodeSnapshot> node = snapshot.node(member);
      if (node.isEmpty() || !node.get().groups().ok()) {
        silent.add(member);
      } else if (all.containsKey(member)) {
        byNode.put(member, all.get(member));
      } else {
        absent.add(member);
      }
    }
    return new GroupView(
        groupId, label, Set.copyOf(members), membershipKnown, byNode, silent, absent);
  }

  private record Members(Set<Integer> ids, boolean known) {}

  private static Members metaMembers(ClusterSnapshot snapshot) {
    for (NodeSnapshot node : snapshot.nodes()) {
      if (node.groups().ok()) {
        for (RaftGroup g : node.groups().get()) {
          if (g.isMeta() && g.isLeader()) {
            Set<Integer> members = new TreeSet<>();
            members.add(node.nodeId());
            g.followers().forEach(f -> members.add(f.nodeId()));
            return new Members(members, true);
          }
        }
      }
    }
    for (NodeSnapshot node : snapshot.nodes()) {
      if (node.info().ok() && node.info().get().config() != null) {
        Set<Integer> peers = new TreeSet<>();
        for (String peer : node.info().get().config().peers()) {
          int at = peer.indexOf('@');
          try {
            peers.add(Integer.parseInt(peer.substring(0, Math.max(at, 0)).strip()));
          } catch (NumberFormatException e) {
            // not ID@HOST:PORT
          }
        }
        if (!peers.isEmpty()) {
          return new Members(peers, true);
        }
      }
    }
    Set<Integer> members = new TreeSet<>();
    if (snapshot.cluster().ok()) {
      snapshot.cluster().get().nodes().forEach(n -> members.add(n.nodeId()));
    }
    if (!members.isEmpty()) {
      return new Members(members, true);
    }
    snapshot.nodes().stream()
        .filter(n -> n.hasId() && n.groups().ok())
        .forEach(n -> members.add(n.nodeId()));
    return new Members(members, false);
  }
}
