package io.chronik.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.LoopbackPorts;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
 * The incident a single node must survive: {@code kill -9} in the middle of a stream of acks=all
 * writes, plus a torn write at the end of the last segment. After a restart on the same ports,
 * every acknowledged record is there exactly once, and the idempotent producer carries on.
 */
class StandaloneCrashIT {
  private static final Path EXECUTABLE =
      Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();

  @TempDir Path workDir;
  private Process node;

  @AfterEach
  void stop() throws InterruptedException {
    if (node != null && node.isAlive()) {
      node.destroy();
      node.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldLoseNoAcknowledgedRecordWhenNodeIsKilledMidStreamAndTailIsTorn() throws Exception {
    // given
    int kafkaPort = LoopbackPorts.free();
    int raftPort = LoopbackPorts.free();
    int adminPort = LoopbackPorts.free();
    node = startNode(kafkaPort, raftPort, adminPort, "first.log");
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger failed = new AtomicInteger();
    try (KafkaProducer<String, String> producer = producer(kafkaPort)) {
      int sent = 0;
      // when: the node dies while writes are in flight
      while (acked.size() < 2000) {
        String value = "v-" + sent++;
        producer.send(
            new ProducerRecord<>("crash", value),
            (m, e) -> {
              if (e == null) {
                acked.add(value);
              } else {
                failed.incrementAndGet();
              }
            });
      }
      node.destroyForcibly();
      assertThat(node.waitFor(20, TimeUnit.SECONDS)).isTrue();
      tearTail(workDir.resolve("data/partitions/crash-0"));
      node = startNode(kafkaPort, raftPort, adminPort, "second.log");
      // the same producer retries what was in flight and goes on writing
      for (int i = 0; i < 200; i++) {
        String value = "after-" + i;
        producer.send(
            new ProducerRecord<>("crash", value),
            (m, e) -> {
              if (e == null) {
                acked.add(value);
              }
            });
      }
      producer.flush();
    }

    // then
    List<String> read = readAll(kafkaPort);
    assertThat(read).doesNotHaveDuplicates();
    assertThat(read).containsAll(acked);
    assertThat(acked).hasSizeGreaterThanOrEqualTo(2200);
  }

  private Process startNode(int kafka, int raft, int admin, String log) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                EXECUTABLE.toString(),
                "standalone",
                "--data-dir",
                workDir.resolve("data").toString(),
                "--kafka-port",
                Integer.toString(kafka),
                "--raft-port",
                Integer.toString(raft),
                "--admin-port",
                Integer.toString(admin))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve(log).toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("CHRONIK_HEAP", "512m");
    Process p = pb.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new AssertionError(
                    "chronik exited: " + Files.readString(workDir.resolve(log)));
              }
              return Files.readString(workDir.resolve(log), StandardCharsets.UTF_8)
                  .contains("chronik ready:");
            });
    return p;
  }

  /** A torn write: the last segment loses its final bytes, as after a crash mid-write. */
  private static void tearTail(Path partitionDir) throws IOException {
    Path segment;
    try (Stream<Path> files = Files.list(partitionDir)) {
      segment =
          files
              .filter(p -> p.toString().endsWith(".log"))
              .max(Comparator.naturalOrder())
              .orElseThrow();
    }
    long size = Files.size(segment);
    if (size > 5) {
      try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        ch.truncate(size - 5);
      }
    }
  }

  private static KafkaProducer<String, String> producer(int port) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 4096);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(int port) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition("crash", 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                  out.add(r.value());
                }
                return c.position(tp) >= end;
              });
    }
    return out;
  }
}
