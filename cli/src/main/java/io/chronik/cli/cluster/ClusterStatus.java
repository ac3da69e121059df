package io.chronik.cli.cluster;

import io.chronik.broker.ChronikException;
import io.chronik.cli.Table;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.AdminAddress;
import io.chronik.diagnostics.probe.ClusterInfo;
import io.chronik.diagnostics.probe.ClusterProbe;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.HttpAdminTransport;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.RaftGroup;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cluster as {@code chronik cluster status} shows it: every node, and every Raft group as its
 * leader reports it (the leader alone knows its followers' progress).
 *
 * @param clusterId the cluster id
 * @param metaLeader the metadata group's leader, -1 when there is none
 * @param nodes every node, reachable or not
 * @param groups every Raft group, the metadata group first
 */
record ClusterStatus(String clusterId, int metaLeader, List<Node> nodes, List<Group> groups) {

  /** A node; {@code error} is empty when its admin API answered. */
  record Node(
      int nodeId,
      String host,
      int kafkaPort,
      int adminPort,
      int raftPort,
      boolean reachable,
      Boolean ready,
      String error) {}

  /** A Raft group as its leader (or, leaderless, any member) reports it. */
  record Group(
      String group,
      String kind,
      String topic,
      Integer partition,
      List<Integer> partitions,
      int leader,
      long term,
      long commitIndex,
      long appliedIndex,
      long snapshotIndex,
      List<Integer> members,
      List<Follower> followers) {}

  /** A follower: entries behind the leader's commit index, and milliseconds since last contact. */
  record Follower(int nodeId, long lag, long lastContactMs) {}

  static ClusterStatus probe(String admin, Duration timeout) {
    String seed = AdminAddress.parse(admin).toString();
    ClusterSnapshot snapshot;
    try (HttpAdminTransport transport = new HttpAdminTransport(timeout)) {
      snapshot = new ClusterProbe(transport, timeout, Clock.systemUTC()).probe(seed);
    }
    if (!snapshot.cluster().ok()) {
      throw new ChronikException(
          ErrorCatalogue.ADMIN_UNREACHABLE,
          ChronikException.Kind.UNAVAILABLE,
          "the admin API at " + seed + " did not answer: " + snapshot.cluster().error(),
          "check --admin (a node's admin port, default 9644) and that the node runs");
    }
    ClusterInfo info = snapshot.cluster().get();
    List<Node> nodes = new ArrayList<>();
    for (NodeSnapshot n : snapshot.nodes()) {
      ClusterInfo.Node registered = info.node(n.nodeId()).orElse(null);
      nodes.add(
          new Node(
              n.nodeId(),
              registered == null ? "" : registered.host(),
              registered == null ? -1 : registered.kafkaPort(),
              registered == null ? -1 : registered.adminPort(),
              registered == null ? -1 : registered.raftPort(),
              n.reachable(),
              n.readiness().ok() ? n.readiness().get().ready() : null,
              n.error() == null ? "" : n.error()));
    }
    nodes.sort(Comparator.comparingInt(Node::nodeId));
    return new ClusterStatus(info.clusterId(), info.metaLeader(), nodes, groups(snapshot));
  }

  /**
   * One row per group: the leader's view where a leader answered, else any member's. A leader that
   * only its followers name is shown only while that node answered but its groups could not be
   * read: one that did not answer at all (killed, cut off) is not the group's leader any more as
   * far as anyone can tell, and followers keep naming it until they elect another.
   */
  static List<Group> groups(ClusterSnapshot snapshot) {
    Map<String, RaftGroup> best = new LinkedHashMap<>();
    for (NodeSnapshot n : snapshot.nodes()) {
      if (!n.groups().ok()) {
        continue;
      }
      for (RaftGroup g : n.groups().get()) {
        RaftGroup known = best.get(g.groupId());
        if (known == null || (!known.isLeader() && g.isLeader())) {
          best.put(g.groupId(), g);
        }
      }
    }
    return best.values().stream()
        .map(
            g ->
                new Group(
                    g.groupId(),
                    g.kind(),
                    g.topic(),
                    g.partition(),
                    g.partitions(),
                    g.isLeader() ? g.leader() : unconfirmedLeader(g.leader(), snapshot),
                    g.term(),
                    g.commitIndex(),
                    g.appliedIndex(),
                    g.snapshotIndex(),
                    g.members(),
                    g.followers().stream()
                        .map(
                            f ->
                                new Follower(
                                    f.nodeId(),
                                    Math.max(0, g.commitIndex() - f.matchIndex()),
                                    f.lastContactMs()))
                        .toList()))
        .sorted(
            Comparator.comparing((Group g) -> !"meta".equals(g.kind()))
                .thenComparing(g -> g.topic() == null ? "" : g.topic())
                .thenComparing(g -> g.partition() == null ? -1 : g.partition()))
        .toList();
  }

  /**
   * The leader that a member which does not lead names, or -1 when that node did not confirm it.
   */
  private static int unconfirmedLeader(int named, ClusterSnapshot snapshot) {
    return snapshot.node(named).filter(n -> n.reachable() && !n.groups().ok()).isPresent()
        ? named
        : -1;
  }

  void print(PrintWriter out) {
    out.printf(
        "cluster %s, metadata leader: %s%n%n",
        clusterId, metaLeader < 0 ? "none" : "node " + metaLeader);
    Table nodeTable = new Table("NODE", "HOST", "KAFKA", "ADMIN", "RAFT", "READY", "ERROR");
    for (Node n : nodes) {
      nodeTable.row(
          n.nodeId(),
          n.host(),
          n.kafkaPort(),
          n.adminPort(),
          n.raftPort(),
          n.ready() == null ? "?" : n.ready() ? "yes" : "no",
          n.error());
    }
    nodeTable.print(out);
    out.println();
    Table groupTable =
        new Table(
            "GROUP",
            "MEMBERS",
            "LEADER",
            "TERM",
            "COMMIT",
            "APPLIED",
            "SNAPSHOT",
            "FOLLOWERS (lag, last contact)");
    for (Group g : groups) {
      String label =
          "meta".equals(g.kind())
              ? "__meta"
              : RaftGroup.labelOf(g.group(), g.topic(), g.partitions());
      String followers =
          g.followers().stream()
              .map(
                  f ->
                      "n"
                          + f.nodeId()
                          + ": "
                          + f.lag()
                          + ", "
                          + (f.lastContactMs() < 0 ? "?" : f.lastContactMs() + "ms"))
              .collect(Collectors.joining("; "));
      groupTable.row(
          label,
          g.members().stream().map(String::valueOf).collect(Collectors.joining(",")),
          g.leader() < 0 ? "none" : g.leader(),
          g.term(),
          g.commitIndex(),
          g.appliedIndex(),
          g.snapshotIndex(),
          followers);
    }
    groupTable.print(out);
  }
}
