package io.chronik.cli.snapshot;

import static io.chronik.cli.snapshot.RestoreArgs.restoreArgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.snapshot.store.StoreSettings;
import io.chronik.broker.snapshot.store.StoreTarget;
import io.chronik.cli.CliRun;
import io.chronik.cli.InJvmCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/disaster-recovery.md, step by step: a 3-node cluster uploads its snapshots to a file://
 * store, loses every data dir, is restored with {@code chronik snapshot restore} and started again;
 * once with a Raft group per partition, once with groups of two partitions ({@code
 * --partitions-per-group 2}: one archive per group, and each group's partitions keep sharing one
 * Raft group after the restore).
 */
class DisasterRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "orders";
  private static final int PARTITIONS = 3;

  @TempDir Path dir;
  private int partitions = PARTITIONS;
  private int partitionsPerGroup = 1;
  private final Map<Integer, Broker> nodes = new HashMap<>();

  @AfterEach
  void stop() {
    nodes.values().forEach(Broker::close);
  }

  @ParameterizedTest(name = "{0} partitions, at most {1} per Raft group")
  @CsvSource({"3, 1, 'orders-0,orders-1,orders-2'", "4, 2, 'orders-0..1,orders-2..3'"})
  void shouldRecoverEveryAcknowledgedRecordAndTheGroupOffsetsWhenEveryDataDirIsLost(
      int partitions, int partitionsPerGroup, String groupNames) throws Exception {
    // given: step 1, a 3-node cluster with a store takes acknowledged writes and group commits
    this.partitions = partitions;
    this.partitionsPerGroup = partitionsPerGroup;
    List<String> groups = new ArrayList<>(List.of(groupNames.split(",")));
    groups.add(0, "meta");
    Path store = Files.createDirectories(dir.resolve("store"));
    startCluster(store, peers());
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 3))).all().get();
    }
    Map<TopicPartition, Map<Long, String>> acked = produce(300, "before-");
    Map<TopicPartition, Long> committed = consumeAndCommit("billing", 120);
    // every node snapshots the groups it hosts and uploads the ones it leads
    for (Broker b : nodes.values()) {
      CliRun r =
          CliRun.run(
              "snapshot",
              "create",
              "--upload",
              "--admin",
              "127.0.0.1:" + b.adminPort(),
              "-o",
              "json");
      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    }
    String clusterId = nodes.get(1).clusterId();
    assertThat(groupsIn(store.resolve(clusterId))).containsExactlyInAnyOrderElementsOf(groups);
    Map<Integer, String> lostGroups = groupIds(1);

    String lostMetaGroup =
        JSON.readTree(dataDir(1).resolve("node.json").toFile()).get("metaGroupId").asText();

    // step 2: every node stops and loses its data dir
    stopAll();
    for (int id = 1; id <= 3; id++) {
      deleteTree(dataDir(id));
    }

    // step 3: restore each node (new Raft ports: any will do), then start them
    List<BrokerConfig.PeerAddress> peers = peers();
    String peerList =
        peers.stream()
            .map(p -> p.nodeId() + "@127.0.0.1:" + p.raftPort())
            .collect(Collectors.joining(","));
    for (int id = 1; id <= 3; id++) {
      CliRun r =
          CliRun.run(
              restoreArgs(
                  store.toUri().toString(), dataDir(id), id, "--peers", peerList, "-o", "json"));
      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
      JsonNode doc = JSON.readTree(r.out());
      assertThat(doc.get("clusterId").asText()).isEqualTo(clusterId);
      assertThat(doc.get("groups").findValuesAsText("group"))
          .containsExactlyInAnyOrderElementsOf(groups);
      for (JsonNode g : doc.get("groups")) {
        if (!"meta".equals(g.get("group").asText())) {
          assertThat(g.get("partitions")).as(g.toString()).hasSize(partitionsPerGroup);
        }
      }
    }
    startCluster(store, peers);

    // then: the restored metadata group has one Raft id on every node, not the lost cluster's
    java.util.Set<String> restoredMetaGroups = new java.util.HashSet<>();
    for (int id = 1; id <= 3; id++) {
      restoredMetaGroups.add(
          JSON.readTree(dataDir(id).resolve("node.json").toFile()).get("metaGroupId").asText());
    }
    assertThat(restoredMetaGroups).hasSize(1).doesNotContain(lostMetaGroup, "");
    // and: each partition keeps its Raft group (partitions that shared one still share it)
    assertThat(new java.util.HashSet<>(lostGroups.values())).hasSize(groups.size() - 1);
    for (int id = 1; id <= 3; id++) {
      assertThat(groupIds(id)).as("node " + id).isEqualTo(lostGroups);
    }
    // and: step 4, every acknowledged record is there, at its offset, in every partition
    assertThat(acked).hasSize(partitions);
    for (var e : acked.entrySet()) {
      Map<Long, String> read = readPartition(e.getKey());
      assertThat(read).containsAllEntriesOf(e.getValue());
    }
    // and: the consumer group resumes from its committed offsets and reads the rest
    Map<TopicPartition, Long> firstSeen = new HashMap<>();
    int rest = (int) (300 - committed.values().stream().mapToLong(Long::longValue).sum());
    List<ConsumerRecord<String, String>> resumed = consume("billing", rest, firstSeen);
    assertThat(resumed).hasSize(rest);
    for (TopicPartition tp : committed.keySet()) {
      if (committed.get(tp) < acked.get(tp).size()) {
        assertThat(firstSeen.get(tp)).as(tp.toString()).isEqualTo(committed.get(tp));
      }
    }
    // and: new writes continue at the next offsets
    Map<TopicPartition, Map<Long, String>> after = produce(30, "after-");
    for (var e : after.entrySet()) {
      assertThat(e.getValue().keySet().stream().min(Long::compare).orElseThrow())
          .isEqualTo(acked.get(e.getKey()).size());
    }
  }

  @Test
  void shouldLeaveTheTargetUntouchedWhenAnArchiveIsDamagedOrTheDirIsNotEmpty() throws Exception {
    // given: a store with every group of a cluster
    Path store = Files.createDirectories(dir.resolve("store"));
    startCluster(store, peers());
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3))).all().get();
    }
    produce(30, "v-");
    for (Broker b : nodes.values()) {
      assertThat(
              CliRun.run("snapshot", "create", "--upload", "--admin", "127.0.0.1:" + b.adminPort())
                  .exitCode())
          .isZero();
    }
    stopAll();
    Path target = Files.createDirectories(dir.resolve("target"));
    Path sentinel = Files.writeString(target.resolve("keep.txt"), "old data");

    // when: a non-empty dir without --force
    CliRun refused = CliRun.run(restoreArgs(store.toUri().toString(), target, 1));
    // and: a dry run
    CliRun dry =
        CliRun.run(
            restoreArgs(
                store.toUri().toString(), dir.resolve("fresh"), 1, "--dry-run", "-o", "json"));
    // and: every archive of one partition damaged, with --force
    String clusterId = Files.list(store).findFirst().orElseThrow().getFileName().toString();
    try (Stream<Path> archives = Files.list(store.resolve(clusterId).resolve("orders-1"))) {
      for (Path a : archives.toList()) {
        byte[] bytes = Files.readAllBytes(a);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(a, bytes);
      }
    }
    CliRun damaged =
        CliRun.run(restoreArgs(store.toUri().toString(), target, 1, "--force", "--yes"));

    // then
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(64);
    assertThat(refused.err()).contains("CHR-7106").contains("not empty");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(JSON.readTree(dry.out()).get("dryRun").asBoolean()).isTrue();
    assertThat(JSON.readTree(dry.out()).get("groups")).hasSize(4);
    assertThat(dir.resolve("fresh")).doesNotExist();
    assertThat(damaged.exitCode()).as(damaged.err()).isEqualTo(65);
    assertThat(damaged.err()).contains("CHR-7107").contains("orders-1").contains("damaged");
    try (Stream<Path> left = Files.list(target)) {
      assertThat(left.toList()).containsExactly(sentinel);
    }
    assertThat(Files.readString(sentinel)).isEqualTo("old data");
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".target.restore-"));
    }
  }

  // ---- helpers

  private List<BrokerConfig.PeerAddress> peers() throws IOException {
    return InJvmCluster.loopbackPeers(3);
  }

  private Path dataDir(int id) {
    return dir.resolve("node" + id);
  }

  private void startCluster(Path store, List<BrokerConfig.PeerAddress> peers) throws Exception {
    StoreTarget target = new StoreTarget(store.toUri(), StoreSettings.defaults());
    nodes.putAll(
        InJvmCluster.startAll(
            peers,
            p ->
                InJvmCluster.nodeConfig(dataDir(p.nodeId()), p, peers)
                    .partitionsPerGroup(partitionsPerGroup)
                    .snapshots(SnapshotSettings.defaults().withStore(target))
                    .build()));
  }

  private void stopAll() {
    nodes.values().forEach(Broker::close);
    nodes.clear();
  }

  private String bootstrap() {
    return InJvmCluster.bootstrap(nodes.values());
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
  }

  private Map<TopicPartition, Map<Long, String>> produce(int count, String prefix)
      throws Exception {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    Map<TopicPartition, Map<Long, String>> acked = new HashMap<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      List<CompletableFuture<Void>> pending = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String value = prefix + i;
        RecordMetadata m =
            producer.send(new ProducerRecord<>(TOPIC, i % partitions, null, value)).get();
        acked
            .computeIfAbsent(new TopicPartition(TOPIC, m.partition()), k -> new HashMap<>())
            .put(m.offset(), value);
      }
    }
    return acked;
  }

  private KafkaConsumer<String, String> consumer(String group) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
    return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
  }

  /** Consumes at least {@code count} records in a group, commits what it consumed. */
  private Map<TopicPartition, Long> consumeAndCommit(String group, int count) {
    Map<TopicPartition, Long> next = new HashMap<>();
    try (KafkaConsumer<String, String> c = consumer(group)) {
      c.subscribe(List.of(TOPIC));
      List<ConsumerRecord<String, String>> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.size() >= count;
              });
      for (ConsumerRecord<String, String> r : seen) {
        next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      next.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
      c.commitSync(offsets);
    }
    for (int p = 0; p < partitions; p++) {
      next.putIfAbsent(new TopicPartition(TOPIC, p), 0L);
    }
    return next;
  }

  private List<ConsumerRecord<String, String>> consume(
      String group, int count, Map<TopicPartition, Long> firstSeen) {
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> c = consumer(group)) {
      c.subscribe(List.of(TOPIC));
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                  seen.add(r);
                  firstSeen.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
                }
                return seen.size() >= count;
              });
    }
    return seen;
  }

  private Map<Long, String> readPartition(TopicPartition tp) {
    Map<Long, String> out = new HashMap<>();
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                  out.put(r.offset(), r.value());
                }
                return c.position(tp) >= end;
              });
    }
    return out;
  }

  /** The Raft group id of each partition of the topic, from a node's partition dirs. */
  private Map<Integer, String> groupIds(int nodeId) {
    Map<Integer, String> ids = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      Path file =
          dataDir(nodeId).resolve("partitions").resolve(TOPIC + "-" + p).resolve("partition.json");
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.isRegularFile(file));
      try {
        ids.put(p, JSON.readTree(file.toFile()).get("groupId").asText());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return ids;
  }

  private static List<String> groupsIn(Path clusterDir) throws IOException {
    try (Stream<Path> groups = Files.list(clusterDir)) {
      return groups.map(g -> g.getFileName().toString()).toList();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
