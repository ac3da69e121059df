package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cleanup.policy=compact} driven by the real kafka-clients and kcat, on one node whose log
 * cleaner and retention run every 100 ms, the cleaner held to 10 MiB/s.
 */
class CompactionIT {
  // a fixed Kafka port: a producer keeps its connection target across a restart
  @RegisterExtension
  final SingleBroker chronik =
      new SingleBroker(
          defaults ->
              defaults
                  .ports(LoopbackPorts.free(), 0, 0)
                  .logCleanerIntervalMs(100)
                  .retentionCheckIntervalMs(100)
                  .logCleanerIoMaxBytesPerSecond(10L << 20));

  @Test
  void shouldServeTheLatestValueOfEachKeyAtItsOffsetBeforeAndAfterARestart() throws Exception {
    // given: 20 keys in 5 versions, tombstones for 5 of them, then 30 other keys; segments of
    // about a dozen batches, tombstones dropped at the cleaning after the one that kept them
    createTopic(
        "table",
        Map.of(
            "cleanup.policy", "compact",
            "segment.bytes", "1024",
            "min.cleanable.dirty.ratio", "0.01",
            "delete.retention.ms", "0"));
    Map<String, String> expected = new LinkedHashMap<>();
    try (KafkaProducer<String, String> producer =
        chronik.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
      for (int version = 0; version < 5; version++) {
        for (int k = 0; k < 20; k++) {
          send(producer, "k" + k, "v" + version, expected);
        }
      }
      for (int k = 0; k < 5; k++) {
        send(producer, "k" + k, null, expected);
      }
      for (int f = 0; f < 30; f++) {
        send(producer, "f" + f, "x", expected);
      }
      expected.values().removeIf(v -> v.endsWith("=null"));
      long end = 5 * 20 + 5 + 30;

      // when: the cleaner compacts the closed segments
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(readFromStart("table")).isEqualTo(expected));

      // then: consumers and kcat read one record per key, at the offsets it was written at
      assertThat(new ArrayList<>(expected.values())).first().isEqualTo("85:k5=v4");
      KcatIT.Result kcat =
          KcatIT.kcat(
              "",
              "-b",
              chronik.bootstrap(),
              "-C",
              "-t",
              "table",
              "-o",
              "beginning",
              "-e",
              "-q",
              "-f",
              "%o:%k=%s\\n");
      assertThat(kcat.exit()).as(kcat.err()).isZero();
      assertThat(kcat.out().lines().toList()).isEqualTo(new ArrayList<>(expected.values()));
      assertThat(endOffset("table")).isEqualTo(end);
      String metrics = chronik.broker().metrics().scrape();
      assertThat(metric(metrics, "chronik_log_cleaner_runs_total")).isPositive();
      assertThat(metric(metrics, "chronik_log_cleaner_removed_records_total"))
          .isEqualTo(end - expected.size());
      assertThat(metric(metrics, "chronik_log_cleaner_removed_bytes_total")).isPositive();
      assertThat(metric(metrics, "chronik_log_cleaner_read_bytes_total")).isPositive();
      assertThat(metric(metrics, "chronik_log_cleaner_written_bytes_total")).isPositive();
      assertThat(metric(metrics, "chronik_log_cleaner_throttled_seconds_total")).isPositive();

      // and when: the node restarts
      chronik.restart();

      // then: the same records, and the producer from before the restart goes on
      assertThat(readFromStart("table")).isEqualTo(expected);
      RecordMetadata next =
          producer
              .send(new ProducerRecord<>("table", 0, "k5", "after-restart"))
              .get(60, TimeUnit.SECONDS);
      assertThat(next.offset()).isEqualTo(end);
    }
  }

  @Test
  void shouldRefuseARecordWithoutKeyWhenTheTopicIsCompacted() throws Exception {
    // given
    createTopic("keyed", Map.of("cleanup.policy", "compact"));
    try (KafkaProducer<String, String> producer =
        chronik.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
      // when
      var keyless = producer.send(new ProducerRecord<>("keyed", 0, null, "no key"));

      // then
      assertThatThrownBy(() -> keyless.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(InvalidRecordException.class)
          .hasMessageContaining("Compacted topic cannot accept message without key");
      assertThat(producer.send(new ProducerRecord<>("keyed", 0, "k", "v")).get().offset()).isZero();
    }
  }

  @Test
  void shouldApplyRetentionWhenThePolicyIsCompactAndDeleteOnly() throws Exception {
    // given: two topics with retention.ms 1 s, records an hour old
    Map<String, String> small = Map.of("segment.bytes", "200", "retention.ms", "1000");
    createTopic("both", with(small, "cleanup.policy", "compact,delete"));
    createTopic("compacted", with(small, "cleanup.policy", "compact"));
    long hourAgo = System.currentTimeMillis() - 3_600_000;
    try (KafkaProducer<String, String> producer =
        chronik.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
      for (String topic : List.of("both", "compacted")) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(topic, 0, hourAgo, "k" + i, "v" + i)).get();
        }
      }
    }

    // when: retention runs
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> startOffset("both") > 0 && startOffset("compacted") == 0);

    // then: only the compact,delete topic lost its old segments
    assertThat(readFromStart("compacted")).hasSize(10);
    assertThat(readFromStart("both").size()).isLessThan(10);
  }

  @Test
  void shouldTakeAndShowTheCleanupPolicyAndCompactionConfigsAsKafkaDoes() throws Exception {
    try (Admin admin = chronik.admin()) {
      // given
      createTopic("plain", Map.of());
      createTopic("reversed", Map.of("cleanup.policy", "delete,compact"));
      ConfigResource plain = new ConfigResource(ConfigResource.Type.TOPIC, "plain");

      // when
      alter(admin, plain, new AlterConfigOp(entry("cleanup.policy", "compact"), set()));
      alter(
          admin,
          plain,
          new AlterConfigOp(entry("cleanup.policy", "delete"), AlterConfigOp.OpType.APPEND),
          new AlterConfigOp(entry("min.cleanable.dirty.ratio", "0.25"), set()),
          new AlterConfigOp(entry("delete.retention.ms", "1000"), set()),
          new AlterConfigOp(entry("min.compaction.lag.ms", "10"), set()),
          new AlterConfigOp(entry("max.compaction.lag.ms", "20"), set()));
      Config described = describe(admin, plain);

      // then
      assertThat(described.get("cleanup.policy").value()).isEqualTo("compact,delete");
      assertThat(described.get("min.cleanable.dirty.ratio").value()).isEqualTo("0.25");
      assertThat(described.get("delete.retention.ms").value()).isEqualTo("1000");
      assertThat(described.get("min.compaction.lag.ms").value()).isEqualTo("10");
      assertThat(described.get("max.compaction.lag.ms").value()).isEqualTo("20");
      assertThat(
              describe(admin, new ConfigResource(ConfigResource.Type.TOPIC, "reversed"))
                  .get("cleanup.policy")
                  .value())
          .isEqualTo("delete,compact");
      assertThat(
              chronik
                  .broker()
                  .replicas()
                  .replica(new TopicPartition("plain", 0))
                  .orElseThrow()
                  .log()
                  .config()
                  .cleanup())
          .satisfies(
              c -> {
                assertThat(c.compact()).isTrue();
                assertThat(c.delete()).isTrue();
                assertThat(c.maxCompactionLagMs()).isEqualTo(20);
              });
      for (AlterConfigOp refused :
          List.of(
              new AlterConfigOp(entry("cleanup.policy", "compress"), set()),
              new AlterConfigOp(entry("cleanup.policy", ""), set()),
              new AlterConfigOp(entry("min.cleanable.dirty.ratio", "1.5"), set()),
              new AlterConfigOp(entry("delete.retention.ms", "-1"), set()),
              new AlterConfigOp(entry("max.compaction.lag.ms", "0"), set()),
              new AlterConfigOp(entry("min.compaction.lag.ms", "30"), set()))) {
        assertThatThrownBy(() -> alter(admin, plain, refused))
            .as(refused.toString())
            .cause()
            .isInstanceOf(InvalidConfigurationException.class);
      }
      legacyAlter(admin, plain, Map.of("cleanup.policy", "compact", "segment.bytes", "4096"));
      Config replaced = describe(admin, plain);
      assertThat(replaced.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(replaced.get("segment.bytes").value()).isEqualTo("4096");
      assertThat(replaced.get("max.compaction.lag.ms").value())
          .isEqualTo(Long.toString(Long.MAX_VALUE));
      assertThatThrownBy(() -> legacyAlter(admin, plain, Map.of("cleanup.policy", "never")))
          .cause()
          .isInstanceOf(InvalidConfigurationException.class);
      assertThatThrownBy(
              () ->
                  admin
                      .createTopics(
                          List.of(
                              new NewTopic("bad", 1, (short) 1)
                                  .configs(Map.of("cleanup.policy", "compact,compact"))))
                      .all()
                      .get())
          .cause()
          .isInstanceOf(InvalidConfigurationException.class);
    }
  }

  private void send(
      KafkaProducer<String, String> producer,
      String key,
      String value,
      Map<String, String> expected)
      throws Exception {
    RecordMetadata m = producer.send(new ProducerRecord<>("table", 0, key, value)).get();
    expected.remove(key);
    expected.put(key, m.offset() + ":" + key + "=" + value);
  }

  private void createTopic(String name, Map<String, String> configs) throws Exception {
    try (Admin admin = chronik.admin()) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all().get();
    }
  }

  /**
   * Every record of partition 0 from the beginning to the end offset as "offset:key=value", by key
   * in offset order.
   */
  private Map<String, String> readFromStart(String topic) {
    TopicPartition tp = new TopicPartition(topic, 0);
    Map<String, String> out = new LinkedHashMap<>();
    try (KafkaConsumer<String, String> consumer = chronik.consumer(null, Map.of())) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  out.put(r.key(), r.offset() + ":" + r.key() + "=" + r.value());
                }
                return consumer.position(tp) >= end;
              });
    }
    return out;
  }

  private long endOffset(String topic) {
    return chronik
        .broker()
        .replicas()
        .replica(new TopicPartition(topic, 0))
        .orElseThrow()
        .highWatermark();
  }

  private long startOffset(String topic) {
    return chronik
        .broker()
        .replicas()
        .replica(new TopicPartition(topic, 0))
        .orElseThrow()
        .log()
        .logStartOffset();
  }

  private static double metric(String scrape, String name) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> out = new LinkedHashMap<>(base);
    out.put(key, value);
    return out;
  }

  private static ConfigEntry entry(String name, String value) {
    return new ConfigEntry(name, value);
  }

  private static AlterConfigOp.OpType set() {
    return AlterConfigOp.OpType.SET;
  }

  private static void alter(Admin admin, ConfigResource resource, AlterConfigOp... ops)
      throws Exception {
    admin.incrementalAlterConfigs(Map.of(resource, List.of(ops))).all().get();
  }

  /** The legacy AlterConfigs: {@code configs} become the topic's whole config. */
  @SuppressWarnings("deprecation")
  private static void legacyAlter(Admin admin, ConfigResource resource, Map<String, String> configs)
      throws Exception {
    List<ConfigEntry> entries = new ArrayList<>();
    configs.forEach((k, v) -> entries.add(new ConfigEntry(k, v)));
    admin.alterConfigs(Map.of(resource, new Config(entries))).all().get();
  }

  private static Config describe(Admin admin, ConfigResource resource) throws Exception {
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }
}
