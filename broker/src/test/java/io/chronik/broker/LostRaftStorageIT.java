package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node whose Raft storage of a group was lost refuses to start, before it deletes or
 * truncates the partition data the group describes (CHR-1006).
 */
class LostRaftStorageIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void shouldRefuseToStartAndKeepThePartitionsWhenTheMetadataGroupLostItsRaftStorage()
      throws Exception {
    // given
    writeRecords("ledger", 300);
    String metaGroupId =
        JSON.readTree(dataDir.resolve("node.json").toFile()).get("metaGroupId").asText();
    deleteTree(dataDir.resolve("raft").resolve(metaGroupId));
    Map<Path, String> before = files(dataDir.resolve("partitions"));

    // when / then
    assertThatThrownBy(() -> Broker.start(TestBrokers.config(dataDir)))
        .isInstanceOfSatisfying(
            ChronikException.class,
            e -> {
              assertThat(e.code()).isEqualTo("CHR-1006");
              assertThat(e.kind()).isEqualTo(ChronikException.Kind.DATA);
              assertThat(e.hint()).contains("chronik snapshot restore");
            })
        .hasMessageContaining("metadata group")
        .hasMessageContaining(metaGroupId);
    assertThat(files(dataDir.resolve("partitions"))).containsExactlyEntriesOf(before);
  }

  @Test
  void shouldRefuseToStartAndKeepTheLogWhenAPartitionGroupLostItsRaftStorage() throws Exception {
    // given
    writeRecords("ledger", 300);
    String groupId = groupIdOf("ledger-0");
    deleteTree(dataDir.resolve("raft").resolve(groupId));
    Map<Path, String> before = files(dataDir.resolve("partitions"));

    // when / then
    assertThatThrownBy(() -> Broker.start(TestBrokers.config(dataDir)))
        .isInstanceOfSatisfying(
            ChronikException.class,
            e -> {
              assertThat(e.code()).isEqualTo("CHR-1006");
              assertThat(e.kind()).isEqualTo(ChronikException.Kind.DATA);
              assertThat(e.hint()).contains("chronik snapshot restore");
            })
        .hasMessageContaining("ledger-0")
        .hasMessageContaining(groupId);
    assertThat(files(dataDir.resolve("partitions"))).containsExactlyEntriesOf(before);
  }

  @Test
  void shouldRefuseToStartAndKeepTheLogWhenAPartitionGroupDirWasEmptied() throws Exception {
    // given: the group's dir is still there, but nothing in it
    writeRecords("ledger", 300);
    String groupId = groupIdOf("ledger-0");
    Path groupDir = dataDir.resolve("raft").resolve(groupId);
    deleteTree(groupDir);
    Files.createDirectories(groupDir);
    Map<Path, String> before = files(dataDir.resolve("partitions"));

    // when / then
    assertThatThrownBy(() -> Broker.start(TestBrokers.config(dataDir)))
        .isInstanceOfSatisfying(
            ChronikException.class, e -> assertThat(e.code()).isEqualTo("CHR-1006"))
        .hasMessageContaining("ledger-0");
    assertThat(files(dataDir.resolve("partitions"))).containsExactlyEntriesOf(before);
  }

  @Test
  void shouldRefuseToStartNamingTheFixWhenAPartitionDirWasRemoved() throws Exception {
    // given
    writeRecords("ledger", 30);
    deleteTree(dataDir.resolve("partitions").resolve("ledger-0"));

    // when / then: the error carries the code and the fix, which the CLI prints as its error line
    assertThatThrownBy(() -> Broker.start(TestBrokers.config(dataDir)))
        .isInstanceOfSatisfying(
            ChronikException.class,
            e -> {
              assertThat(e.code()).isEqualTo("CHR-1006");
              assertThat(e.hint()).contains("catches the group up from its peers");
            })
        .hasMessageContaining("no partition dir");
  }

  @Test
  void shouldStartWithEveryRecordWhenNoRaftStorageWasLost() throws Exception {
    // given
    writeRecords("ledger", 300);

    // when
    try (Broker broker = TestBrokers.start(dataDir)) {
      // then
      assertThat(RestartIT.readAll(broker, "ledger", 1)).hasSize(300);
    }
  }

  private void writeRecords(String topic, int count) throws Exception {
    try (Broker broker = TestBrokers.start(dataDir)) {
      try (Admin admin = TestBrokers.admin(broker)) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = TestBrokers.producer(broker, Map.of())) {
        for (String v : TestBrokers.values(count, "v-")) {
          producer.send(new ProducerRecord<>(topic, v)).get();
        }
      }
    }
  }

  /** The Raft group id of a partition, from its {@code partition.json}. */
  private String groupIdOf(String partitionDir) throws IOException {
    return JSON.readTree(
            dataDir.resolve("partitions").resolve(partitionDir).resolve("partition.json").toFile())
        .get("groupId")
        .asText();
  }

  /** Every regular file under {@code root} with its bytes (Base64). */
  private static Map<Path, String> files(Path root) throws IOException {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p), Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
