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
 * @param storeProbe one node's {@code POST /v1/actions/probe-store}; null when the store was not
 *     probed (it is only when a check needs it, since the probe writes to the store)
 */
public record ClusterSnapshot(
    String seed,
    Fetched<ClusterInfo> cluster,
    List<NodeSnapshot> nodes,
    Instant takenAt,
    Fetched<StoreProbe> storeProbe) {

  public ClusterSnapshot {
    nodes = List.copyOf(nodes);
  }

  /** A snapshot without a store probe. */
  public ClusterSnapshot(
      String seed, Fetched<ClusterInfo> cluster, List<NodeSnapshot> nodes, Instant takenAt) {
    this(seed, cluster, nodes, takenAt, null);
  }

  /** The store probe's answer, if the store was probed. */
  public Optional<Fetched<StoreProbe>> storeProbed() {
    return Optional.ofNullable(storeProbe);
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
