package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code chronik standalone --raft} processes; the leader of a partition is killed with
 * {@code kill -9} three times while an idempotent acks=all producer writes. An audit consumer then
 * checks every acknowledged value: none lost, none duplicated. Each killed node restarts and
 * catches up.
 */
class ClusterFailoverIT {
  @TempDir Path dir;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (NodeProcess n : nodes) {
      n.close();
    }
  }

  @Test
  void shouldLoseAndDuplicateNothingWhenPartitionLeaderIsKilledRepeatedly() throws Exception {
    // given
    NodeProcess.startCluster(dir, 3, nodes);
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic("audit", 3, (short) 3))).all().get();
    }
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer;
    try (KafkaProducer<String, String> producer = producer()) {
      writer =
          new Thread(
              () -> {
                int i = 0;
                while (writing.get()) {
                  String value = "v-" + i++;
                  producer.send(
                      new ProducerRecord<>("audit", value, value),
                      (m, e) -> {
                        if (e == null) {
                          acked.add(value);
                        }
                      });
                  if (i % 200 == 0) {
                    producer.flush();
                  }
                }
              });
      writer.start();

      // when: three times, kill -9 the leader of partition 0, wait for a new one, restart the old
      for (int round = 0; round < 3; round++) {
        int before = acked.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() > before + 300);
        // a node restarted in the round before is listed as fenced, and the partition as
        // leaderless, for up to a second after it answers /ready
        AtomicInteger current = new AtomicInteger(-1);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  current.set(leaderOf(0));
                  return current.get() >= 0;
                });
        NodeProcess leader = byId(current.get());
        leader.kill();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  int now = leaderOf(0);
                  return now >= 0 && now != leader.nodeId;
                });
        leader.restart();
        leader.awaitReady();
      }
      int before = acked.size();
      await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() > before + 300);
      writing.set(false);
      writer.join(60_000);
      producer.flush();
    }

    // then
    List<String> read = readAll();
    assertThat(acked).hasSizeGreaterThan(1200);
    assertThat(read).doesNotHaveDuplicates();
    // set difference: AssertJ's containsAll scans the list once per element, quadratic in the
    // hundreds of thousands of records a fast writer acknowledges
    Set<String> missing = new HashSet<>(acked);
    read.forEach(missing::remove);
    assertThat(missing).as("acknowledged but not read").isEmpty();
    // and every node, the restarted ones included, has applied everything its group committed
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (NodeProcess n : nodes) {
                for (JsonNode g : n.raftGroups()) {
                  assertThat(g.get("leader").asInt())
                      .as("node %d group %s leader", n.nodeId, g.get("groupId"))
                      .isPositive();
                  assertThat(g.get("appliedIndex").asLong())
                      .isGreaterThanOrEqualTo(g.get("commitIndex").asLong());
                }
              }
              Map<String, Long> hw = new HashMap<>();
              for (NodeProcess n : nodes) {
                for (JsonNode g : n.raftGroups()) {
                  if (g.has("highWatermark")) {
                    String key = g.get("topic").asText() + "-" + g.get("partition").asInt();
                    Long seen = hw.putIfAbsent(key, g.get("highWatermark").asLong());
                    assertThat(seen == null || seen == g.get("highWatermark").asLong())
                        .as("replicas of %s agree", key)
                        .isTrue();
                  }
                }
              }
            });
  }

  private NodeProcess byId(int id) {
    return nodes.stream().filter(n -> n.nodeId == id).findFirst().orElseThrow();
  }

  private int leaderOf(int partition) {
    try (Admin admin = admin()) {
      var p =
          admin
              .describeTopics(List.of("audit"))
              .allTopicNames()
              .get()
              .get("audit")
              .partitions()
              .get(partition);
      return p.leader() == null ? -1 : p.leader().id();
    } catch (Exception e) {
      return -1;
    }
  }

  private Admin admin() {
    return NodeProcess.admin(nodes);
  }

  private KafkaProducer<String, String> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        nodes.stream().map(NodeProcess::bootstrap).collect(Collectors.joining(",")));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private List<String> readAll() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, NodeProcess.liveBootstrap(nodes));
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> tps =
          List.of(
              new TopicPartition("audit", 0),
              new TopicPartition("audit", 1),
              new TopicPartition("audit", 2));
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
}
