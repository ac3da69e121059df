package io.chronik.cli.standalone;

import io.chronik.broker.BrokerConfig;
import io.chronik.cli.EnvVar;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.config.CheckedSettings;
import io.chronik.cli.config.ConfigFileOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chronik standalone}: starts one node and runs it until SIGINT or SIGTERM.
 *
 * <p>Every option reads an environment variable when its flag is absent, and the config file given
 * by {@code --config} (or {@code CHRONIK_CONFIG}) when the variable is unset too: flag &gt;
 * environment &gt; file &gt; default. Its keys come from the long option names ({@code
 * --kafka-port} is {@code kafka.port}), so a new option needs nothing but its {@code @Option} and
 * {@code @EnvVar}. The command turns options into a {@link BrokerConfig}, checking ranges first,
 * and hands it to {@link NodeRunner}; only that class touches the broker, so this one stays cheap
 * to load. The {@code --snapshot-*} options live in the mixin {@link SnapshotOptions}.
 */
@Command(
    name = "standalone",
    description = {
      "Start one chronik node: a one-peer Raft cluster that serves Kafka clients.",
      "",
      "Each option can also be set with the environment variable named in its description,"
          + " or in a config file (--config FILE) as KEY = VALUE, the key being the option's"
          + " name without dashes and with dots between words (--kafka-port is kafka.port)."
          + " A flag wins over the environment, which wins over the file, which wins over the"
          + " default; 'chronik config show' prints what applies and where it came from.",
      "",
      "Once the node serves Kafka requests, one line goes to stdout:",
      "  chronik ready: node 1 cluster <id> kafka=HOST:PORT raft=HOST:PORT",
      "    admin=http://HOST:PORT data=DIR",
      "(on one line; the ports are the bound ones, also when 0 was asked for).",
      "The node runs until SIGINT or SIGTERM, then shuts down cleanly. Logs go to stderr"
          + " (level: CHRONIK_LOG_LEVEL); the JVM heap is CHRONIK_HEAP (default 1g).",
      "A node that 'chronik cluster remove-node' removed stops by itself with exit 65"
          + " (CHR-1009), and refuses to start again on its data dir with the same message.",
      ""
    },
    footer = {
      "  # one node on the default ports, data in ./chronik-data",
      "  chronik standalone",
      "",
      "  # reachable from other hosts",
      "  chronik standalone --bind 0.0.0.0 --advertise broker1.example.com",
      "",
      "  # settings from a file, for example kafka.port = 19092",
      "  chronik standalone --config /etc/chronik/chronik.properties",
      "",
      "  # free ports and a throwaway data dir, for tests",
      "  CHRONIK_DATA_DIR=$(mktemp -d) \\",
      "    chronik standalone --kafka-port 0 --raft-port 0 --admin-port 0"
    })
public final class StandaloneCommand implements Callable<Integer>, CheckedSettings {
  private static final String WILDCARD_V4 = "0.0.0.0";
  private static final String WILDCARD_V6 = "::";
  private static final String LOOPBACK = "127.0.0.1";

  @Spec private CommandSpec spec;

  @Mixin(name = ConfigFileOption.NAME)
  private ConfigFileOption configFile;

  @EnvVar("CHRONIK_DATA_DIR")
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "./chronik-data",
      description =
          "Data directory, for node.json, raft/ and partitions/"
              + " (env: CHRONIK_DATA_DIR; default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @EnvVar("CHRONIK_NODE_ID")
  @Option(
      names = "--node-id",
      paramLabel = "ID",
      defaultValue = "1",
      description =
          "This node's id, unique in the cluster and stable across restarts; 0 or more"
              + " (env: CHRONIK_NODE_ID; default: ${DEFAULT-VALUE}).")
  private int nodeId;

  @EnvVar("CHRONIK_BIND")
  @Option(
      names = "--bind",
      paramLabel = "HOST",
      defaultValue = LOOPBACK,
      description =
          "Address every listener binds to; 0.0.0.0 for all interfaces"
              + " (env: CHRONIK_BIND; default: ${DEFAULT-VALUE}).")
  private String bind;

  @EnvVar("CHRONIK_ADVERTISED_ADDR")
  @Option(
      names = "--advertise",
      paramLabel = "HOST",
      description =
          "Host that clients and peers are told to use (env: CHRONIK_ADVERTISED_ADDR;"
              + " default: the --bind address, or 127.0.0.1 when binding 0.0.0.0).")
  private String advertise;

  @EnvVar("CHRONIK_KAFKA_PORT")
  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "" + BrokerConfig.DEFAULT_KAFKA_PORT,
      description =
          "Kafka protocol port; 0 picks a free one (env: CHRONIK_KAFKA_PORT;"
              + " default: ${DEFAULT-VALUE}).")
  private int kafkaPort;

  @EnvVar("CHRONIK_RAFT_PORT")
  @Option(
      names = "--raft-port",
      paramLabel = "PORT",
      defaultValue = "" + BrokerConfig.DEFAULT_RAFT_PORT,
      description =
          "Raft (Ratis gRPC) port; 0 picks a free one (env: CHRONIK_RAFT_PORT;"
              + " default: ${DEFAULT-VALUE}).")
  private int raftPort;

  @EnvVar("CHRONIK_ADMIN_PORT")
  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      defaultValue = "" + BrokerConfig.DEFAULT_ADMIN_PORT,
      description =
          "Admin HTTP port (/health, /ready, /metrics, /v1); 0 picks a free one"
              + " (env: CHRONIK_ADMIN_PORT; default: ${DEFAULT-VALUE}).")
  private int adminPort;

  @EnvVar("CHRONIK_AUTO_CREATE_TOPICS")
  @Option(
      names = "--auto-create-topics",
      negatable = true,
      arity = "0..1",
      paramLabel = "true|false",
      fallbackValue = "true",
      defaultValue = "true",
      description =
          "Create unknown topics on Metadata and Produce requests"
              + " (env: CHRONIK_AUTO_CREATE_TOPICS; default: ${DEFAULT-VALUE}).")
  private boolean autoCreateTopics;

  @EnvVar("CHRONIK_DEFAULT_PARTITIONS")
  @Option(
      names = "--default-partitions",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Partitions of an auto-created topic (env: CHRONIK_DEFAULT_PARTITIONS;"
              + " default: ${DEFAULT-VALUE}).")
  private int defaultPartitions;

  @EnvVar("CHRONIK_PARTITIONS_PER_GROUP")
  @Option(
      names = "--partitions-per-group",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "The most partitions of one topic that share a Raft group, for topics this node creates;"
              + " the group's leader leads them all. 1 gives every partition its own group; more"
              + " cut the threads and heartbeats per partition, for hundreds of partitions per"
              + " node. Set the same value on every node (env: CHRONIK_PARTITIONS_PER_GROUP;"
              + " default: ${DEFAULT-VALUE}).")
  private int partitionsPerGroup;

  @EnvVar("CHRONIK_SOCKET_REQUEST_MAX_BYTES")
  @Option(
      names = "--max-request-bytes",
      paramLabel = "BYTES",
      defaultValue = "104857600",
      description =
          "Largest request frame accepted; a larger one closes the connection"
              + " (env: CHRONIK_SOCKET_REQUEST_MAX_BYTES; default: ${DEFAULT-VALUE}, 100 MiB).")
  private int maxRequestBytes;

  @EnvVar("CHRONIK_LOG_SEGMENT_BYTES")
  @Option(
      names = "--segment-bytes",
      paramLabel = "BYTES",
      defaultValue = "268435456",
      description =
          "Size at which a partition segment rolls (env: CHRONIK_LOG_SEGMENT_BYTES;"
              + " default: ${DEFAULT-VALUE}, 256 MiB).")
  private long segmentBytes;

  @EnvVar("CHRONIK_LOG_RETENTION_MS")
  @Option(
      names = "--retention-ms",
      paramLabel = "MS",
      defaultValue = "604800000",
      description =
          "Default retention.ms of a topic; -1 keeps data forever"
              + " (env: CHRONIK_LOG_RETENTION_MS; default: ${DEFAULT-VALUE}, 7 days).")
  private long retentionMs;

  @EnvVar("CHRONIK_LOG_RETENTION_BYTES")
  @Option(
      names = "--retention-bytes",
      paramLabel = "BYTES",
      defaultValue = "-1",
      description =
          "Default retention.bytes of a partition; -1 means no size limit"
              + " (env: CHRONIK_LOG_RETENTION_BYTES; default: ${DEFAULT-VALUE}).")
  private long retentionBytes;

  @EnvVar("CHRONIK_RACK")
  @Option(
      names = "--rack",
      description =
          "This node's rack or zone; consumers with the same client.rack read from this node"
              + " when it holds an in-sync replica (KIP-392; env: CHRONIK_RACK).")
  private String rack;

  @EnvVar("CHRONIK_WRITE_CACHING")
  @Option(
      names = "--write-caching",
      description =
          "Acknowledge a write once a majority of replicas hold it in memory and fsync the Raft"
              + " log in the background, as Kafka's stock settings do. Faster; a write acknowledged"
              + " in the last moments before every replica loses power at once can be lost."
              + " Default: off, a write is acknowledged after a majority fsynced it"
              + " (env: CHRONIK_WRITE_CACHING).")
  private boolean writeCaching;

  @EnvVar("CHRONIK_LOG_CLEANER_IO_MAX_BYTES_PER_SECOND")
  @Option(
      names = "--log-cleaner-io-max-bytes-per-second",
      paramLabel = "BYTES",
      defaultValue = "" + BrokerConfig.UNLIMITED_CLEANER_IO,
      description =
          "The most bytes per second the log cleaner of compacted topics reads and writes"
              + " together, as Kafka's log.cleaner.io.max.bytes.per.second; -1 means no limit"
              + " (env: CHRONIK_LOG_CLEANER_IO_MAX_BYTES_PER_SECOND; default: ${DEFAULT-VALUE}).")
  private long logCleanerIoMaxBytesPerSecond;

  @Mixin private SnapshotOptions snapshots;

  @EnvVar("CHRONIK_RAFT")
  @Option(
      names = "--raft",
      description =
          "Run as a member of the multi-node Raft cluster given by --peers. The first start of"
              + " the members forms the cluster; later restarts rejoin it. Without --raft the node"
              + " is a one-peer cluster (env: CHRONIK_RAFT=true).")
  private boolean raft;

  @EnvVar("CHRONIK_RAFT_PEERS")
  @Option(
      names = "--peers",
      paramLabel = "ID@HOST:PORT",
      split = ",",
      description =
          "Raft peers including this node, comma-separated, for example"
              + " 1@10.0.0.1:9093,2@10.0.0.2:9093; used with --raft (env: CHRONIK_RAFT_PEERS).")
  private List<String> peers = new ArrayList<>();

  @EnvVar("CHRONIK_RAFT_JOIN")
  @Option(
      names = "--join",
      description =
          "Join a running cluster instead of forming one: on its first start (empty data dir)"
              + " the node waits until an operator adds it with 'chronik cluster add-node', then"
              + " takes the cluster's id. --peers needs this node; other peers are learned from the"
              + " cluster. Later restarts need no --join. Used with --raft"
              + " (env: CHRONIK_RAFT_JOIN=true).")
  private boolean join;

  @Override
  public Integer call() {
    BrokerConfig config = brokerConfig();
    return NodeRunner.run(config, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * The checks of each value on its own: ranges and formats. Every check runs, so that {@code
   * chronik config validate} can name every bad value, not only the first.
   */
  @Override
  public List<ParameterException> checkValues() {
    List<Runnable> checks = new ArrayList<>();
    checks.addAll(
        List.of(
            () -> OptionChecks.atLeast(spec, "--node-id", nodeId, 0),
            () -> host("--bind", bind),
            () -> {
              if (advertise != null) {
                host("--advertise", advertise);
              }
            },
            () -> OptionChecks.port(spec, "--kafka-port", kafkaPort),
            () -> OptionChecks.port(spec, "--raft-port", raftPort),
            () -> OptionChecks.port(spec, "--admin-port", adminPort),
            this::peerAddresses,
            () -> OptionChecks.atLeast(spec, "--default-partitions", defaultPartitions, 1),
            () -> OptionChecks.atLeast(spec, "--partitions-per-group", partitionsPerGroup, 1),
            () -> OptionChecks.atLeast(spec, "--max-request-bytes", maxRequestBytes, 1),
            () -> OptionChecks.atLeast(spec, "--segment-bytes", segmentBytes, 1),
            () -> OptionChecks.atLeast(spec, "--retention-ms", retentionMs, -1),
            () -> OptionChecks.atLeast(spec, "--retention-bytes", retentionBytes, -1),
            this::checkCleanerIoLimit));
    checks.addAll(snapshots.checks());
    List<ParameterException> problems = new ArrayList<>();
    for (Runnable check : checks) {
      try {
        check.run();
      } catch (ParameterException e) {
        problems.add(e);
      }
    }
    return problems;
  }

  /** The checks of {@link #brokerConfig()}, without starting anything. */
  @Override
  public void checkSettings() {
    brokerConfig();
  }

  /**
   * The node's configuration from the parsed options: {@link #checkValues()} first, then the checks
   * of the values together (a port per listener, --peers with --raft and --node-id, --join with
   * --raft).
   *
   * @throws picocli.CommandLine.ParameterException when a value is out of range (exit 64)
   */
  BrokerConfig brokerConfig() {
    List<ParameterException> problems = checkValues();
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
    checkDistinctPorts();
    BrokerConfig defaults = BrokerConfig.defaults();
    String bindHost = host("--bind", bind);
    return BrokerConfig.builder()
        .dataDir(dataDir.toAbsolutePath().normalize())
        .nodeId(nodeId)
        .bindHost(bindHost)
        .advertisedHost(
            advertise == null ? defaultAdvertisedHost(bindHost) : host("--advertise", advertise))
        .ports(kafkaPort, raftPort, adminPort)
        .peers(raftPeers())
        .autoCreateTopics(autoCreateTopics)
        .defaultPartitions(defaultPartitions)
        .partitionsPerGroup(partitionsPerGroup)
        .defaultReplicationFactor(defaults.defaultReplicationFactor())
        .socketRequestMaxBytes(maxRequestBytes)
        .logSegmentBytes(segmentBytes)
        .retentionMs(retentionMs)
        .retentionBytes(retentionBytes)
        .rack(rack == null ? "" : rack.trim())
        .writeCaching(writeCaching)
        .join(joinCluster())
        .snapshots(snapshots.settings())
        .logCleanerIoMaxBytesPerSecond(logCleanerIoMaxBytesPerSecond)
        .build();
  }

  /** At least 1 byte per second, or -1 for no limit; 0 would stop the cleaner for good. */
  private void checkCleanerIoLimit() {
    if (logCleanerIoMaxBytesPerSecond < 1
        && logCleanerIoMaxBytesPerSecond != BrokerConfig.UNLIMITED_CLEANER_IO) {
      throw OptionChecks.invalid(
          spec,
          "--log-cleaner-io-max-bytes-per-second",
          logCleanerIoMaxBytesPerSecond
              + " is not a limit: use 1 or more bytes per second, or -1 for no limit");
    }
  }

  /**
   * No two listeners on the same port: that is a mistake in the flags, found before the node
   * touches its data dir, not a port another process holds. 0 (a free port) may repeat.
   */
  private void checkDistinctPorts() {
    List<String> options = List.of("--kafka-port", "--raft-port", "--admin-port");
    int[] ports = {kafkaPort, raftPort, adminPort};
    for (int i = 0; i < ports.length; i++) {
      for (int j = 0; j < i; j++) {
        if (ports[i] != 0 && ports[i] == ports[j]) {
          throw OptionChecks.invalid(
              spec,
              options.get(i),
              ports[i]
                  + " is also the "
                  + options.get(j)
                  + ": give each listener its own port (0 picks a free one)");
        }
      }
    }
  }

  private boolean joinCluster() {
    if (join && !raft) {
      throw OptionChecks.invalid(spec, "--join", "--join needs --raft and --peers");
    }
    return join;
  }

  /** Clients cannot connect to a wildcard address, so advertise loopback for it. */
  static String defaultAdvertisedHost(String bindHost) {
    return WILDCARD_V4.equals(bindHost) || WILDCARD_V6.equals(bindHost) ? LOOPBACK : bindHost;
  }

  private String host(String option, String value) {
    String host = value.strip();
    if (host.isEmpty()) {
      throw OptionChecks.invalid(spec, option, "the host is empty");
    }
    if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      throw OptionChecks.invalid(
          spec, option, "'" + value + "' has a port; give the host only and set the port flags");
    }
    return host;
  }

  /** The peers, each one parsed on its own (whether or not --raft is set). */
  private List<BrokerConfig.PeerAddress> peerAddresses() {
    List<BrokerConfig.PeerAddress> parsed = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (String peer : peers) {
      BrokerConfig.PeerAddress address;
      try {
        address = BrokerConfig.PeerAddress.parse(peer.strip());
      } catch (IllegalArgumentException e) {
        throw OptionChecks.invalid(spec, "--peers", e.getMessage());
      }
      OptionChecks.port(spec, "--peers", address.raftPort());
      if (!ids.add(address.nodeId())) {
        throw OptionChecks.invalid(spec, "--peers", "node id " + address.nodeId() + " repeats");
      }
      parsed.add(address);
    }
    return parsed;
  }

  /** The peers with --raft and --node-id. */
  private List<BrokerConfig.PeerAddress> raftPeers() {
    if (!raft) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--peers")) {
        throw OptionChecks.invalid(spec, "--peers", "peers need --raft");
      }
      return List.of();
    }
    if (peers.isEmpty()) {
      throw OptionChecks.invalid(
          spec, "--peers", "--raft needs the peers, for example 1@host:9093");
    }
    List<BrokerConfig.PeerAddress> parsed = peerAddresses();
    if (parsed.stream().noneMatch(peer -> peer.nodeId() == nodeId)) {
      throw OptionChecks.invalid(
          spec, "--peers", "the peers must include this node (--node-id " + nodeId + ")");
    }
    return parsed;
  }
}
