package io.chronik.cli.snapshot;

import static io.chronik.cli.snapshot.RestoreArgs.restoreArgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.LoopbackPorts;
import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.snapshot.store.StoreSettings;
import io.chronik.broker.snapshot.store.StoreTarget;
import io.chronik.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leader epochs never go back across a restore: a partition that went through several leader terms
 * is backed up, its node loses its data dir and is restored; the epoch of what is written
 * afterwards is higher than any before, and a consumer that kept the old epochs cached (in its
 * metadata and in its committed offset) keeps consuming without being restarted.
 */
class RestoreEpochIT {
  private static final String TOPIC = "orders";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  @TempDir Path dir;
  private Broker broker;
  private int kafkaPort;
  private int raftPort;
  private int adminPort;

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldKeepLeaderEpochsGrowingAndAConsumerConsumingWhenANodeIsRestoredFromSnapshots()
      throws Exception {
    // given: a partition whose leader changed with every restart (a term each), records in each
    Path store = Files.createDirectories(dir.resolve("store"));
    kafkaPort = LoopbackPorts.free();
    raftPort = LoopbackPorts.free();
    adminPort = LoopbackPorts.free();
    start(store);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
    for (int term = 0; term < 4; term++) {
      produce(20, "before-" + term + "-");
      broker.close();
      start(store);
    }
    produce(20, "before-4-");
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("billing")) {
      consumer.subscribe(List.of(TOPIC));
      pollUntil(consumer, seen, 100);
      int epochBefore = maxEpoch(seen);
      assertThat(epochBefore).as("leader epoch after 4 restarts").isGreaterThanOrEqualTo(4);
      consumer.commitSync();
      OffsetAndMetadata committed = consumer.committed(java.util.Set.of(TP)).get(TP);
      assertThat(committed.leaderEpoch()).contains(epochBefore);
      // the backup
      CliRun create =
          CliRun.run("snapshot", "create", "--upload", "--admin", "127.0.0.1:" + adminPort);
      assertThat(create.exitCode()).as(create.out() + create.err()).isZero();

      // when: the node loses its data dir, is restored from the store and started again, while
      // the consumer (its cached metadata says epoch epochBefore) stays open
      broker.close();
      broker = null;
      deleteTree(dir.resolve("node"));
      CliRun restore = CliRun.run(restoreArgs(store.toUri().toString(), dir.resolve("node"), 1));
      assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
      start(store);
      produce(20, "after-");

      // then: the same consumer reads on, and the new records carry a higher epoch
      List<ConsumerRecord<String, String>> after = new ArrayList<>();
      pollUntil(consumer, after, 20);
      assertThat(after).extracting(ConsumerRecord::value).allMatch(v -> v.startsWith("after-"));
      assertThat(after.get(0).offset()).isEqualTo(100);
      assertThat(minEpoch(after)).isGreaterThan(epochBefore);
      // the restarted node did not know the member any more (its session lapsed while the node
      // was down), so a commit may be refused once until the next poll has rejoined the group, as
      // with any Kafka coordinator that forgot a member
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptionsMatching(
              e -> e instanceof CommitFailedException || e instanceof RebalanceInProgressException)
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200));
                consumer.commitSync(Map.of(TP, new OffsetAndMetadata(120)));
              });
    }
    // and: a new member of the group resumes at the committed offset
    try (KafkaConsumer<String, String> again = consumer("billing")) {
      again.subscribe(List.of(TOPIC));
      produce(5, "later-");
      List<ConsumerRecord<String, String>> later = new ArrayList<>();
      pollUntil(again, later, 5);
      assertThat(later.get(0).offset()).isEqualTo(120);
    }
  }

  // ---- helpers

  private void start(Path store) {
    broker =
        Broker.start(
            BrokerConfig.defaults()
                .withDataDir(dir.resolve("node"))
                .withPorts(kafkaPort, raftPort, adminPort)
                .toBuilder()
                .snapshots(
                    SnapshotSettings.defaults()
                        .withStore(new StoreTarget(store.toUri(), StoreSettings.defaults())))
                .build());
  }

  private String bootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  private void produce(int count, String prefix) throws Exception {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(TOPIC, 0, null, prefix + i)).get(120, TimeUnit.SECONDS);
      }
    }
  }

  private KafkaConsumer<String, String> consumer(String group) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
  }

  private static void pollUntil(
      KafkaConsumer<String, String> consumer, List<ConsumerRecord<String, String>> seen, int n) {
    await()
        .atMost(Duration.ofSeconds(180))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
              return seen.size() >= n;
            });
  }

  private static int maxEpoch(List<ConsumerRecord<String, String>> records) {
    return records.stream()
        .map(ConsumerRecord::leaderEpoch)
        .map(e -> e.orElseThrow())
        .max(Comparator.naturalOrder())
        .orElseThrow();
  }

  private static int minEpoch(List<ConsumerRecord<String, String>> records) {
    return records.stream()
        .map(ConsumerRecord::leaderEpoch)
        .map(Optional::orElseThrow)
        .min(Comparator.naturalOrder())
        .orElseThrow();
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
