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
 * @param partitionsPerGroup the most partitions of a topic one Raft group carries, for topics this
 *     node creates (1: a group per partition)
 * @param defaultReplicationFactor replication factor of a topic created without one
 * @param socketRequestMaxBytes the largest request frame accepted; larger frames close the
 *     connection
 * @param logSegmentBytes the size at which a partition segment rolls
 * @param retentionMs default {@code retention.ms} of a topic (-1: unlimited)
 * @param retentionBytes default {@code retention.bytes} of a partition (-1: unlimited)
 * @param rack this node's rack (KIP-392 follower fetching), empty when none
 * @param join on a first start, wait to be added to an existing cluster ({@code chronik cluster
 *     add-node}) instead of forming a cluster with the peers
 * @param snapshots how the node snapshots its Raft groups
 * @param logCleanerIntervalMs how long the log cleaner waits after a pass over the compacted
 *     partitions before the next (Kafka's {@code log.cleaner.backoff.ms})
 * @param retentionCheckIntervalMs how often retention runs over the partitions (Kafka's {@code
 *     log.retention.check.interval.ms})
 * @param logCleanerIoMaxBytesPerSecond the most bytes per second the log cleaner reads and writes
 *     together (Kafka's {@code log.cleaner.io.max.bytes.per.second}); {@link #UNLIMITED_CLEANER_IO}
 *     for no limit
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
    int partitionsPerGroup,
    short defaultReplicationFactor,
    int socketRequestMaxBytes,
    long logSegmentBytes,
    long retentionMs,
    long retentionBytes,
    String rack,
    boolean join,
    boolean writeCaching,
    SnapshotSettings snapshots,
    long logCleanerIntervalMs,
    long retentionCheckIntervalMs,
    long logCleanerIoMaxBytesPerSecond) {

  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_RAFT_PORT = 9093;
  public static final int DEFAULT_ADMIN_PORT = 9644;
  public static final long DEFAULT_LOG_CLEANER_INTERVAL_MS = 15_000;
  public static final long DEFAULT_RETENTION_CHECK_INTERVAL_MS = 30_000;

  /** No limit on the log cleaner's I/O (the default, as Kafka's). */
  public static final long UNLIMITED_CLEANER_IO = -1;

  public BrokerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(advertisedHost, "advertisedHost");
    peers = List.copyOf(peers);
    rack = rack == null ? "" : rack;
    snapshots = snapshots == null ? SnapshotSettings.defaults() : snapshots;
    if (nodeId < 0) {
      throw new IllegalArgumentException("node id must be >= 0, got " + nodeId);
    }
    if (partitionsPerGroup < 1) {
      throw new IllegalArgumentException(
          "partitions per group must be >= 1, got " + partitionsPerGroup);
    }
    if (logCleanerIntervalMs < 1) {
      throw new IllegalArgumentException(
          "log cleaner interval must be >= 1 ms, got " + logCleanerIntervalMs);
    }
    if (retentionCheckIntervalMs < 1) {
      throw new IllegalArgumentException(
          "retention check interval must be >= 1 ms, got " + retentionCheckIntervalMs);
    }
    if (logCleanerIoMaxBytesPerSecond < 1
        && logCleanerIoMaxBytesPerSecond != UNLIMITED_CLEANER_IO) {
      throw new IllegalArgumentException(
          "the log cleaner's I/O limit must be >= 1 byte/s or "
              + UNLIMITED_CLEANER_IO
              + " (no limit), got "
              + logCleanerIoMaxBytesPerSecond);
    }
  }

  /** The embedded defaults of {@code chronik standalone}. */
  public static BrokerConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the embedded defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder()
        .dataDir(dataDir)
        .nodeId(nodeId)
        .bindHost(bindHost)
        .advertisedHost(advertisedHost)
        .ports(kafkaPort, raftPort, adminPort)
        .peers(peers)
        .autoCreateTopics(autoCreateTopics)
        .defaultPartitions(defaultPartitions)
        .partitionsPerGroup(partitionsPerGroup)
        .defaultReplicationFactor(defaultReplicationFactor)
        .socketRequestMaxBytes(socketRequestMaxBytes)
        .logSegmentBytes(logSegmentBytes)
        .retentionMs(retentionMs)
        .retentionBytes(retentionBytes)
        .rack(rack)
        .join(join)
        .writeCaching(writeCaching)
        .snapshots(snapshots)
        .logCleanerIntervalMs(logCleanerIntervalMs)
        .retentionCheckIntervalMs(retentionCheckIntervalMs)
        .logCleanerIoMaxBytesPerSecond(logCleanerIoMaxBytesPerSecond);
  }

  /** A copy with another data dir. */
  public BrokerConfig withDataDir(Path dir) {
    return toBuilder().dataDir(dir).build();
  }

  /** A copy with other ports (0 picks a free one). */
  public BrokerConfig withPorts(int kafka, int raft, int admin) {
    return toBuilder().ports(kafka, raft, admin).build();
  }

  /** Builds a {@link BrokerConfig}; every setting starts at its embedded default. */
  public static final class Builder {
    private Path dataDir = Path.of("chronik-data");
    private int nodeId = 1;
    private String bindHost = "127.0.0.1";
    private String advertisedHost = "127.0.0.1";
    private int kafkaPort = DEFAULT_KAFKA_PORT;
    private int raftPort = DEFAULT_RAFT_PORT;
    private int adminPort = DEFAULT_ADMIN_PORT;
    private List<PeerAddress> peers = List.of();
    private boolean autoCreateTopics = true;
    private int defaultPartitions = 1;
    private int partitionsPerGroup = 1;
    private short defaultReplicationFactor = 1;
    private int socketRequestMaxBytes = 100 * 1024 * 1024;
    private long logSegmentBytes = 256L * 1024 * 1024;
    private long retentionMs = 7L * 24 * 3600 * 1000;
    private long retentionBytes = -1L;
    private String rack = "";
    private boolean join;
    private boolean writeCaching = false;
    private SnapshotSettings snapshots = SnapshotSettings.defaults();
    private long logCleanerIntervalMs = DEFAULT_LOG_CLEANER_INTERVAL_MS;
    private long retentionCheckIntervalMs = DEFAULT_RETENTION_CHECK_INTERVAL_MS;
    private long logCleanerIoMaxBytesPerSecond = UNLIMITED_CLEANER_IO;

    private Builder() {}

    /** The log cleaner's I/O limit in bytes per second; {@link #UNLIMITED_CLEANER_IO}: none. */
    public Builder logCleanerIoMaxBytesPerSecond(long v) {
      logCleanerIoMaxBytesPerSecond = v;
      return this;
    }

    /** How often retention runs over the partitions (tests make it short). */
    public Builder retentionCheckIntervalMs(long v) {
      retentionCheckIntervalMs = v;
      return this;
    }

    /** The wait of the log cleaner between its passes (tests make it short). */
    public Builder logCleanerIntervalMs(long v) {
      logCleanerIntervalMs = v;
      return this;
    }

    public Builder snapshots(SnapshotSettings v) {
      snapshots = v;
      return this;
    }

    public Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    public Builder nodeId(int v) {
      nodeId = v;
      return this;
    }

    public Builder bindHost(String v) {
      bindHost = v;
      return this;
    }

    public Builder advertisedHost(String v) {
      advertisedHost = v;
      return this;
    }

    public Builder ports(int kafka, int raft, int admin) {
      kafkaPort = kafka;
      raftPort = raft;
      adminPort = admin;
      return this;
    }

    public Builder peers(List<PeerAddress> v) {
      peers = v;
      return this;
    }

    public Builder autoCreateTopics(boolean v) {
      autoCreateTopics = v;
      return this;
    }

    public Builder partitionsPerGroup(int v) {
      partitionsPerGroup = v;
      return this;
    }

    public Builder defaultPartitions(int v) {
      defaultPartitions = v;
      return this;
    }

    public Builder defaultReplicationFactor(short v) {
      defaultReplicationFactor = v;
      return this;
    }

    public Builder socketRequestMaxBytes(int v) {
      socketRequestMaxBytes = v;
      return this;
    }

    public Builder logSegmentBytes(long v) {
      logSegmentBytes = v;
      return this;
    }

    public Builder retentionMs(long v) {
      retentionMs = v;
      return this;
    }

    public Builder retentionBytes(long v) {
      retentionBytes = v;
      return this;
    }

    public Builder rack(String v) {
      rack = v;
      return this;
    }

    public Builder join(boolean v) {
      join = v;
      return this;
    }

    /**
     * Acknowledge a write once a majority holds it in memory and fsync the Raft log in the
     * background (the durability of Kafka's stock settings) instead of after a majority's fsync.
     */
    public Builder writeCaching(boolean v) {
      writeCaching = v;
      return this;
    }

    public BrokerConfig build() {
      return new BrokerConfig(
          dataDir,
          nodeId,
          bindHost,
          advertisedHost,
          kafkaPort,
          raftPort,
          adminPort,
          peers,
          autoCreateTopics,
          defaultPartitions,
          partitionsPerGroup,
          defaultReplicationFactor,
          socketRequestMaxBytes,
          logSegmentBytes,
          retentionMs,
          retentionBytes,
          rack,
          join,
          writeCaching,
          snapshots,
          logCleanerIntervalMs,
          retentionCheckIntervalMs,
          logCleanerIoMaxBytesPerSecond);
    }
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
