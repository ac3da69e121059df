package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.ClusterInfo;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * {@code perf.partitions-per-node}: how many partition replicas each node hosts, from the cluster
 * metadata's assignment. Each replica is a Raft group on its node, and costs about {@value
 * #THREADS_PER_REPLICA} threads and {@value #MIB_PER_REPLICA} MiB (docs/performance.md, "What
 * partitions cost"); WARN above {@code replicasPerNodeWarn} (300, the most measured to work).
 */
public final class PartitionsPerNodeCheck implements Check {
  public static final String ID = "perf.partitions-per-node";

  /** Threads per hosted partition replica, measured (docs/performance.md). */
  static final double THREADS_PER_REPLICA = 5.7;

  /** Memory per hosted partition replica, measured (docs/performance.md). */
  static final double MIB_PER_REPLICA = 1.7;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "No node hosts more partition replicas than measured to work";
  }

  @Override
  public String description() {
    return "Counts each node's partition replicas in /v1/cluster. Each is a Raft group on the node"
        + " and costs about 5.7 threads and 1.7 MiB (docs/performance.md, \"What partitions"
        + " cost\": 300 replicas per node ran ~1,800 threads and ~900 MiB with a 1 GiB heap;"
        + " more is not measured yet). WARN above 300 replicas on a node; the details list every"
        + " node's count, its estimated threads and memory, and its live JVM threads from"
        + " /metrics. UNKNOWN without cluster metadata.";
  }

  @Override
  public String remedy() {
    return "Spread partitions over more nodes (chronik cluster add-node, chronik cluster"
        + " move-replica), or use fewer partitions or replicas (CHR-8013).";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    if (!input.snapshot().cluster().ok()) {
      return List.of(NodeFindings.noCluster(ID, input.snapshot()));
    }
    ClusterInfo cluster = input.snapshot().cluster().get();
    Map<Integer, Integer> counts = new TreeMap<>();
    cluster.nodes().forEach(n -> counts.put(n.nodeId(), 0));
    for (ClusterInfo.Topic topic : cluster.topics()) {
      for (ClusterInfo.Partition p : topic.partitions()) {
        p.replicas().forEach(n -> counts.merge(n, 1, Integer::sum));
      }
    }
    int limit = input.thresholds().replicasPerNodeWarn();
    List<String> details = new ArrayList<>();
    List<Integer> over = new ArrayList<>();
    counts.forEach(
        (node, count) -> {
          if (count > limit) {
            over.add(node);
          }
          details.add(line(node, count, input.snapshot().node(node)));
        });
    int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    if (!over.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.WARN,
              Text.nodes(over)
                  + (over.size() == 1 ? " hosts" : " host")
                  + " more than "
                  + limit
                  + " partition replicas (up to "
                  + max
                  + ")",
              String.join("\n", details),
              "spread the partitions over more nodes (chronik cluster add-node, then chronik"
                  + " cluster move-replica), or use fewer partitions or replicas; raise the"
                  + " thread and file limits and CHRONIK_HEAP with the count (docs/deployment.md)",
              ErrorCatalogue.TOO_MANY_REPLICAS,
              null));
    }
    return List.of(
        CheckResult.ok(
            ID,
            counts.isEmpty()
                ? "no nodes registered"
                : "at most " + max + " partition replicas per node (limit " + limit + ")",
            String.join("\n", details)));
  }

  private static String line(int node, int count, Optional<NodeSnapshot> snapshot) {
    String live =
        snapshot
            .filter(n -> n.metrics().ok())
            .map(n -> n.metrics().get().value("jvm_threads_live_threads", Map.of()))
            .filter(OptionalDouble::isPresent)
            .map(v -> ", " + (long) v.getAsDouble() + " live JVM threads")
            .orElse("");
    return String.format(
        Locale.ROOT,
        "node %d: %d partition replicas (~%d threads, ~%d MiB for them)%s",
        node,
        count,
        Math.round(count * THREADS_PER_REPLICA),
        Math.round(count * MIB_PER_REPLICA),
        live);
  }
}
