package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real 3-node cluster on loopback, in one JVM: replication, leader spread, failover. */
class ClusterIT {
  @TempDir Path dir;
  private final Map<Integer, Broker> nodes = new HashMap<>();
  private List<BrokerConfig.PeerAddress> peers = List.of();

  @AfterEach
  void stop() {
    nodes.values().forEach(Broker::close);
  }

  @Test
  void shouldReplicateSpreadLeadersAndSurviveLeaderLossWhenThreeNodesRun() throws Exception {
    // given
    startCluster(3);
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic("replicated", 30, (short) 3))).all().get();
      // every partition gets a leader, and leaders settle evenly: no node leads more than 12 of 30
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> leaders(admin),
              m ->
                  m.values().stream().mapToLong(Long::longValue).sum() == 30
                      && m.values().stream().allMatch(n -> n <= 12));
      TopicDescription d =
          admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated");
      assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
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
    List<String> read = readAll("replicated", 30);
    assertThat(read).doesNotHaveDuplicates().containsAll(acked).hasSize(1200);
  }

  @Test
  void shouldMoveLeadershipWhenTransferIsRequestedThroughAnyNode() throws Exception {
    // given
    startCluster(3);
    int leader;
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic("moves", 1, (short) 3))).all().get();
      leader =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> TestCluster.partitionLeader(admin, "moves"), id -> id > 0);
    }
    int target = leader % 3 + 1;
    Broker via = nodes.get(leader % 3 + 1 == 3 ? 1 : 3);

    // when
    HttpResponse<String> partition =
        transfer(via, "{\"topic\":\"moves\",\"partition\":0,\"to\":" + target + "}");
    int metaTarget =
        nodes.keySet().stream().filter(id -> id != metaLeader()).findFirst().orElseThrow();
    HttpResponse<String> meta = transfer(via, "{\"group\":\"__meta\",\"to\":" + metaTarget + "}");
    HttpResponse<String> wrong = transfer(via, "{\"topic\":\"moves\",\"partition\":0,\"to\":9}");

    // then
    assertThat(partition.statusCode()).as(partition.body()).isEqualTo(200);
    assertThat(meta.statusCode()).as(meta.body()).isEqualTo(200);
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("not a member");
    try (Admin admin = admin()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> TestCluster.partitionLeader(admin, "moves") == target);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> metaLeader() == metaTarget);
    HttpResponse<String> groups = get(nodes.get(target), "/v1/raft/groups");
    String moves = groups.body();
    assertThat(moves).contains("\"topic\" : \"moves\"");
    String gid =
        moves.replaceAll(
            "(?s).*\"groupId\" : \"([0-9a-f-]{36})\",\\s*\"kind\" : \"partition\",\\s*\"topic\" : \"moves\".*",
            "$1");
    assertThat(get(nodes.get(target), "/v1/raft/groups/" + gid + "/elections").body())
        .contains("TRANSFER");
    assertThat(get(nodes.get(target), "/metrics").body())
        .contains("chronik_raft_elections_total{group=\"" + gid + "\"");
  }

  @Test
  void shouldFailATransferInsteadOfWaitingForeverWhenTheGroupLostItsMajority() throws Exception {
    // given: the other two nodes are gone, so the metadata group cannot commit anything
    startCluster(3);
    Broker left = nodes.get(1);
    List<Integer> members = left.raft().members("__meta");
    nodes.remove(2).close();
    nodes.remove(3).close();

    // when
    Throwable failure =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> catchThrowable(() -> left.raft().transferLeader("__meta", members, 1, 2_000)));

    // then
    assertThat(failure)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("group __meta")
        .hasMessageContaining("majority");
  }

  @Test
  void shouldRefuseToAddANodeAtTheRaftAddressOfAMember() throws Exception {
    // given
    startCluster(3);
    Broker via = nodes.get(1);
    String taken = raftAddress(2);

    // when
    Throwable failure = catchThrowable(() -> via.raft().membership().addToMeta(5, taken, 10_000));

    // then: refused before anything changed
    assertThat(failure)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(taken + " is the Raft address of node 2");
    assertThat(via.raft().membership().localMetaMembers()).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void shouldResumeFromCommittedOffsetsWhenGroupCoordinatorDies() throws Exception {
    // given
    startCluster(3);
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic("work", 2, (short) 3))).all().get();
    }
    try (KafkaProducer<String, String> producer = producer()) {
      for (String v : TestBrokers.values(100, "w-")) {
        producer.send(new ProducerRecord<>("work", v, v)).get();
      }
    }
    Set<String> first = consume("workers", 50);

    // when: the coordinator (the metadata leader) dies
    nodes.remove(metaLeader()).close();
    Set<String> second = consume("workers", 50);

    // then
    assertThat(first).hasSize(50);
    assertThat(second).hasSize(50).doesNotContainAnyElementsOf(first);
  }

  @Test
  void shouldShrinkIsrAndRefuseAcksAllWhenMinInsyncReplicasCannotBeMet() throws Exception {
    // given
    startCluster(3);
    try (Admin admin = admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("strict", 1, (short) 3).configs(Map.of("min.insync.replicas", "3"))))
          .all()
          .get();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> TestCluster.isr(admin, "strict").size() == 3);
    }
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>("strict", "ok")).get();
    }

    // when: a follower goes away
    int leader;
    try (Admin admin = admin()) {
      leader = TestCluster.partitionLeader(admin, "strict");
    }
    int follower = nodes.keySet().stream().filter(id -> id != leader).findFirst().orElseThrow();
    nodes.remove(follower).close();

    // then: the leader drops it from the ISR and refuses acks=all writes
    try (Admin admin = admin()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  TestCluster.isr(admin, "strict").size() == 2
                      && !TestCluster.isr(admin, "strict").contains(follower));
    }
    Map<String, Object> strict = new HashMap<>();
    // no retries, so the broker's answer reaches the caller
    strict.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    strict.put(ProducerConfig.RETRIES_CONFIG, 0);
    try (KafkaProducer<String, String> producer = producer(strict)) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>("strict", "refused")).get())
          .hasCauseInstanceOf(org.apache.kafka.common.errors.NotEnoughReplicasException.class);
    }
  }

  @Test
  void shouldReadOwnWritesFromFollowerWhenConsumerIsInFollowersRack() throws Exception {
    // given
    startCluster(3);
    int leader;
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic("near", 1, (short) 3))).all().get();
      leader =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> TestCluster.partitionLeader(admin, "near"), id -> id > 0);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  admin
                          .describeTopics(List.of("near"))
                          .allTopicNames()
                          .get()
                          .get("near")
                          .partitions()
                          .get(0)
                          .isr()
                          .size()
                      == 3);
    }
    int follower = nodes.keySet().stream().filter(id -> id != leader).findFirst().orElseThrow();
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.CLIENT_RACK_CONFIG, "r" + follower);
    try (KafkaProducer<String, String> producer = producer();
        KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition("near", 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      // when / then: every acknowledged write is read back at once, through the follower
      for (int i = 0; i < 20; i++) {
        String value = "mine-" + i;
        producer.send(new ProducerRecord<>("near", value)).get();
        List<String> seen = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
                  return seen.contains(value);
                });
      }
    }
    String metrics = get(nodes.get(follower), "/metrics").body();
    double served =
        metrics
            .lines()
            .filter(l -> l.startsWith("chronik_kafka_follower_fetches_total"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
    assertThat(served).isGreaterThan(0);
  }

  private Set<String> consume(String group, int count) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5);
    Set<String> seen = new HashSet<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of("work"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                  if (seen.size() < count && seen.add(r.value())) {
                    c.commitSync(
                        Map.of(
                            new TopicPartition(r.topic(), r.partition()),
                            new org.apache.kafka.clients.consumer.OffsetAndMetadata(
                                r.offset() + 1)));
                  }
                }
                return seen.size() >= count;
              });
    }
    return seen;
  }

  private int metaLeader() {
    return nodes.values().iterator().next().metaLeaderId();
  }

  private static HttpResponse<String> get(Broker via, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + via.adminPort() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
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
    peers = TestBrokers.loopbackPeers(size);
    nodes.putAll(
        TestBrokers.startAll(
            peers,
            p ->
                TestBrokers.nodeConfig(dir.resolve("node" + p.nodeId()), p, peers)
                    .rack("r" + p.nodeId())
                    .build()));
  }

  private String raftAddress(int nodeId) {
    return "127.0.0.1:"
        + peers.stream().filter(p -> p.nodeId() == nodeId).findFirst().orElseThrow().raftPort();
  }

  private String bootstrap() {
    return TestBrokers.bootstrap(nodes.values());
  }

  private Admin admin() {
    return TestBrokers.admin(bootstrap());
  }

  private KafkaProducer<String, String> producer() {
    return producer(Map.of());
  }

  private KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    p.putAll(extra);
    return TestBrokers.producer(bootstrap(), p);
  }

  private List<String> readAll(String topic, int partitions) {
    return TestBrokers.readAll(bootstrap(), topic, partitions);
  }

  /** Asks {@code via}'s admin API to transfer a group's lead as {@code body} says. */
  private static HttpResponse<String> transfer(Broker via, String body) throws Exception {
    return TestBrokers.transferLeader(via, body, Duration.ofSeconds(30));
  }
}
