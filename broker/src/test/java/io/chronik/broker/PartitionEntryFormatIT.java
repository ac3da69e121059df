package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.partition.EntryFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node cluster during a rolling upgrade (a node registered by an older release), and a
 * partition leaving its nodes: what a user and an operator see.
 */
class PartitionEntryFormatIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final Map<Integer, Broker> nodes = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    nodes.values().forEach(Broker::close);
  }

  @Test
  void shouldKeepAcceptingWritesWithPlainAppendsWhileANodeOfAnOlderReleaseIsRegistered()
      throws Exception {
    // given: a replicated topic, every node at the newest level
    startCluster(3);
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic("upgrade", 3, (short) 3))).all().get();
    }
    assertThat(nodes.values())
        .allSatisfy(
            b -> assertThat(nodeInfo(b).get("entryFormat")).isEqualTo(EntryFormat.SUPPORTED));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> clusterLevels().equals(Set.of(EntryFormat.SUPPORTED)));

    // when: node 9 registers as a release without entry-format levels did
    Broker any = nodes.values().iterator().next();
    any.raft()
        .submit(new MetaCommand.RegisterBroker(new BrokerInfo(9, "127.0.0.1", 1, 2, 3, "", "old")))
        .get();
    await().atMost(Duration.ofSeconds(30)).until(() -> clusterLevels().equals(Set.of(1)));
    List<String> during = sendConcurrently("during-", 400);

    // and node 9 comes back upgraded
    any.raft()
        .submit(
            new MetaCommand.RegisterBroker(
                new BrokerInfo(9, "127.0.0.1", 1, 2, 3, "", "new", EntryFormat.SUPPORTED)))
        .get();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> clusterLevels().equals(Set.of(EntryFormat.SUPPORTED)));
    List<String> after = sendConcurrently("after-", 400);

    // then: every acknowledged record is there, once
    List<String> read = readAll("upgrade", 3);
    assertThat(read).doesNotHaveDuplicates().containsAll(during).containsAll(after).hasSize(800);
  }

  @Test
  void shouldLetGoOfAPartitionsStateWhenItsTopicIsDeleted() throws Exception {
    // given
    startCluster(3);
    Map<Integer, Set<String>> closed = new ConcurrentHashMap<>();
    nodes.forEach(
        (id, b) -> {
          closed.put(id, ConcurrentHashMap.newKeySet());
          b.replicas().onClosed(closed.get(id)::add);
        });
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic("short-lived", 2, (short) 3))).all().get();
    }
    sendConcurrently("x-", 50, "short-lived");
    Set<String> groups =
        nodes
            .values()
            .iterator()
            .next()
            .raft()
            .image()
            .topic("short-lived")
            .orElseThrow()
            .partitions()
            .stream()
            .map(io.chronik.broker.meta.PartitionAssignment::groupId)
            .collect(Collectors.toSet());

    // when
    try (Admin admin = admin()) {
      admin.deleteTopics(List.of("short-lived")).all().get();
    }

    // then: every node closed both replicas (the producer's lanes go with them)
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(closed.values()).allSatisfy(s -> assertThat(s).containsAll(groups)));
    assertThat(nodes.values())
        .allSatisfy(b -> assertThat(b.raft().localGroups()).doesNotContainAnyElementsOf(groups));
  }

  private Set<Object> clusterLevels() {
    return nodes.values().stream()
        .map(b -> nodeInfo(b).get("clusterEntryFormat"))
        .collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> nodeInfo(Broker b) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + b.adminPort() + "/v1/node"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return JSON.readValue(r.body(), Map.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> sendConcurrently(String prefix, int count) throws Exception {
    return sendConcurrently(prefix, count, "upgrade");
  }

  /** Several producers at once, so appends queue behind entries in flight. */
  private List<String> sendConcurrently(String prefix, int count, String topic) throws Exception {
    List<CompletableFuture<List<String>>> producers = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      String name = prefix + p + "-";
      producers.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<String> acked = new ArrayList<>();
                try (KafkaProducer<String, String> producer = producer()) {
                  List<Future<RecordMetadata>> sent = new ArrayList<>();
                  List<String> values = new ArrayList<>();
                  for (int i = 0; i < count / 4; i++) {
                    values.add(name + i);
                    sent.add(producer.send(new ProducerRecord<>(topic, name + i)));
                  }
                  for (int i = 0; i < sent.size(); i++) {
                    sent.get(i).get();
                    acked.add(values.get(i));
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                return acked;
              }));
    }
    List<String> all = new ArrayList<>();
    for (CompletableFuture<List<String>> f : producers) {
      all.addAll(f.get());
    }
    return all;
  }

  private void startCluster(int size) throws Exception {
    List<BrokerConfig.PeerAddress> peers = TestBrokers.loopbackPeers(size);
    nodes.putAll(
        TestBrokers.startAll(
            peers,
            p -> TestBrokers.nodeConfig(dir.resolve("node" + p.nodeId()), p, peers).build()));
  }

  private String bootstrap() {
    return TestBrokers.bootstrap(nodes.values());
  }

  private Admin admin() {
    return TestBrokers.admin(bootstrap());
  }

  private KafkaProducer<String, String> producer() {
    return TestBrokers.producer(
        bootstrap(),
        Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000));
  }

  private List<String> readAll(String topic, int partitions) {
    return TestBrokers.readAll(bootstrap(), topic, partitions);
  }
}
