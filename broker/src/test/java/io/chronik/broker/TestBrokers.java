package io.chronik.broker;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Starts in-JVM brokers on loopback with ephemeral ports, alone or as a cluster, and clients for
 * them.
 */
final class TestBrokers {
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private TestBrokers() {}

  static BrokerConfig config(Path dataDir) {
    return BrokerConfig.defaults().withDataDir(dataDir).withPorts(0, 0, 0);
  }

  static Broker start(Path dataDir) {
    return Broker.start(config(dataDir));
  }

  static String bootstrap(Broker broker) {
    return "127.0.0.1:" + broker.kafkaPort();
  }

  /** The Kafka addresses of {@code brokers}, comma-separated. */
  static String bootstrap(Collection<Broker> brokers) {
    return brokers.stream().map(TestBrokers::bootstrap).collect(Collectors.joining(","));
  }

  /**
   * A port that was free on loopback a moment ago, for a node that must know its port (or a peer's)
   * before it binds. It is taken from outside the kernel's ephemeral range (32768–60999 by default;
   * ports 20000 and up below it, else above it), so that no outgoing connection (the test's own
   * clients, the nodes' peer links) can be given it between this probe and the node's bind; a port
   * of the ephemeral range could be, and the node would then fail to start with CHR-1005 "address
   * already in use". Ports are not handed out twice by one JVM.
   */
  static int freePort() throws IOException {
    int[] range = quietRange();
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(range[0], range[1]);
      if (!GIVEN.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IOException("no free loopback port between " + range[0] + " and " + range[1]);
  }

  /**
   * The ports outside the kernel's ephemeral range to choose from, [low, high): 20000 up to the
   * range when there are at least 1000, else above the range; the Linux default where the range
   * cannot be read.
   */
  private static int[] quietRange() {
    int ephemeralLow = 32_768;
    int ephemeralHigh = 60_999;
    try {
      String[] range =
          Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      ephemeralLow = Integer.parseInt(range[0]);
      ephemeralHigh = Integer.parseInt(range[1]);
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: keep the default
    }
    if (ephemeralLow - 20_000 >= 1_000) {
      return new int[] {20_000, ephemeralLow};
    }
    if (65_535 - ephemeralHigh >= 1_000) {
      return new int[] {ephemeralHigh + 1, 65_536};
    }
    if (ephemeralLow - 10_000 >= 1_000) {
      return new int[] {10_000, ephemeralLow};
    }
    throw new IllegalStateException(
        "the ephemeral port range "
            + ephemeralLow
            + "-"
            + ephemeralHigh
            + " leaves no room for test ports; narrow /proc/sys/net/ipv4/ip_local_port_range");
  }

  /** The peers of a cluster of nodes 1 to {@code size} on loopback, each with a free Raft port. */
  static List<BrokerConfig.PeerAddress> loopbackPeers(int size) throws IOException {
    List<BrokerConfig.PeerAddress> peers = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      peers.add(new BrokerConfig.PeerAddress(id, "127.0.0.1", freePort()));
    }
    return peers;
  }

  /**
   * The config a node of a loopback cluster starts from: its data dir, node id and Raft port (Kafka
   * and admin ports ephemeral), and the cluster's {@code peers}.
   */
  static BrokerConfig.Builder nodeConfig(
      Path dataDir, BrokerConfig.PeerAddress self, List<BrokerConfig.PeerAddress> peers) {
    return BrokerConfig.builder()
        .dataDir(dataDir)
        .nodeId(self.nodeId())
        .ports(0, self.raftPort(), 0)
        .peers(peers);
  }

  /** The peer of node {@code nodeId}. */
  static BrokerConfig.PeerAddress peer(List<BrokerConfig.PeerAddress> peers, int nodeId) {
    return peers.stream().filter(p -> p.nodeId() == nodeId).findFirst().orElseThrow();
  }

  /**
   * Starts a node for each of {@code peers} at once (a node waits for its peers while it starts),
   * configured by {@code config}; returns them by node id, in the order of {@code peers}.
   */
  static Map<Integer, Broker> startAll(
      List<BrokerConfig.PeerAddress> peers, Function<BrokerConfig.PeerAddress, BrokerConfig> config)
      throws Exception {
    Map<Integer, CompletableFuture<Broker>> starting = new LinkedHashMap<>();
    for (BrokerConfig.PeerAddress p : peers) {
      BrokerConfig c = config.apply(p);
      starting.put(p.nodeId(), CompletableFuture.supplyAsync(() -> Broker.start(c)));
    }
    Map<Integer, Broker> started = new LinkedHashMap<>();
    for (Map.Entry<Integer, CompletableFuture<Broker>> e : starting.entrySet()) {
      started.put(e.getKey(), e.getValue().get(180, TimeUnit.SECONDS));
    }
    return started;
  }

  /**
   * Posts {@code body} (a partition or group and the node to lead it) to {@code via}'s
   * transfer-leader admin action; its answer.
   */
  static HttpResponse<String> transferLeader(Broker via, String body, Duration timeout)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + via.adminPort() + "/v1/actions/transfer-leader"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(timeout)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static Admin admin(Broker broker) {
    return admin(bootstrap(broker));
  }

  static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  static KafkaProducer<String, String> producer(Broker broker, Map<String, Object> extra) {
    return producer(bootstrap(broker), extra);
  }

  /** An idempotent acks=all producer (linger 5 ms), with {@code extra} settings on top. */
  static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putAll(extra);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(
      Broker broker, String group, Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(broker));
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.putAll(extra);
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /**
   * Every value of partitions 0 to {@code partitions - 1} of {@code topic}, from the start to the
   * end offsets as they are when reading begins (partition by partition order is not kept).
   */
  static List<String> readAll(String bootstrap, String topic, int partitions) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int i = 0; i < partitions; i++) {
        tps.add(new TopicPartition(topic, i));
      }
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                  out.add(r.value());
                }
                return tps.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
              });
    }
    return out;
  }

  /**
   * The records of a partition as node {@code b} holds them in its log, read from the log directly
   * (a follower's copy too): each offset with its value up to the first {@code |} (the tests pad
   * values after one).
   */
  static Map<Long, String> logValues(Broker b, TopicPartition tp) {
    io.chronik.broker.log.PartitionLog log = b.replicas().replica(tp).orElseThrow().log();
    Map<Long, String> out = new HashMap<>();
    long offset = log.logStartOffset();
    long end = log.logEndOffset();
    while (offset < end) {
      io.chronik.broker.log.FetchData data = log.read(offset, 1 << 20, end, true);
      for (org.apache.kafka.common.record.RecordBatch batch : data.records().batches()) {
        for (org.apache.kafka.common.record.Record r : batch) {
          if (r.offset() >= offset) {
            String v = java.nio.charset.StandardCharsets.UTF_8.decode(r.value()).toString();
            out.put(r.offset(), v.substring(0, v.indexOf('|')));
          }
        }
        // past the whole batch: a compacted log has gaps and empty batches
        offset = batch.lastOffset() + 1;
      }
    }
    return out;
  }

  static List<String> values(int count, String prefix) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }
}
