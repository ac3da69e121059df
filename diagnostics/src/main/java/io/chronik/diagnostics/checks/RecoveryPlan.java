package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.probe.AdminAddress;
import io.chronik.diagnostics.probe.ClusterInfo;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The steps out of what the snapshot shows: nodes down, quorum lost, nodes not ready, groups
 * without a leader.
 *
 * <p>Only commands this build has are printed as commands ({@code chronik standalone}, {@code
 * chronik doctor}, {@code chronik snapshot restore} with the store the nodes report); everything
 * else (a service manager; a firewall; a restore when no node names its store) is a manual step.
 * Every command goes through the builders below, and {@link #commandShapes()} returns one of each
 * so that a CLI test can parse them against the real command tree.
 */
public final class RecoveryPlan {
  private static final String WATCH_TOTAL = "5m";

  private final List<RecoveryStep> steps = new ArrayList<>();
  private final List<String> situation = new ArrayList<>();
  private boolean nothingAnswered;
  private boolean quorumLost;

  private RecoveryPlan() {}

  public List<RecoveryStep> steps() {
    return List.copyOf(steps);
  }

  /** What was found, one line per problem; empty when there is nothing to recover from. */
  public List<String> situation() {
    return List.copyOf(situation);
  }

  /** Whether no node answered at all. */
  public boolean nothingAnswered() {
    return nothingAnswered;
  }

  /** Whether some Raft group lost its quorum. */
  public boolean quorumLost() {
    return quorumLost;
  }

  /** Whether there is nothing to recover from; false means the plan has steps. */
  public boolean nothingToDo() {
    return situation.isEmpty();
  }

  /** The plan for the snapshot. */
  public static RecoveryPlan of(ClusterSnapshot snapshot) {
    RecoveryPlan plan = new RecoveryPlan();
    String seed = snapshot.seed();
    if (!snapshot.cluster().ok() && snapshot.nodes().stream().noneMatch(NodeSnapshot::reachable)) {
      plan.nothingAnswered = true;
      plan.situation.add("nothing answered at " + seed + ": " + snapshot.nodes().get(0).error());
      plan.seedDown(seed);
      return plan;
    }
    List<GroupView> groups = GroupView.of(snapshot);
    Map<Integer, Integer> neededBy = new LinkedHashMap<>();
    List<String> lost = new ArrayList<>();
    List<String> leaderless = new ArrayList<>();
    for (GroupView g : groups) {
      if (!g.membershipKnown() || g.members().isEmpty()) {
        continue;
      }
      if (g.reports().size() < g.majority()) {
        lost.add(g.label());
        g.silent().forEach(n -> neededBy.merge(n, 1, Integer::sum));
      } else if (g.agreedLeader().map(e -> e.getValue() < g.majority()).orElse(true)) {
        leaderless.add(g.label());
      }
    }
    List<NodeSnapshot> down = snapshot.nodes().stream().filter(n -> !n.reachable()).toList();
    List<NodeSnapshot> notReady =
        snapshot.nodes().stream()
            .filter(n -> n.readiness().ok() && !n.readiness().get().ready())
            .toList();
    if (down.isEmpty() && notReady.isEmpty() && lost.isEmpty() && leaderless.isEmpty()) {
      return plan;
    }
    Optional<List<String>> peers = peers(snapshot);
    if (!lost.isEmpty()) {
      plan.quorumLost = true;
      plan.situation.add(
          "quorum lost on " + Text.count(lost.size(), "group", "groups") + ": " + Text.list(lost));
      List<Integer> order = new ArrayList<>(neededBy.keySet());
      // the node that restores the most groups first
      order.sort(Comparator.comparing((Integer n) -> -neededBy.get(n)).thenComparing(n -> n));
      plan.steps.add(
          RecoveryStep.manual(
              "Bring back the missing replicas in this order, each with its own data dir: "
                  + Text.nodes(order)
                  + ". A majority of each group's replicas is needed; do not start any of them"
                  + " with an empty data dir under its old node id, since it would vote without"
                  + " the data and acknowledged writes could be lost."));
    }
    List<NodeSnapshot> ordered = new ArrayList<>(down);
    ordered.sort(
        Comparator.comparing((NodeSnapshot n) -> -neededBy.getOrDefault(n.nodeId(), 0))
            .thenComparingInt(NodeSnapshot::nodeId));
    for (NodeSnapshot node : ordered) {
      plan.situation.add(node.label() + " is down: " + node.error());
      plan.nodeDown(snapshot, node, peers);
    }
    if (!lost.isEmpty()) {
      Optional<String> store = store(snapshot);
      if (store.isEmpty() || !snapshot.cluster().ok()) {
        plan.steps.add(
            RecoveryStep.manual(
                "If a node's data dir is lost: once its groups have a majority again, start it"
                    + " with an empty data dir and the same --node-id and --peers, and it"
                    + " rejoins and gets the snapshots installed. If a majority of the nodes lost"
                    + " their data dirs, rebuild every node's data dir from the snapshot store"
                    + " first with 'chronik snapshot restore --from STORE --data-dir DIR"
                    + " --node-id N --peers ...' (docs/disaster-recovery.md), then start them."
                    + " Starting an empty node under its old id while its groups have no quorum"
                    + " is what must not happen."));
      } else {
        ClusterInfo cluster = snapshot.cluster().get();
        plan.steps.add(
            RecoveryStep.manual(
                "If a node's data dir is lost: once its groups have a majority again, start it"
                    + " with an empty data dir and the same --node-id and --peers, and it"
                    + " rejoins and gets the snapshots installed. If a majority of the nodes lost"
                    + " their data dirs, first rebuild every node's data dir from the snapshot"
                    + " store "
                    + store.get()
                    + " with the next commands, each on its node's host (docs/disaster-recovery.md;"
                    + " add --dry-run to see the plan first), then start them. A data dir that"
                    + " still holds data is refused, so a node that kept its data keeps it."
                    + " Starting an empty node under its old id while its groups have no quorum"
                    + " is what must not happen."));
        for (ClusterInfo.Node n : cluster.nodes()) {
          plan.steps.add(
              RecoveryStep.run(
                  "only if a majority lost their data: rebuild node " + n.nodeId() + "'s data dir",
                  restore(store.get(), cluster.clusterId(), n.nodeId(), peers)));
        }
      }
    }
    for (NodeSnapshot node : notReady) {
      plan.situation.add(node.label() + " is not ready: " + node.readiness().get().reason());
      if (!node.admin().equals(seed)) {
        // the last step waits on the seed anyway
        plan.steps.add(
            RecoveryStep.run("wait until " + node.label() + " is ready", watch(node.admin())));
      }
    }
    if (!leaderless.isEmpty()) {
      plan.situation.add(
          "no agreed leader on "
              + Text.count(leaderless.size(), "group", "groups")
              + ": "
              + Text.list(leaderless));
      plan.steps.add(RecoveryStep.run("see the groups without a leader and why", election(seed)));
    }
    plan.steps.add(RecoveryStep.run("wait until every check passes", watch(seed)));
    return plan;
  }

  private void seedDown(String seed) {
    String host;
    String port;
    try {
      AdminAddress address = AdminAddress.parse(seed);
      host = address.host();
      port = Integer.toString(address.port());
    } catch (IllegalArgumentException e) {
      host = "the node's host";
      port = RecoveryStep.placeholder("ADMIN_PORT", "the node's admin port");
    }
    steps.add(
        RecoveryStep.manual(
            "Check the address: --admin (CHRONIK_ADMIN) must be the node's admin port (9644 by"
                + " default), not its Kafka or Raft port."));
    steps.add(
        RecoveryStep.manual(
            "On "
                + host
                + ", check whether chronik runs (systemctl status chronik, or ps -ef | grep"
                + " chronik) and read the end of its log: an error ends in a code such as"
                + " [CHR-1004]; chronik explain CODE says what it means and how to fix it."));
    steps.add(
        RecoveryStep.run(
            "start the node again with its own data dir and the flags it ran with",
            standalone(null, null, Optional.empty(), port, Optional.empty())));
    steps.add(RecoveryStep.run("wait until every check passes", watch(seed)));
  }

  private void nodeDown(ClusterSnapshot snapshot, NodeSnapshot node, Optional<List<String>> peers) {
    Optional<ClusterInfo.Node> registered =
        snapshot.cluster().ok() ? snapshot.cluster().get().node(node.nodeId()) : Optional.empty();
    String host = registered.map(ClusterInfo.Node::host).orElse("the host of " + node.label());
    steps.add(
        RecoveryStep.manual(
            "On "
                + host
                + ", find why "
                + node.label()
                + " stopped: the end of its log names an error code such as [CHR-1004];"
                + " chronik explain CODE says what it means and how to fix it."));
    steps.add(
        RecoveryStep.run(
            "start " + node.label() + " again with its own data dir and the flags it ran with",
            standalone(
                node.hasId() ? node.nodeId() : null,
                registered.orElse(null),
                registered.map(r -> Integer.toString(r.adminPort())),
                null,
                peers)));
  }

  /** The Raft peers a live node was started with, when the cluster is a multi-node one. */
  private static Optional<List<String>> peers(ClusterSnapshot snapshot) {
    return snapshot.nodes().stream()
        .filter(n -> n.info().ok() && n.info().get().config() != null)
        .map(n -> n.info().get().config().peers())
        .filter(p -> !p.isEmpty())
        .findFirst();
  }

  /**
   * The snapshot store the cluster uploads to, as its nodes report it ({@code /v1/snapshots}): the
   * one most nodes name; empty when none answered or none has a store.
   */
  static Optional<String> store(ClusterSnapshot snapshot) {
    Map<String, Integer> votes = new LinkedHashMap<>();
    for (NodeSnapshot n : snapshot.nodes()) {
      if (!n.snapshots().ok()) {
        continue;
      }
      var info = n.snapshots().get();
      String uri =
          info.store() != null && info.store().uri() != null
              ? info.store().uri()
              : info.settings() != null ? info.settings().store() : null;
      if (uri != null && !uri.isBlank()) {
        votes.merge(uri, 1, Integer::sum);
      }
    }
    return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  private static List<String> restore(
      String store, String clusterId, int nodeId, Optional<List<String>> peers) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "chronik",
                "snapshot",
                "restore",
                "--from",
                store,
                "--data-dir",
                RecoveryStep.placeholder(
                    "NODE" + nodeId + "_DATA_DIR", "the data dir node " + nodeId + " ran with"),
                "--node-id",
                Integer.toString(nodeId)));
    if (clusterId != null && !clusterId.isBlank()) {
      argv.add("--cluster-id");
      argv.add(clusterId);
    }
    if (peers.isPresent()) {
      argv.add("--peers");
      argv.add(String.join(",", peers.get()));
    }
    return argv;
  }

  private static List<String> standalone(
      Integer nodeId,
      ClusterInfo.Node registered,
      Optional<String> adminPort,
      String seedAdminPort,
      Optional<List<String>> peers) {
    List<String> argv = new ArrayList<>(List.of("chronik", "standalone"));
    if (nodeId != null) {
      argv.add("--node-id");
      argv.add(Integer.toString(nodeId));
    }
    argv.add("--data-dir");
    argv.add(
        nodeId == null
            ? RecoveryStep.placeholder("DATA_DIR", "the data dir the node ran with")
            : RecoveryStep.placeholder(
                "NODE" + nodeId + "_DATA_DIR", "the data dir node " + nodeId + " ran with"));
    if (registered != null) {
      argv.addAll(
          List.of(
              "--advertise",
              registered.host(),
              "--kafka-port",
              Integer.toString(registered.kafkaPort()),
              "--raft-port",
              Integer.toString(registered.raftPort())));
    }
    String admin = adminPort.orElse(seedAdminPort);
    if (admin != null) {
      argv.add("--admin-port");
      argv.add(admin);
    }
    if (peers.isPresent()) {
      argv.add("--raft");
      argv.add("--peers");
      argv.add(String.join(",", peers.get()));
    }
    return argv;
  }

  private static List<String> watch(String admin) {
    return List.of(
        "chronik",
        "doctor",
        "--admin",
        admin.isEmpty() ? RecoveryStep.placeholder("ADMIN", "HOST:PORT of the admin API") : admin,
        "--watch",
        "--exit-when-healthy",
        "--timeout-total",
        WATCH_TOTAL);
  }

  private static List<String> election(String admin) {
    return List.of("chronik", "doctor", "election", "--admin", admin);
  }

  /**
   * One command of every shape a plan can print, with sample values, for tests that parse them
   * against the real command line.
   */
  public static List<List<String>> commandShapes() {
    ClusterInfo.Node node = new ClusterInfo.Node(2, "10.0.0.2", 9092, 9644, 9093);
    Set<List<String>> shapes = new java.util.LinkedHashSet<>();
    shapes.add(standalone(null, null, Optional.empty(), "9644", Optional.empty()));
    shapes.add(
        standalone(
            2,
            node,
            Optional.of("9644"),
            null,
            Optional.of(List.of("1@10.0.0.1:9093", "2@10.0.0.2:9093", "3@10.0.0.3:9093"))));
    shapes.add(standalone(2, node, Optional.of("9644"), null, Optional.empty()));
    shapes.add(
        restore(
            "s3://backups/chronik",
            "Nk2tqX4bR3u0tV9cQm7w1A",
            2,
            Optional.of(List.of("1@10.0.0.1:9093", "2@10.0.0.2:9093", "3@10.0.0.3:9093"))));
    shapes.add(restore("file:///backups/chronik", null, 2, Optional.empty()));
    shapes.add(watch("10.0.0.1:9644"));
    shapes.add(election("10.0.0.1:9644"));
    return List.copyOf(shapes);
  }
}
