package io.chronik.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.cli.CliRun;
import io.chronik.cli.InJvmCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronik doctor consistency} on a real 3-node cluster whose follower's copy of a partition
 * was damaged on disk: the stored CRC of a batch in one of its closed segments was changed while
 * the node was stopped. Only the tail segment is checked when a node starts, so the node serves the
 * damaged copy, and only comparing the replicas finds it.
 */
class DoctorConsistencyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofSeconds(90);

  /** The CRC-32C field of a v2 batch: after base offset (8), length (4), epoch (4), magic (1). */
  private static final int CRC_POSITION = 17;

  @TempDir Path dir;
  private final Map<Integer, Broker> nodes = new TreeMap<>();
  private final List<BrokerConfig.PeerAddress> peers = new ArrayList<>();

  @AfterEach
  void stopCluster() {
    nodes.values().forEach(Broker::close);
  }

  @Test
  void shouldBeCriticalNamingTheFollowerWhenItsCopyOfABatchDiffers() throws Exception {
    // given: ledger-0 with one batch per segment (the smallest segment.bytes Kafka takes), nine
    // batches on every replica
    startCluster();
    String admin = "127.0.0.1:" + nodes.get(1).adminPort();
    try (Admin kafka = kafkaAdmin()) {
      kafka
          .createTopics(
              List.of(new NewTopic("ledger", 1, (short) 3).configs(Map.of("segment.bytes", "14"))))
          .all()
          .get();
    }
    try (KafkaProducer<String, String> producer = producer()) {
      for (int i = 0; i < 9; i++) {
        producer.send(new ProducerRecord<>("ledger", 0, "k" + i, "entry " + i)).get();
      }
    }
    await()
        .atMost(SETTLE)
        .until(
            () -> json(doctor(admin, "consistency")),
            r -> r.get("exitCode").asInt() == 0 && details(r).contains("identical on nodes 1, 2"));
    int leader = leaderOf(admin);
    int follower = leader == 3 ? 2 : 3;
    // the follower's own snapshot covers the whole log, so on restart nothing is replayed over it
    assertThat(post(nodes.get(follower), "/v1/actions/snapshot", "{\"group\": \"ledger-0\"}"))
        .isEqualTo(200);
    nodes.remove(follower).close();
    Path partition = dir.resolve("node" + follower).resolve("partitions").resolve("ledger-0");
    List<Path> segments;
    try (Stream<Path> files = Files.list(partition)) {
      segments = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
    // the newest closed segment that holds a batch (the snapshot may have rolled the active one):
    // one of the last five batches compared
    Path closed = null;
    for (Path segment : segments.subList(0, segments.size() - 1)) {
      if (Files.size(segment) > 0) {
        closed = segment;
      }
    }
    assertThat(closed).isNotNull();
    long damaged = Long.parseLong(closed.getFileName().toString().replace(".log", ""));
    assertThat(damaged).isBetween(4L, 8L);
    try (FileChannel channel =
        FileChannel.open(closed, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer crc = ByteBuffer.allocate(1);
      channel.read(crc, CRC_POSITION);
      crc.flip();
      byte flipped = (byte) (crc.get() ^ 0x5a);
      channel.write(ByteBuffer.wrap(new byte[] {flipped}), CRC_POSITION);
    }
    nodes.put(follower, Broker.start(config(follower)));

    // when
    JsonNode report =
        await()
            .atMost(SETTLE)
            .until(() -> json(doctor(admin, "consistency")), r -> r.get("exitCode").asInt() == 2);

    // then
    assertThat(report.get("verdict").asText()).isEqualTo("CRITICAL");
    JsonNode finding = null;
    for (JsonNode c : report.get("checks")) {
      if (c.get("id").asText().equals("consistency.replicas")) {
        finding = c;
      }
    }
    assertThat(finding).as(report.toString()).isNotNull();
    assertThat(finding.get("status").asText()).isEqualTo("CRIT");
    assertThat(finding.get("code").asText()).isEqualTo("CHR-8030");
    assertThat(finding.get("summary").asText())
        .isEqualTo("replicas differ on 1 partition: ledger-0");
    assertThat(finding.get("details").asText())
        .startsWith("ledger-0: batch at offset " + damaged + " differs: nodes ")
        .contains("; node " + follower + ": ends at " + damaged + ", CRC 0x")
        .contains(
            "node "
                + follower
                + "'s batch at offsets "
                + damaged
                + ".."
                + damaged
                + " no longer matches its stored CRC 0x");
    assertThat(finding.get("remedy").asText())
        .contains("rebuild node " + follower + "'s copy: stop node " + follower);
  }

  private void startCluster() throws Exception {
    peers.addAll(InJvmCluster.loopbackPeers(3));
    nodes.putAll(InJvmCluster.startAll(peers, p -> config(p.nodeId())));
  }

  private BrokerConfig config(int nodeId) {
    return InJvmCluster.nodeConfig(
            dir.resolve("node" + nodeId), InJvmCluster.peer(peers, nodeId), peers)
        .build();
  }

  private static CliRun doctor(String admin, String playbook) {
    return CliRun.run("doctor", playbook, "--admin", admin, "--timeout", "3s", "-o", "json");
  }

  private static JsonNode json(CliRun run) throws IOException {
    return JSON.readTree(run.out());
  }

  private static String details(JsonNode report) {
    StringBuilder all = new StringBuilder();
    report.get("checks").forEach(c -> all.append(c.get("details").asText()).append('\n'));
    return all.toString();
  }

  /** The leader of ledger-0 as the metadata says. */
  private static int leaderOf(String admin) throws Exception {
    JsonNode cluster = JSON.readTree(get(admin, "/v1/cluster"));
    for (JsonNode t : cluster.get("topics")) {
      if (t.get("name").asText().equals("ledger")) {
        return t.get("partitions").get(0).get("leader").asInt();
      }
    }
    throw new AssertionError("no topic ledger in " + cluster);
  }

  private static String get(String admin, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://" + admin + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int post(Broker node, String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:" + nodes.get(1).kafkaPort(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private Admin kafkaAdmin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + nodes.get(1).kafkaPort()));
  }
}
