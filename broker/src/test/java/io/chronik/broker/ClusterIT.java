package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real 3-node cluster on loopback, in one JVM: replication, leader spread, failover. */
class ClusterIT {
  @TempDir Path dir;
  private final Map<Integer, Broker> nodes = new HashMap<>();

  @AfterEach
  void stop() {
    nodes.values().forEach(Broker::close);
  }

  @Test
  void shouldReplicateSpreadLeadersAndSurviveLeaderLossWhenThreeNodesRun() throws Exception {
    // given
    startCluster(3);
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic("replicated", 6, (short) 3))).all().get();
      Map<Integer, Long> leadersPerNode =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> leaders(admin),
                  m -> m.values().stream().mapToLong(Long::longValue).sum() == 6);
      TopicDescription d =
          admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated");
      assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      assertThat(leadersPerNode.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(4));
    }
    Set<String> acked = new HashSet<>();
    try (KafkaProducer<String, String> producer = producer()) {
      acked.addAll(send(producer, "before-", 600));

      // when: the leader of partition 0 goes away
      int leader;
      try (Admin admin = admin()) {
        leader =
            admin
                .describeTopics(List.of("replicated"))
                .allTopicNames()
                .get()
                .get("replicated")
                .partitions()
                .get(0)
                .leader()
                .id();
      }
      nodes.remove(leader).close();
      acked.addAll(send(producer, "after-", 600));
    }

    // then: everything acknowledged is readable from the survivors, exactly once
    List<String> read = readAll("replicated", 6);
    assertThat(read).doesNotHaveDuplicates().containsAll(acked).hasSize(1200);
  }

  private Map<Integer, Long> leaders(Admin admin) throws Exception {
    TopicDescription d =
        admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated");
    return d.partitions().stream()
        .filter(p -> p.leader() != null && p.leader().id() >= 0)
        .collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
  }

  private List<String> send(KafkaProducer<String, String> producer, String prefix, int count)
      throws Exception {
    List<Future<RecordMetadata>> futures = new ArrayList<>();
    List<String> values = TestBrokers.values(count, prefix);
    for (String v : values) {
      futures.add(producer.send(new ProducerRecord<>("replicated", v, v)));
    }
    for (Future<RecordMetadata> f : futures) {
      f.get();
    }
    return values;
  }

  private void startCluster(int size) throws Exception {
    List<BrokerConfig.PeerAddress> peers = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      peers.add(new BrokerConfig.PeerAddress(id, "127.0.0.1", freePort()));
    }
    List<CompletableFuture<Broker>> starting = new ArrayList<>();
    for (BrokerConfig.PeerAddress p : peers) {
      BrokerConfig d = BrokerConfig.defaults();
      BrokerConfig c =
          new BrokerConfig(
              dir.resolve("node" + p.nodeId()),
              p.nodeId(),
              "127.0.0.1",
              "127.0.0.1",
              0,
              p.raftPort(),
              0,
              peers,
              true,
              1,
              (short) 1,
              d.socketRequestMaxBytes(),
              d.logSegmentBytes(),
              d.retentionMs(),
              d.retentionBytes());
      starting.add(CompletableFuture.supplyAsync(() -> Broker.start(c)));
    }
    for (CompletableFuture<Broker> f : starting) {
      Broker b = f.get();
      nodes.put(b.nodeId(), b);
    }
  }

  private String bootstrap() {
    return nodes.values().stream()
        .map(b -> "127.0.0.1:" + b.kafkaPort())
        .collect(Collectors.joining(","));
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
  }

  private KafkaProducer<String, String> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private List<String> readAll(String topic, int partitions) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
