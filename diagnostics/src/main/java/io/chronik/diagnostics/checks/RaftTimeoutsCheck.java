package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.NodeInfo;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code raft.timeouts}: every node runs with the same Raft election timeout and heartbeat
 * interval, and the heartbeat fits the timeout, from {@code /v1/node}.
 *
 * <ul>
 *   <li>WARN: nodes report different settings, or a node's heartbeat interval is above half its
 *       minimum election timeout (a follower may time out between two heartbeats), or its maximum
 *       timeout is below its minimum.
 *   <li>UNKNOWN: a node did not answer or does not report its settings, and nothing is wrong.
 * </ul>
 */
public final class RaftTimeoutsCheck implements Check {
  public static final String ID = "raft.timeouts";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every node uses the same Raft election timeout and heartbeat";
  }

  @Override
  public String description() {
    return "Compares raftElectionTimeoutMinMs, raftElectionTimeoutMaxMs and"
        + " raftHeartbeatIntervalMs of /v1/node across the nodes. WARN when they differ, when a"
        + " node's heartbeat interval is above half its minimum election timeout, or when its"
        + " maximum timeout is below its minimum; UNKNOWN for nodes that do not say.";
  }

  @Override
  public String remedy() {
    return "Run the same chronik release with the same Raft settings on every node.";
  }

  private record Timeouts(int min, int max, int heartbeat) {
    @Override
    public String toString() {
      return "election timeout " + min + "-" + max + " ms, heartbeat " + heartbeat + " ms";
    }
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    Map<Timeouts, TreeSet<Integer>> byValue =
        new TreeMap<>(
            java.util.Comparator.comparingInt(Timeouts::min)
                .thenComparingInt(Timeouts::max)
                .thenComparingInt(Timeouts::heartbeat));
    List<String> unknown = new ArrayList<>();
    List<String> unfit = new ArrayList<>();
    for (NodeSnapshot node : input.snapshot().nodes()) {
      if (!node.info().ok()) {
        unknown.add(node.label() + " (/v1/node: " + node.info().error() + ")");
        continue;
      }
      NodeInfo.Config config = node.info().get().config();
      if (config == null
          || config.raftElectionTimeoutMinMs() == null
          || config.raftElectionTimeoutMaxMs() == null
          || config.raftHeartbeatIntervalMs() == null) {
        unknown.add(node.label() + " (does not report its Raft timeouts: an older release)");
        continue;
      }
      Timeouts t =
          new Timeouts(
              config.raftElectionTimeoutMinMs(),
              config.raftElectionTimeoutMaxMs(),
              config.raftHeartbeatIntervalMs());
      byValue.computeIfAbsent(t, k -> new TreeSet<>()).add(node.nodeId());
      if (t.heartbeat() * 2 > t.min()) {
        unfit.add(
            node.label()
                + ": heartbeat "
                + t.heartbeat()
                + " ms is above half the minimum election timeout "
                + t.min()
                + " ms");
      }
      if (t.max() < t.min()) {
        unfit.add(
            node.label()
                + ": maximum election timeout "
                + t.max()
                + " ms is below the minimum "
                + t.min()
                + " ms");
      }
    }
    List<String> details = new ArrayList<>();
    byValue.forEach((t, nodes) -> details.add(Text.nodes(nodes) + ": " + t));
    details.addAll(unfit);
    if (!unknown.isEmpty()) {
      details.add("not known for " + Text.list(unknown));
    }
    if (byValue.size() > 1 || !unfit.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.WARN,
              byValue.size() > 1
                  ? "the nodes use " + byValue.size() + " different Raft timeout settings"
                  : "Raft timeouts do not fit together on "
                      + Text.count(unfit.size(), "node", "nodes"),
              String.join("\n", details),
              "run the same chronik release and Raft settings on every node; finish a rolling"
                  + " upgrade before anything else",
              ErrorCatalogue.RAFT_TIMEOUTS,
              null));
    }
    if (!unknown.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check the Raft timeouts of " + Text.count(unknown.size(), "node", "nodes"),
              String.join("\n", details),
              "see node.reachable; upgrade nodes that do not report their timeouts",
              "",
              null));
    }
    if (byValue.isEmpty()) {
      return List.of(CheckResult.ok(ID, "no nodes to compare", ""));
    }
    Map.Entry<Timeouts, TreeSet<Integer>> only = byValue.entrySet().iterator().next();
    return List.of(
        CheckResult.ok(
            ID,
            Text.all(only.getValue().size(), "node uses", "nodes use") + " " + only.getKey(),
            ""));
  }
}
