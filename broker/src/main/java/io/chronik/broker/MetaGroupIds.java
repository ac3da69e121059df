package io.chronik.broker;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Raft group id of a cluster's metadata group. It is cluster-specific, so a node of another
 * cluster (or a stale node on reused addresses) cannot take part in this cluster's metadata group:
 * Ratis refuses every message for a group a server does not host.
 *
 * <p>The founding nodes must agree on the id without talking to each other, so it is derived from
 * what each of them knows identically at the first start:
 *
 * <ul>
 *   <li>one founding node (no {@code --peers}, or only itself): the cluster id it just generated;
 *   <li>several: the initial {@code --peers} list (node ids and Raft addresses, in node-id order);
 *   <li>a cluster rebuilt by {@code chronik snapshot restore}: the cluster id, the peers and the
 *       point of the restored metadata archive, which every restored node picks alike.
 * </ul>
 *
 * The id is recorded in {@code node.json} at the first start, so later restarts (and a changed
 * {@code --peers}) keep it; a node that joins with {@code --join} learns it from the cluster that
 * adds it. Data dirs written before the id existed keep the fixed {@link #LEGACY} id.
 *
 * <p>Metadata group ids are name-based UUIDs (version 3); partition group ids are random UUIDs
 * (version 4), so a node waiting to be added can tell the metadata group from any other group.
 */
public final class MetaGroupIds {
  /** The id every cluster's metadata group had before ids were per cluster. */
  public static final UUID LEGACY = nameBased("chronik:__meta");

  private MetaGroupIds() {}

  /**
   * The id a cluster formed for the first time uses.
   *
   * @param peers the initial Raft peers ({@code --peers}), empty for a single node
   * @param clusterId the cluster id this node generated (used when it founds the cluster alone)
   */
  public static UUID forFounders(List<BrokerConfig.PeerAddress> peers, String clusterId) {
    if (peers.size() <= 1) {
      return nameBased("chronik:__meta:cluster:" + clusterId);
    }
    return nameBased("chronik:__meta:peers:" + canonical(peers));
  }

  /**
   * The id of a metadata group rebuilt from a snapshot store: every node restored with the same
   * peers from the same metadata archive gets the same id, and it differs from the lost cluster's.
   */
  public static UUID forRestore(
      String clusterId, List<BrokerConfig.PeerAddress> peers, long metaTerm, long metaIndex) {
    return nameBased(
        "chronik:__meta:restore:"
            + clusterId
            + ":"
            + canonical(peers)
            + ":"
            + metaTerm
            + ":"
            + metaIndex);
  }

  /** Whether a group id can be a metadata group's (partition groups have random ids). */
  public static boolean isMetaGroupId(UUID id) {
    return id.version() == 3;
  }

  /** {@code id@host:port,...} in node-id order: the same string whatever order --peers had. */
  static String canonical(List<BrokerConfig.PeerAddress> peers) {
    return peers.stream()
        .sorted(Comparator.comparingInt(BrokerConfig.PeerAddress::nodeId))
        .map(
            p ->
                p.nodeId() + "@" + p.host().toLowerCase(java.util.Locale.ROOT) + ":" + p.raftPort())
        .collect(Collectors.joining(","));
  }

  private static UUID nameBased(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }
}
