package io.chronik.broker;

import io.chronik.broker.log.LogConfig;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.raft.RaftNode;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * What the node's Raft server and partition logs are started with, taken from its {@link
 * BrokerConfig}: the log defaults, the Raft settings, the metadata group to join and its founding
 * members, and the Raft address of every peer. A failure to start turns into CHR-1005 (the Raft
 * port is taken) or CHR-1006 (the Raft data cannot be opened).
 *
 * <p>A peer's Raft address comes from --peers first, then, for this node, from its own bound port,
 * and for a node added later, from the metadata's broker registrations; an unknown node is
 * CHR-1201.
 */
final class RaftStart {
  private final BrokerConfig config;
  private final Path dataDir;
  private RaftNode raft;

  RaftStart(BrokerConfig config, Path dataDir) {
    this.config = config;
    this.dataDir = dataDir;
  }

  /** The partition logs' settings: the configured segment size and retention, else defaults. */
  LogConfig logDefaults() {
    LogConfig d = LogConfig.defaults();
    return new LogConfig(
        config.logSegmentBytes(),
        d.segmentMs(),
        config.retentionMs(),
        config.retentionBytes(),
        d.indexIntervalBytes());
  }

  /**
   * Starts the Raft server on {@code dataDir/raft}, recovering every group on disk. A founding node
   * that does not know its metadata group yet derives it from --peers and the cluster id; a --join
   * node learns it when it is added.
   */
  RaftNode start(NodeIdentity identity, ReplicaManager replicas) throws IOException {
    probePort();
    raft =
        RaftNode.start(
            config.nodeId(),
            config.bindHost(),
            config.raftPort(),
            dataDir.resolve("raft"),
            identity
                .metaGroup()
                .orElse(
                    config.join()
                        ? null
                        : MetaGroupIds.forFounders(config.peers(), identity.clusterId())),
            RaftNode.Settings.defaults()
                .withSnapshots(
                    config.snapshots().enabled(),
                    config.snapshots().logThreshold(),
                    config.snapshots().raftLogSegmentBytes())
                .withWriteCaching(config.writeCaching()),
            replicas,
            this::peerAddress);
    return raft;
  }

  /**
   * Binds the Raft port once and lets it go, so that a port in use is CHR-1005 before Ratis starts
   * (Ratis logs several stack traces for it). A port taken between this probe and Ratis' bind is
   * still CHR-1005, through {@link #failed}.
   */
  private void probePort() throws IOException {
    if (config.raftPort() == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(config.bindHost(), config.raftPort()), 1);
    }
  }

  /** The metadata group's founding members: the --peers, or this node alone. */
  List<Integer> metaMembers() {
    if (config.peers().isEmpty()) {
      return List.of(config.nodeId());
    }
    return config.peers().stream().map(BrokerConfig.PeerAddress::nodeId).sorted().toList();
  }

  /**
   * The error for a failure to start Raft (or to open the partition logs): CHR-1005 when the Raft
   * port is taken, the error a state machine gave when it refused its data, else CHR-1006.
   */
  ChronikException failed(Exception e) {
    if (ListenerBinding.rootCause(e) instanceof BindException) {
      return ListenerBinding.portTaken("Raft", config.bindHost(), config.raftPort(), e);
    }
    // a group's state machine that refused its data (a partition dir removed, a partition that
    // lost records) names the code and the fix itself
    java.util.Optional<ChronikException> own = ChronikException.in(e);
    if (own.isPresent()) {
      return own.get();
    }
    return new ChronikException(
        "CHR-1006",
        ChronikException.Kind.DATA,
        "cannot start Raft on " + dataDir.resolve("raft") + ": " + e.getMessage(),
        "check the data dir's permissions and free space; the log above names the failing group",
        e);
  }

  private String peerAddress(int nodeId) {
    for (BrokerConfig.PeerAddress p : config.peers()) {
      if (p.nodeId() == nodeId) {
        return p.host() + ":" + p.raftPort();
      }
    }
    if (nodeId == config.nodeId()) {
      return config.advertisedHost() + ":" + (raft == null ? config.raftPort() : raft.port());
    }
    BrokerInfo b = raft == null ? null : raft.image().brokers().get(nodeId);
    if (b != null) {
      return b.host() + ":" + b.raftPort();
    }
    throw new ChronikException(
        "CHR-1201",
        ChronikException.Kind.RUNTIME,
        "the Raft address of node " + nodeId + " is unknown",
        "list every node in --peers as ID@HOST:PORT");
  }
}
