package io.chronik.diagnostics.probe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One probe of a cluster: its metadata as the first node saw it, and every node's answers.
 *
 * @param seed the admin address the probe started from
 * @param cluster {@code GET /v1/cluster} of the seed
 * @param nodes every node the probe knows of, reachable or not, by node id
 * @param takenAt when the probe started
 */
public record ClusterSnapshot(
    String seed, Fetched<ClusterInfo> cluster, List<NodeSnapshot> nodes, Instant takenAt) {

  public ClusterSnapshot {
    nodes = List.copyOf(nodes);
  }

  /** The node with this id. */
  public Optional<NodeSnapshot> node(int nodeId) {
    return nodes.stream().filter(n -> n.nodeId() == nodeId).findFirst();
  }

  /** Whether node {@code nodeId} is known and its admin API answered. */
  public boolean isReachable(int nodeId) {
    return node(nodeId).map(NodeSnapshot::reachable).orElse(false);
  }
}
