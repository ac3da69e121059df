package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.log.FetchData;
import io.chronik.broker.log.PartitionLog;
import io.chronik.broker.partition.PartitionReplica;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compacted topic replicated on a 3-node cluster: every replica cleans its own log, and all of
 * them end with the same records at the same offsets and the same high watermark.
 */
class CompactionClusterIT {
  private static final TopicPartition TABLE = new TopicPartition("table", 0);

  @TempDir Path dir;
  private final Map<Integer, Broker> nodes = new HashMap<>();

  @AfterEach
  void stop() {
    nodes.values().forEach(Broker::close);
  }

  @Test
  void shouldCompactEveryReplicaToTheSameRecordsAtTheSameOffsets() throws Exception {
    // given
    List<BrokerConfig.PeerAddress> peers = TestBrokers.loopbackPeers(3);
    nodes.putAll(
        TestBrokers.startAll(
            peers,
            p ->
                TestBrokers.nodeConfig(dir.resolve("node" + p.nodeId()), p, peers)
                    .logCleanerIntervalMs(100)
                    .build()));
    String bootstrap = TestBrokers.bootstrap(nodes.values());
    try (Admin admin = TestBrokers.admin(bootstrap)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("table", 1, (short) 3)
                      .configs(
                          Map.of(
                              "cleanup.policy", "compact",
                              "segment.bytes", "1024",
                              "min.cleanable.dirty.ratio", "0.01"))))
          .all()
          .get();
    }

    // when: 20 keys in 5 versions, then 30 other keys
    Map<String, String> expected = new LinkedHashMap<>();
    try (KafkaProducer<String, String> producer =
        TestBrokers.producer(bootstrap, Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
      for (int i = 0; i < 130; i++) {
        String key = i < 100 ? "k" + i % 20 : "f" + i;
        RecordMetadata m = producer.send(new ProducerRecord<>("table", 0, key, "v" + i)).get();
        expected.remove(key);
        expected.put(key, m.offset() + ":" + key + "=v" + i);
      }
    }

    // then: each node compacted its own copy to the latest value per key
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(nodes.values())
                    .allSatisfy(
                        node -> {
                          PartitionReplica replica = node.replicas().replica(TABLE).orElseThrow();
                          assertThat(replica.highWatermark()).isEqualTo(130);
                          assertThat(replica.log().cleanedUpTo()).isPositive();
                          assertThat(records(replica.log(), 130))
                              .containsExactlyElementsOf(expected.values());
                        }));
  }

  /** Every record below {@code end}, in offset order: "offset:key=value". */
  private static List<String> records(PartitionLog log, long end) {
    List<String> out = new ArrayList<>();
    long offset = log.logStartOffset();
    while (offset < end) {
      FetchData data = log.read(offset, 1 << 20, end, true);
      if (data.isEmpty()) {
        break;
      }
      for (RecordBatch batch : data.records().batches()) {
        for (Record r : batch) {
          if (r.offset() >= offset) {
            out.add(
                r.offset()
                    + ":"
                    + StandardCharsets.UTF_8.decode(r.key())
                    + "="
                    + StandardCharsets.UTF_8.decode(r.value()));
          }
        }
        offset = batch.lastOffset() + 1;
      }
    }
    return out;
  }
}
