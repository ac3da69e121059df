package io.chronik.broker;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
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

  /** The peers of a cluster of nodes 1 to {@code size} on loopback, each with a free Raft port. */
  static List<BrokerConfig.PeerAddress> loopbackPeers(int size) throws IOException {
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
