package io.chronik.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.LoopbackPorts;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code chronik standalone} prints and exits with for a data dir that lost Raft storage, or
 * records below a snapshot.
 */
class LostRaftStorageExitIT {
  @TempDir Path dir;
  private int kafkaPort;
  private int raftPort;
  private int adminPort;

  @Test
  void shouldExitWith65AndOneLineWhenAPartitionGroupOfASingleNodeLostItsRaftStorage()
      throws Exception {
    // given: a single node wrote records, then lost the Raft dir of the partition's group
    Path dataDir = dir.resolve("node");
    writeRecords(dataDir);
    String groupId =
        new ObjectMapper()
            .readTree(dataDir.resolve("partitions/t-0/partition.json").toFile())
            .get("groupId")
            .asText();
    deleteTree(dataDir.resolve("raft").resolve(groupId));

    // when
    CliRun run = standalone(dataDir);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.err())
        .contains("chronik: error: ")
        .contains("t-0")
        .contains("[CHR-1006]")
        .contains("chronik snapshot restore")
        .doesNotContain("Exception");
    assertThat(dataDir.resolve("partitions/t-0")).isDirectory();
  }

  @Test
  void shouldExitWith65AndOneLineWhenAPartitionLostRecordsBelowItsLastSnapshot() throws Exception {
    // given: a single node wrote records and stopped (which snapshots the partition), then the
    // disk damaged the last batch of the segment the log and the snapshot share
    Path dataDir = dir.resolve("node");
    writeRecords(dataDir);
    Path segment;
    try (Stream<Path> files = Files.list(dataDir.resolve("partitions/t-0"))) {
      segment =
          files
              // a snapshot rolls the segment, so the newest one may be empty
              .filter(f -> f.getFileName().toString().endsWith(".log") && f.toFile().length() > 0)
              .max(Comparator.naturalOrder())
              .orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(segment) - 7);
    }

    // when
    CliRun run = standalone(dataDir);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.err())
        .contains("chronik: error: ")
        .contains("partition t-0 lost acknowledged records")
        .contains("[CHR-2005]")
        .contains("chronik snapshot restore")
        .doesNotContain("Exception");
  }

  /** Starts a single node on {@code dataDir}, writes 20 records to a new topic "t", stops it. */
  private void writeRecords(Path dataDir) throws Exception {
    kafkaPort = LoopbackPorts.free();
    raftPort = LoopbackPorts.free();
    adminPort = LoopbackPorts.free();
    try (Broker broker =
        Broker.start(
            BrokerConfig.defaults()
                .withDataDir(dataDir)
                .withPorts(kafkaPort, raftPort, adminPort))) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
              new StringSerializer(),
              new StringSerializer())) {
        for (int i = 0; i < 20; i++) {
          producer.send(new ProducerRecord<>("t", "v-" + i)).get(60, TimeUnit.SECONDS);
        }
      }
    }
  }

  private CliRun standalone(Path dataDir) {
    return CliRun.run(
        "standalone",
        "--data-dir",
        dataDir.toString(),
        "--kafka-port",
        String.valueOf(kafkaPort),
        "--raft-port",
        String.valueOf(raftPort),
        "--admin-port",
        String.valueOf(adminPort));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
