package io.chronik.cli;

import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Clusters of real brokers in this JVM on loopback: the peer list, and starting the nodes together
 * (a node waits for its peers while it starts, so they start at once).
 */
public final class InJvmCluster {
  private InJvmCluster() {}

  /** The peers of a cluster of nodes 1 to {@code size} on loopback, each with a free Raft port. */
  public static List<BrokerConfig.PeerAddress> loopbackPeers(int size) throws IOException {
    List<BrokerConfig.PeerAddress> peers = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      peers.add(new BrokerConfig.PeerAddress(id, "127.0.0.1", LoopbackPorts.free()));
    }
    return peers;
  }

  /**
   * The config a node of a loopback cluster starts from: its data dir, node id and Raft port (Kafka
   * and admin ports ephemeral), and the cluster's {@code peers}.
   */
  public static BrokerConfig.Builder nodeConfig(
      Path dataDir, BrokerConfig.PeerAddress self, List<BrokerConfig.PeerAddress> peers) {
    return BrokerConfig.builder()
        .dataDir(dataDir)
        .nodeId(self.nodeId())
        .ports(0, self.raftPort(), 0)
        .peers(peers);
  }

  /** The peer of node {@code nodeId}. */
  public static BrokerConfig.PeerAddress peer(List<BrokerConfig.PeerAddress> peers, int nodeId) {
    return peers.stream().filter(p -> p.nodeId() == nodeId).findFirst().orElseThrow();
  }

  /**
   * Starts a node for each of {@code here}, configured by {@code config}, all at once; returns them
   * by node id, in the order of {@code here}.
   */
  public static Map<Integer, Broker> startAll(
      List<BrokerConfig.PeerAddress> here, Function<BrokerConfig.PeerAddress, BrokerConfig> config)
      throws Exception {
    Map<Integer, CompletableFuture<Broker>> starting = new LinkedHashMap<>();
    for (BrokerConfig.PeerAddress p : here) {
      BrokerConfig c = config.apply(p);
      starting.put(p.nodeId(), CompletableFuture.supplyAsync(() -> Broker.start(c)));
    }
    Map<Integer, Broker> started = new LinkedHashMap<>();
    for (Map.Entry<Integer, CompletableFuture<Broker>> e : starting.entrySet()) {
      started.put(e.getKey(), e.getValue().get(180, TimeUnit.SECONDS));
    }
    return started;
  }

  /** The Kafka addresses of {@code brokers}, comma-separated. */
  public static String bootstrap(Collection<Broker> brokers) {
    return brokers.stream().map(b -> "127.0.0.1:" + b.kafkaPort()).collect(Collectors.joining(","));
  }
}
