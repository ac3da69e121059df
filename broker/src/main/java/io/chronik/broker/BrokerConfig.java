package io.chronik.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a broker node needs to start. The CLI builds it from flags, the environment and the
 * config file; the broker never reads those sources itself.
 *
 * <p>A port of 0 asks the operating system for a free port; {@link Broker} reports the real ones.
 *
 * @param dataDir the node's data directory ({@code node.json}, {@code raft/}, {@code partitions/})
 * @param nodeId this node's id, unique in the cluster and stable across restarts
 * @param bindHost the address every listener binds to
 * @param advertisedHost the address clients and peers are told to use
 * @param kafkaPort the Kafka protocol port
 * @param raftPort the Ratis (gRPC) port
 * @param adminPort the admin HTTP port
 * @param peers the Raft peers, including this node; empty for a one-node cluster
 * @param autoCreateTopics whether Metadata and Produce create unknown topics
 * @param defaultPartitions partitions of an auto-created topic
 * @param defaultReplicationFactor replication factor of a topic created without one
 * @param socketRequestMaxBytes the largest request frame accepted; larger frames close the
 *     connection
 * @param logSegmentBytes the size at which a partition segment rolls
 * @param retentionMs default {@code retention.ms} of a topic (-1: unlimited)
 * @param retentionBytes default {@code retention.bytes} of a partition (-1: unlimited)
 */
public record BrokerConfig(
    Path dataDir,
    int nodeId,
    String bindHost,
    String advertisedHost,
    int kafkaPort,
    int raftPort,
    int adminPort,
    List<PeerAddress> peers,
    boolean autoCreateTopics,
    int defaultPartitions,
    short defaultReplicationFactor,
    int socketRequestMaxBytes,
    long logSegmentBytes,
    long retentionMs,
    long retentionBytes) {

  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_RAFT_PORT = 9093;
  public static final int DEFAULT_ADMIN_PORT = 9644;

  public BrokerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(advertisedHost, "advertisedHost");
    peers = List.copyOf(peers);
    if (nodeId < 0) {
      throw new IllegalArgumentException("node id must be >= 0, got " + nodeId);
    }
  }

  /** The embedded defaults of {@code chronik standalone}. */
  public static BrokerConfig defaults() {
    return new BrokerConfig(
        Path.of("chronik-data"),
        1,
        "127.0.0.1",
        "127.0.0.1",
        DEFAULT_KAFKA_PORT,
        DEFAULT_RAFT_PORT,
        DEFAULT_ADMIN_PORT,
        List.of(),
        true,
        1,
        (short) 1,
        100 * 1024 * 1024,
        256L * 1024 * 1024,
        7L * 24 * 3600 * 1000,
        -1L);
  }

  /** A copy with another data dir. */
  public BrokerConfig withDataDir(Path dir) {
    return new BrokerConfig(
        dir,
        nodeId,
        bindHost,
        advertisedHost,
        kafkaPort,
        raftPort,
        adminPort,
        peers,
        autoCreateTopics,
        defaultPartitions,
        defaultReplicationFactor,
        socketRequestMaxBytes,
        logSegmentBytes,
        retentionMs,
        retentionBytes);
  }

  /** A copy with other ports (0 picks a free one). */
  public BrokerConfig withPorts(int kafka, int raft, int admin) {
    return new BrokerConfig(
        dataDir,
        nodeId,
        bindHost,
        advertisedHost,
        kafka,
        raft,
        admin,
        peers,
        autoCreateTopics,
        defaultPartitions,
        defaultReplicationFactor,
        socketRequestMaxBytes,
        logSegmentBytes,
        retentionMs,
        retentionBytes);
  }

  /** A Raft peer: node id plus its Raft host and port. */
  public record PeerAddress(int nodeId, String host, int raftPort) {
    /** Parses {@code id@host:port}. */
    public static PeerAddress parse(String spec) {
      int at = spec.indexOf('@');
      int colon = spec.lastIndexOf(':');
      if (at <= 0 || colon <= at + 1 || colon == spec.length() - 1) {
        throw new IllegalArgumentException(
            "bad peer '" + spec + "': expected ID@HOST:PORT, for example 1@127.0.0.1:9093");
      }
      try {
        return new PeerAddress(
            Integer.parseInt(spec.substring(0, at)),
            spec.substring(at + 1, colon),
            Integer.parseInt(spec.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bad peer '"
                + spec
                + "': node id and port must be numbers, for example 1@127.0.0.1:9093");
      }
    }

    @Override
    public String toString() {
      return nodeId + "@" + host + ":" + raftPort;
    }
  }
}
