package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the soak reads back at the end: the whole log, and the consumer group resuming. */
final class SoakAudit {
  private static final Duration READ_WITHIN = Duration.ofSeconds(120);

  private SoakAudit() {}

  /** Where a new member of the group started on each partition, and the keys it read. */
  record Resumed(Map<TopicPartition, Long> startedAt, List<String> keys) {}

  /** Every record of {@code partitions}, from the log start to its end: offset to key. */
  static Map<TopicPartition, Map<Long, String>> readAll(
      List<NodeProcess> nodes, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Map<Long, String>> out = new HashMap<>();
    partitions.forEach(tp -> out.put(tp, new TreeMap<>()));
    try (KafkaConsumer<String, String> c = consumer(NodeProcess.liveBootstrap(nodes), null)) {
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      await("the audit consumer reads every partition to its end")
          .atMost(READ_WITHIN)
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                  assertThat(r.value())
                      .as("value of %s at %s-%d@%d", r.key(), r.topic(), r.partition(), r.offset())
                      .isEqualTo(SoakWorkload.valueOf(r.key()));
                  String before =
                      out.get(new TopicPartition(r.topic(), r.partition()))
                          .put(r.offset(), r.key());
                  assertThat(before)
                      .as("offset %d of %s read twice", r.offset(), r.topic())
                      .isNull();
                }
                return partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
              });
    }
    return out;
  }

  /**
   * Each acknowledged key is in the log once, at the partition and offset it was acknowledged with
   * (on that partition when the answer had no offset); no key is in the log twice; each partition
   * holds the producer's records in the order it sent them.
   */
  static void assertExactlyOnce(
      Map<String, SoakWorkload.Placement> acked, Map<TopicPartition, Map<Long, String>> log) {
    Map<String, SoakWorkload.Placement> found = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    List<String> outOfOrder = new ArrayList<>();
    log.forEach(
        (tp, records) -> {
          long previous = -1;
          for (Map.Entry<Long, String> r : records.entrySet()) {
            if (found.put(r.getValue(), new SoakWorkload.Placement(tp, r.getKey())) != null) {
              duplicates.add(r.getValue() + " at " + tp + "@" + r.getKey());
            }
            long sequence = Long.parseLong(r.getValue().substring(2));
            if (sequence <= previous) {
              outOfOrder.add(
                  r.getValue() + " after v-" + previous + " at " + tp + "@" + r.getKey());
            }
            previous = sequence;
          }
        });
    List<String> misplaced = new ArrayList<>();
    acked.forEach(
        (key, placement) -> {
          if (!placement.matches(found.get(key))) {
            misplaced.add(key + ": acknowledged at " + placement + ", found at " + found.get(key));
          }
        });
    assertThat(duplicates).as("keys in the log twice").isEmpty();
    assertThat(misplaced).as("acknowledged keys lost or elsewhere").isEmpty();
    assertThat(outOfOrder).as("records out of the order they were sent").isEmpty();
  }

  /**
   * A new member joins {@code group} alone, records where each partition starts (the committed
   * offset), reads to {@code ends} and commits.
   */
  static Resumed resume(String bootstrap, String group, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> startedAt = new ConcurrentHashMap<>();
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, String> c = consumer(bootstrap, group)) {
      List<String> topics = ends.keySet().stream().map(TopicPartition::topic).distinct().toList();
      c.subscribe(
          topics,
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              partitions.forEach(tp -> startedAt.putIfAbsent(tp, c.position(tp)));
            }
          });
      await("the group resumes and reads to the end")
          .atMost(READ_WITHIN)
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                return c.assignment().size() == ends.size()
                    && ends.entrySet().stream()
                        .allMatch(e -> c.position(e.getKey()) >= e.getValue());
              });
      c.commitSync();
    }
    return new Resumed(Map.copyOf(startedAt), keys);
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }
}
