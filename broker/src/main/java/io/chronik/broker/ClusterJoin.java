package io.chronik.broker;

import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.partition.EntryFormat;
import io.chronik.broker.raft.RaftNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a starting node takes its place in a cluster, once its Raft server runs: a --join node waits
 * until an operator adds it; the node records the metadata group id and settles the cluster id in
 * {@code node.json}; it registers its addresses in the metadata. While the metadata group has no
 * leader, it names the peers that run another cluster's groups (CHR-1210).
 *
 * <p>{@code node.json} is the truth about a data dir: a data dir of another cluster is refused
 * (CHR-1002) rather than taken over; only a fresh data dir (or one a --join node was just added
 * with) takes the cluster's id.
 *
 * <p>It logs under {@link Broker}'s logger: these lines belong to the node's start-up log.
 */
final class ClusterJoin {
  private static final Logger LOGGER = LoggerFactory.getLogger(Broker.class);

  private final BrokerConfig config;
  private final Path dataDir;
  private final RaftNode raft;
  private final RemovalGuard removalGuard;

  ClusterJoin(BrokerConfig config, Path dataDir, RaftNode raft, RemovalGuard removalGuard) {
    this.config = config;
    this.dataDir = dataDir;
    this.raft = raft;
    this.removalGuard = removalGuard;
  }

  /**
   * A node started with --join on an empty data dir forms no cluster: it waits, for as long as it
   * takes, until an operator adds it ({@code chronik cluster add-node}) and the metadata leader
   * creates the metadata group here. It then takes the cluster's id.
   *
   * @param closed whether the node was stopped meanwhile (then CHR-1008)
   */
  void awaitAddition(BooleanSupplier closed) {
    LOGGER.info(
        "node {} waits to be added to a cluster: run 'chronik cluster add-node --node-id {} --raft"
            + " {}:{} --admin <any node's admin address>'",
        config.nodeId(),
        config.nodeId(),
        config.advertisedHost(),
        raft.port());
    // hosting the group is not enough: an add-node under another node id gives it, then takes it
    // off again; the node is added once its own id is in the group's configuration
    while (!raft.isMetaMember()) {
      if (closed.getAsBoolean()) {
        throw new ChronikException(
            "CHR-1008",
            ChronikException.Kind.RUNTIME,
            "stopped before this node was added to a cluster",
            "start it again with --join and run 'chronik cluster add-node'");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StartupWait.interrupted();
      }
    }
    LOGGER.info("node {} was added to the metadata group", config.nodeId());
  }

  /**
   * While the metadata group has no leader: names the peers that run another cluster's Raft groups
   * (a node of another cluster on a peer's address, or a founding node given another --peers list).
   */
  void warnOfOtherClusters() {
    try {
      for (String peer : raft.membership().peersOfOtherClusters()) {
        LOGGER.warn(
            "CHR-1210 {}, but not this node's metadata group {}: it belongs to another cluster"
                + " (hint: give every founding node the same --peers list; a node of another"
                + " cluster must not use a peer's address)",
            peer,
            raft.metaGroupId().map(UUID::toString).orElse("?"));
      }
    } catch (IOException | RuntimeException e) {
      LOGGER.debug("cannot ask the peers for their groups: {}", e.toString());
    }
  }

  /**
   * Records the metadata group id in node.json once this node knows it (a --join node).
   *
   * @return the identity with the metadata group id
   */
  NodeIdentity recordMetaGroup(NodeIdentity identity) throws IOException {
    UUID id = raft.metaGroupId().orElseThrow();
    if (!identity.metaGroup().map(id::equals).orElse(false)) {
      identity = identity.withMetaGroupId(id);
      identity.write(dataDir);
      LOGGER.info("recorded metadata group {} in {}", id, dataDir.resolve("node.json"));
    }
    return identity;
  }

  /**
   * Sets the cluster id in the metadata if no node did yet and waits until this node applied it. A
   * fresh data dir takes the cluster's id; any other must already carry it.
   *
   * @return the identity with the cluster's id
   * @throws ChronikException CHR-1002 when the data dir belongs to another cluster, CHR-1001 when
   *     node.json cannot be written, CHR-1007 when the metadata group does not answer
   */
  NodeIdentity initCluster(NodeIdentity identity, boolean freshDataDir) {
    MetadataImage image = raft.image();
    if (image.clusterId().isEmpty()) {
      MetaResult r =
          StartupWait.join(
              raft.submit(new MetaCommand.InitCluster(identity.clusterId())),
              "initialise the cluster id");
      if (!r.isOk()) {
        LOGGER.info("cluster id already set by another node: {}", r.message());
      }
    }
    // the entry is committed; wait until this node has applied it too
    StartupWait.standard()
        .until(
            () -> !raft.image().clusterId().isEmpty(), "the cluster id to be applied on this node");
    String clusterId = raft.image().clusterId();
    if (!clusterId.equals(identity.clusterId()) && freshDataDir) {
      // a new node joins the cluster another node formed: take the cluster's id
      identity = identity.withClusterId(clusterId);
      try {
        identity.write(dataDir);
      } catch (IOException e) {
        throw new ChronikException(
            "CHR-1001",
            ChronikException.Kind.DATA,
            "cannot write " + dataDir.resolve("node.json") + ": " + e.getMessage(),
            "check that the data dir is writable",
            e);
      }
      LOGGER.info("joined cluster {}", clusterId);
    }
    if (!clusterId.equals(identity.clusterId())) {
      throw new ChronikException(
          "CHR-1002",
          ChronikException.Kind.DATA,
          "data dir "
              + dataDir
              + " belongs to cluster "
              + identity.clusterId()
              + ", but its Raft metadata says cluster "
              + clusterId,
          "point --data-dir at a directory of cluster "
              + clusterId
              + ", or start this node with an empty data dir");
    }
    return identity;
  }

  /**
   * Registers this node's addresses in the metadata unless it already lists them, and waits until
   * this node's image does: Metadata answers come from it.
   *
   * @throws ChronikException CHR-1009 when the metadata records this data dir's removal, CHR-1007
   *     when the metadata group does not answer
   */
  void register(NodeIdentity identity, int kafkaPort, int adminPort) {
    BrokerInfo self =
        new BrokerInfo(
            config.nodeId(),
            config.advertisedHost(),
            kafkaPort,
            adminPort,
            raft.port(),
            config.rack(),
            identity.incarnation(),
            EntryFormat.SUPPORTED);
    if (!self.equals(raft.image().brokers().get(config.nodeId()))) {
      MetaResult registered =
          StartupWait.join(
              raft.submit(new MetaCommand.RegisterBroker(self)), "register this node's addresses");
      if (!registered.isOk()) {
        // the metadata records this data dir's removal: refused with CHR-1009
        removalGuard.refuseIfRemoved(raft.image(), identity);
      }
      // Metadata answers come from this node's image: it must list this node before clients come
      StartupWait.standard()
          .until(
              () -> self.equals(raft.image().brokers().get(config.nodeId())),
              "this node's registration to be applied on this node");
    }
  }
}
