package io.chronik.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** What {@code chronik standalone} prints and exits with for a data dir that lost Raft storage. */
class LostRaftStorageExitIT {
  @TempDir Path dir;

  @Test
  void shouldExitWith65AndOneLineWhenAPartitionGroupOfASingleNodeLostItsRaftStorage()
      throws Exception {
    // given: a single node wrote records, then lost the Raft dir of the partition's group
    int kafkaPort = LoopbackPorts.free();
    int raftPort = LoopbackPorts.free();
    int adminPort = LoopbackPorts.free();
    Path dataDir = dir.resolve("node");
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
    String groupId =
        new ObjectMapper()
            .readTree(dataDir.resolve("partitions/t-0/partition.json").toFile())
            .get("groupId")
            .asText();
    deleteTree(dataDir.resolve("raft").resolve(groupId));

    // when
    CliRun run =
        CliRun.run(
            "standalone",
            "--data-dir",
            dataDir.toString(),
            "--kafka-port",
            String.valueOf(kafkaPort),
            "--raft-port",
            String.valueOf(raftPort),
            "--admin-port",
            String.valueOf(adminPort));

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

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
