package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What survives a restart: every record, the offsets, committed group offsets, the node's identity.
 */
class RestartIT {
  @TempDir Path dataDir;

  @Test
  void shouldKeepRecordsAndCommittedOffsetsWhenNodeRestarts() throws Exception {
    // given
    String clusterId;
    try (Broker broker = TestBrokers.start(dataDir)) {
      clusterId = broker.clusterId();
      try (Admin admin = TestBrokers.admin(broker)) {
        admin.createTopics(List.of(new NewTopic("ledger", 2, (short) 1))).all().get();
      }
      produce(broker, "ledger", 500, "before-");
      try (KafkaConsumer<String, String> c = TestBrokers.consumer(broker, "auditors", Map.of())) {
        c.commitSync(
            Map.of(
                new TopicPartition("ledger", 0),
                new OffsetAndMetadata(100),
                new TopicPartition("ledger", 1),
                new OffsetAndMetadata(50)));
      }
    }

    // when
    try (Broker broker = TestBrokers.start(dataDir)) {
      // then
      assertThat(broker.clusterId()).isEqualTo(clusterId);
      assertThat(readAll(broker, "ledger", 2)).hasSize(500);
      try (Admin admin = TestBrokers.admin(broker)) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets("auditors").partitionsToOffsetAndMetadata().get();
        assertThat(committed.get(new TopicPartition("ledger", 0)).offset()).isEqualTo(100);
        assertThat(committed.get(new TopicPartition("ledger", 1)).offset()).isEqualTo(50);
      }
      // and new writes continue the same offsets
      produce(broker, "ledger", 10, "after-");
      assertThat(readAll(broker, "ledger", 2)).hasSize(510);
    }
  }

  @Test
  void shouldRefuseToStartAndGiveNoOffsetAgainWhenDamageCutRecordsBelowTheLastSnapshot()
      throws Exception {
    // given: a clean shutdown snapshots the partition (its files are hard links of the log's
    // segments), then the disk damages the last batch, in both
    try (Broker broker = TestBrokers.start(dataDir)) {
      try (Admin admin = TestBrokers.admin(broker)) {
        admin.createTopics(List.of(new NewTopic("torn", 1, (short) 1))).all().get();
      }
      produce(broker, "torn", 200, "v-");
    }
    Path segment = lastSegment(dataDir.resolve("partitions/torn-0"));
    long size = Files.size(segment);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(size - 7);
    }

    // when / then: the acknowledged record 199 is gone from this node; a node that served the
    // rest would give offset 199 to the next record, so it refuses, and again on the next try
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> Broker.start(TestBrokers.config(dataDir)))
          .isInstanceOfSatisfying(
              ChronikException.class,
              e -> {
                assertThat(e.code()).as(e.getMessage()).isEqualTo("CHR-2005");
                assertThat(e.kind()).isEqualTo(ChronikException.Kind.DATA);
                assertThat(e.hint()).contains("chronik snapshot restore", "partitions/torn-0");
              })
          .hasMessageContaining("partition torn-0 lost acknowledged records")
          .hasMessageContaining("offsets 199 to 199");
    }
  }

  @Test
  void shouldRefuseDataDirWhenItBelongsToAnotherNode() {
    // given
    try (Broker broker = TestBrokers.start(dataDir)) {
      assertThat(broker.nodeId()).isEqualTo(1);
    }
    BrokerConfig other = TestBrokers.config(dataDir);
    BrokerConfig asNode2 = other.toBuilder().nodeId(2).build();

    // when / then
    assertThatThrownBy(() -> Broker.start(asNode2))
        .isInstanceOf(ChronikException.class)
        .hasMessageContaining("belongs to node 1")
        .satisfies(
            e -> assertThat(((ChronikException) e).kind()).isEqualTo(ChronikException.Kind.DATA));
  }

  @ParameterizedTest(name = "{0} port taken")
  @ValueSource(strings = {"Kafka", "Raft", "admin HTTP"})
  void shouldRefuseToStartWithCHR1005AndKeepTheJvmWhenAPortIsTaken(String listener)
      throws Exception {
    // given: a port another socket listens on
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      BrokerConfig config =
          switch (listener) {
            case "Kafka" -> TestBrokers.config(dataDir).withPorts(port, 0, 0);
            case "Raft" -> TestBrokers.config(dataDir).withPorts(0, port, 0);
            default -> TestBrokers.config(dataDir).withPorts(0, 0, port);
          };

      // when / then: CHR-1005 names the listener and the port; this JVM is still running
      assertThatThrownBy(() -> Broker.start(config))
          .isInstanceOfSatisfying(
              ChronikException.class,
              e -> {
                assertThat(e.code()).isEqualTo("CHR-1005");
                assertThat(e.kind()).isEqualTo(ChronikException.Kind.UNAVAILABLE);
              })
          .hasMessageContaining("cannot listen for " + listener + " on")
          .hasMessageContaining(":" + port + ": ")
          .hasMessageContaining("in use");
    }

    // and: the same data dir starts once the port is free again
    try (Broker broker = TestBrokers.start(dataDir)) {
      assertThat(broker.nodeId()).isEqualTo(1);
    }
  }

  private static Path lastSegment(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          // a snapshot rolls the segment, so the newest one may be empty
          .filter(p -> p.getFileName().toString().endsWith(".log") && p.toFile().length() > 0)
          .max(Comparator.naturalOrder())
          .orElseThrow();
    }
  }

  private static void produce(Broker broker, String topic, int count, String prefix)
      throws Exception {
    try (KafkaProducer<String, String> producer = TestBrokers.producer(broker, Map.of())) {
      for (String v : TestBrokers.values(count, prefix)) {
        producer.send(new ProducerRecord<>(topic, v)).get();
      }
    }
  }

  static List<ConsumerRecord<String, String>> readAll(Broker broker, String topic, int partitions) {
    List<ConsumerRecord<String, String>> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = TestBrokers.consumer(broker, null, Map.of())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        parts.add(new TopicPartition(topic, p));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return read;
  }
}
