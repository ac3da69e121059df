package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.LoopbackPorts;
import io.chronik.broker.SnapshotSettings;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.InJvmCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
 * Membership changes on a real cluster: a fourth node joins, a replica moves onto it and leads, an
 * original node leaves; every acknowledged record stays readable at its offset throughout.
 */
class ClusterMembershipIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "moves";

  @TempDir Path dir;
  private final Map<Integer, Broker> nodes = new LinkedHashMap<>();

  private static final String PAD = "|" + "x".repeat(4000);
  private final List<NodeProcess> processes = new ArrayList<>();
  private SnapshotSettings snapshots;
  private int partitionsPerGroup = 1;

  @AfterEach
  void stop() throws InterruptedException {
    nodes.values().forEach(Broker::close);
    for (NodeProcess p : processes) {
      p.close();
    }
  }

  @Test
  void shouldKeepEveryAcknowledgedRecordWhenANodeIsAddedReplicasMoveAndANodeIsRemoved()
      throws Exception {
    // given: three nodes and acknowledged records in an RF=3 partition on nodes 1, 2, 3
    startCluster(3);
    createTopic();
    Map<Long, String> acked = new HashMap<>();
    produce(bootstrap(1, 2, 3), "before", 200, acked);
    String admin = admin(3);

    // when: node 4 starts with --join; it waits until it is added
    int raft4 = LoopbackPorts.free();
    CompletableFuture<Broker> joining =
        CompletableFuture.supplyAsync(
            () ->
                Broker.start(
                    BrokerConfig.builder()
                        .dataDir(dir.resolve("n4"))
                        .nodeId(4)
                        .ports(0, raft4, 0)
                        .peers(List.of(new BrokerConfig.PeerAddress(4, "127.0.0.1", raft4)))
                        .join(true)
                        .build()));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> !joining.isDone());
    assertThat(status(admin).get("nodes")).hasSize(3);
    CliRun added =
        CliRun.run(
            "cluster",
            "add-node",
            "--node-id",
            "4",
            "--raft",
            "127.0.0.1:" + raft4,
            "--admin",
            admin,
            "-o",
            "json");

    // then: node 4 is a member, registered and ready; it formed no cluster of its own
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(JSON.readTree(added.out()).get("registered").asBoolean()).isTrue();
    nodes.put(4, joining.get(90, TimeUnit.SECONDS));
    assertThat(nodes.get(4).clusterId()).isEqualTo(nodes.get(1).clusterId());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode s = status(admin);
              assertThat(s.get("nodes").findValuesAsText("nodeId"))
                  .containsExactly("1", "2", "3", "4");
              assertThat(s.get("nodes").findValuesAsText("ready")).containsOnly("true");
              assertThat(ints(meta(s).get("members"))).containsExactlyInAnyOrder(1, 2, 3, 4);
              assertThat(meta(s).get("followers")).hasSize(3);
            });

    // when: the replica on node 1 moves to node 4, and node 4 takes the lead
    CliRun moved = moveReplica(admin, 0, 1, 4);
    assertThat(moved.exitCode()).as(moved.err()).isZero();
    assertThat(ints(JSON.readTree(moved.out()).get("to"))).containsExactly(4, 2, 3);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode g = partitionGroup(status(admin));
              assertThat(ints(g.get("members"))).containsExactlyInAnyOrder(2, 3, 4);
              assertThat(g.get("followers").findValuesAsText("nodeId")).doesNotContain("1");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> nodes.get(1).dataDir().resolve("partitions/" + TOPIC + "-0").toFile(),
            d -> !d.exists());
    CliRun transferred = transferLeader(admin, 0, 4);
    assertThat(transferred.exitCode()).as(transferred.err()).isZero();

    // then: node 4 leads and serves every acknowledged record at its offset
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(partitionGroup(status(admin)).get("leader").asInt()).isEqualTo(4));
    assertThat(leaderOf(bootstrap(4))).isEqualTo(4);
    assertThat(readAll(bootstrap(4))).containsExactlyInAnyOrderEntriesOf(acked);
    produce(bootstrap(4), "on-4", 50, acked);

    // when: node 2, made the metadata leader first, is removed; its replica moves to node 1
    CliRun metaMoved =
        CliRun.run("cluster", "transfer-leader", "--meta", "--to", "2", "--admin", admin);
    assertThat(metaMoved.exitCode()).as(metaMoved.err()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(admin).get("metaLeader").asInt() == 2);
    CliRun removed =
        CliRun.run(
            "cluster", "remove-node", "--node-id", "2", "--yes", "--admin", admin, "-o", "json");

    // then: nodes 1, 3 and 4 hold the cluster; records still flow and none is lost
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    JsonNode removal = JSON.readTree(removed.out());
    assertThat(ints(removal.get("metaMembers"))).containsExactlyInAnyOrder(1, 3, 4);
    assertThat(ints(removal.get("moves").get(0).get("to"))).containsExactly(4, 1, 3);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode s = status(admin);
              assertThat(s.get("nodes").findValuesAsText("nodeId")).containsExactly("1", "3", "4");
              assertThat(s.get("metaLeader").asInt()).isIn(1, 3, 4);
              assertThat(ints(meta(s).get("members"))).containsExactlyInAnyOrder(1, 3, 4);
              assertThat(ints(partitionGroup(s).get("members"))).containsExactlyInAnyOrder(1, 3, 4);
              assertThat(s.get("nodes").findValuesAsText("ready")).containsOnly("true");
            });
    produce(bootstrap(1, 3, 4), "after", 50, acked);
    assertThat(readAll(bootstrap(1, 3, 4))).containsExactlyInAnyOrderEntriesOf(acked);
    assertThat(acked).hasSize(300);
    // and node 2, the metadata leader when its removal began, stopped by itself
    assertThat(nodes.get(2).removal().get(90, TimeUnit.SECONDS).code()).isEqualTo("CHR-1009");
  }

  @Test
  void shouldMoveEveryPartitionOfASharedRaftGroupWhenOneOfThemMovesOrItsNodeIsRemoved()
      throws Exception {
    // given: groups of two partitions (--partitions-per-group 2); a two-partition topic, one group
    partitionsPerGroup = 2;
    startCluster(3);
    createTopic(2);
    List<Map<Long, String>> acked = List.of(new HashMap<>(), new HashMap<>());
    for (int p = 0; p < 2; p++) {
      produce(bootstrap(1, 2, 3), p, "p" + p + "-before", 100, acked.get(p), "");
    }
    String admin = admin(3);
    assertThat(ints(partitionGroup(status(admin)).get("partitions"))).containsExactly(0, 1);
    joinAndAdd(4, admin);

    // when: partition 1's replica on node 1 moves to node 4
    CliRun moved = moveReplica(admin, 1, 1, 4);

    // then: the group moved with both partitions; node 1 no longer holds either
    assertThat(moved.exitCode()).as(moved.err()).isZero();
    assertThat(ints(JSON.readTree(moved.out()).get("partitions"))).containsExactly(0, 1);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(ints(partitionGroup(status(admin)).get("members")))
                  .containsExactlyInAnyOrder(2, 3, 4);
              assertThat(nodes.get(1).dataDir().resolve("partitions/" + TOPIC + "-0"))
                  .doesNotExist();
              assertThat(nodes.get(1).dataDir().resolve("partitions/" + TOPIC + "-1"))
                  .doesNotExist();
            });

    // when: the leadership of partition 0 moves to node 4
    CliRun transferred = transferLeader(admin, 0, 4);

    // then: node 4 leads both partitions and serves every acknowledged record of each
    assertThat(transferred.exitCode()).as(transferred.err()).isZero();
    assertThat(transferred.out()).contains(TOPIC + "-0..1");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(leaderOf(bootstrap(4), 0)).isEqualTo(4);
              assertThat(leaderOf(bootstrap(4), 1)).isEqualTo(4);
            });
    for (int p = 0; p < 2; p++) {
      assertThat(readAll(bootstrap(4), p)).containsExactlyInAnyOrderEntriesOf(acked.get(p));
    }

    // when: node 2 is removed
    CliRun removed =
        CliRun.run(
            "cluster", "remove-node", "--node-id", "2", "--yes", "--admin", admin, "-o", "json");

    // then: one move, for the group; both partitions live on nodes 1, 3 and 4 with every record
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    assertThat(JSON.readTree(removed.out()).get("moves")).hasSize(1);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(ints(partitionGroup(status(admin)).get("members")))
                    .containsExactlyInAnyOrder(1, 3, 4));
    for (int p = 0; p < 2; p++) {
      produce(bootstrap(1, 3, 4), p, "p" + p + "-after", 50, acked.get(p), "");
      assertThat(readAll(bootstrap(1, 3, 4), p)).containsExactlyInAnyOrderEntriesOf(acked.get(p));
      assertThat(acked.get(p)).hasSize(150);
    }
  }

  @Test
  void shouldStopTheRemovedNodeAndRefuseItsRestartWhenItIsRemovedWithForce() throws Exception {
    // given: nodes 1 and 2 in this JVM, node 3 a real process; an RF=3 partition on all three
    NodeProcess third = startTwoHereAndAThirdProcess();
    createTopic();
    Map<Long, String> acked = new HashMap<>();
    produce(bootstrap(1, 2), "before", 100, acked);
    String admin = admin(1);

    // when: node 3 is removed; without --force that is refused (no other node for its replica);
    // with it, node 3 itself runs its removal
    CliRun refused =
        CliRun.run("cluster", "remove-node", "--node-id", "3", "--yes", "--admin", admin);
    CliRun removed =
        CliRun.run(
            "cluster",
            "remove-node",
            "--node-id",
            "3",
            "--force",
            "--yes",
            "--admin",
            third.admin(),
            "-o",
            "json");

    // then: the removal is forced; node 3 stops by itself, exit 65, one line saying why
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    assertThat(JSON.readTree(removed.out()).get("forced").asBoolean()).isTrue();
    assertThat(third.awaitExit(Duration.ofSeconds(120))).isEqualTo(ExitCodes.DATA);
    String stopped = third.output();
    assertThat(stopped)
        .contains("node 3 was removed from the cluster by node 3 (chronik cluster remove-node)")
        .contains("stopping; to reuse this machine wipe the data dir")
        .contains("[CHR-1009]");
    JsonNode s = status(admin);
    assertThat(s.get("nodes").findValuesAsText("nodeId")).containsExactly("1", "2");
    assertThat(ints(meta(s).get("members"))).containsExactlyInAnyOrder(1, 2);
    assertThat(ints(partitionGroup(s).get("members"))).containsExactlyInAnyOrder(1, 2);
    assertThat(readAll(bootstrap(1, 2))).containsExactlyInAnyOrderEntriesOf(acked);
    JsonNode gone = get(admin, "/v1/cluster").get("removed");
    assertThat(gone.findValuesAsText("nodeId")).containsExactly("3");
    assertThat(gone.get(0).get("byNode").asInt()).isEqualTo(3);

    // when: node 3 starts again on the same data dir
    third.restart();

    // then: it refuses with the same message, exit 65, and does not rejoin
    assertThat(third.awaitExit(Duration.ofSeconds(90))).isEqualTo(ExitCodes.DATA);
    assertThat(third.output())
        .contains(
            "chronik: error: node 3 was removed from the cluster by node 3 (chronik cluster"
                + " remove-node) at ")
        .contains("[CHR-1009]")
        .contains("hint: to reuse this machine wipe the data dir")
        .doesNotContain("chronik ready:");
    assertThat(status(admin).get("nodes").findValuesAsText("nodeId")).containsExactly("1", "2");
  }

  @Test
  void shouldRefuseToStartANodeWhenItWasRemovedWhileItWasDown() throws Exception {
    // given: nodes 1 and 2 in this JVM, node 3 a real process; an RF=3 partition on all three
    NodeProcess third = startTwoHereAndAThirdProcess();
    createTopic();
    Map<Long, String> acked = new HashMap<>();
    produce(bootstrap(1, 2), "before", 50, acked);
    String admin = admin(1);

    // when: node 3 dies and is removed with --force while it is down, then starts again
    third.kill();
    CliRun removed =
        CliRun.run(
            "cluster", "remove-node", "--node-id", "3", "--force", "--yes", "--admin", admin);
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    third.restart();

    // then: it finds out from the others that it is no longer a member, and refuses (exit 65)
    assertThat(third.awaitExit(Duration.ofSeconds(120))).isEqualTo(ExitCodes.DATA);
    assertThat(third.output())
        .contains("node 3 was removed from the cluster (chronik cluster remove-node) while it was")
        .contains("refusing to start")
        .contains("[CHR-1009]")
        .contains("hint: to reuse this machine wipe the data dir")
        .doesNotContain("chronik ready:");
    JsonNode s = status(admin);
    assertThat(s.get("nodes").findValuesAsText("nodeId")).containsExactly("1", "2");
    assertThat(ints(meta(s).get("members"))).containsExactlyInAnyOrder(1, 2);

    // when: it is started once more; then: refused at once by the mark it left
    third.restart();
    assertThat(third.awaitExit(Duration.ofSeconds(60))).isEqualTo(ExitCodes.DATA);
    assertThat(third.output()).contains("while it was down or cut off").contains("[CHR-1009]");
    assertThat(readAll(bootstrap(1, 2))).containsExactlyInAnyOrderEntriesOf(acked);
  }

  @Test
  void shouldMoveAReplicaThroughSnapshotInstallationWhenThePartitionsRaftLogWasCompacted()
      throws Exception {
    // given: three nodes that snapshot every 100 entries, and a partition whose Raft log was
    // purged on every replica
    snapshots =
        SnapshotSettings.defaults().withLogThreshold(100).withRaftLogSegmentBytes(2L * 1024 * 1024);
    startCluster(3);
    createTopic();
    Map<Long, String> acked = new HashMap<>();
    produce(bootstrap(1, 2, 3), "before", 2500, acked, PAD);
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              for (int id = 1; id <= 3; id++) {
                assertThat(raftGroup(id).get("logStartIndex").asLong())
                    .as("Raft log start of the partition on node %d", id)
                    .isGreaterThan(100);
              }
            });
    String admin = admin(2);
    joinAndAdd(4, admin);

    // when: the replica on node 1 moves to node 4, and node 4 takes the lead
    CliRun moved =
        CliRun.run(
            "cluster",
            "move-replica",
            "--topic",
            TOPIC,
            "--partition",
            "0",
            "--from",
            "1",
            "--to",
            "4",
            "--admin",
            admin);
    assertThat(moved.exitCode()).as(moved.err()).isZero();
    CliRun transferred = transferLeader(admin, 0, 4);

    // then: node 4 got the partition by snapshot installation, leads it, and serves every
    // acknowledged record at the offset it was acknowledged with
    assertThat(transferred.exitCode()).as(transferred.err()).isZero();
    JsonNode onNew = raftGroup(4);
    assertThat(onNew.get("snapshotIndex").asLong()).as("snapshot installed").isGreaterThan(100);
    assertThat(onNew.get("logStartIndex").asLong()).as("Raft log start").isGreaterThan(100);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(partitionGroup(status(admin)).get("leader").asInt()).isEqualTo(4));
    assertThat(leaderOf(bootstrap(4))).isEqualTo(4);
    assertThat(readAll(bootstrap(4))).containsExactlyInAnyOrderEntriesOf(acked);
    produce(bootstrap(4), "on-4", 50, acked);
    assertThat(readAll(bootstrap(2, 3, 4))).containsExactlyInAnyOrderEntriesOf(acked);
    assertThat(acked).hasSize(2550);
  }

  @Test
  void shouldRefuseToRemoveANodeWhenReplicasOrTheMetadataQuorumWouldSuffer() throws Exception {
    // given: three nodes and an RF=3 topic
    startCluster(3);
    createTopic();
    String admin = admin(1);

    // when: node 3 is to go, but no fourth node can take its replica
    CliRun refused =
        CliRun.run("cluster", "remove-node", "--node-id", "3", "--yes", "--admin", admin);

    // then
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(refused.err())
        .contains("replication factor 3")
        .contains("--force")
        .contains("[CHR-7013]")
        .doesNotContain("Exception");
    assertThat(status(admin).get("nodes")).hasSize(3);

    // when: node 3 is down, and node 2 is to go: nodes 1 and 3 would have no live majority
    nodes.remove(3).close();
    CliRun noQuorum =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> CliRun.run("cluster", "remove-node", "--node-id", "2", "--admin", admin),
                run -> run.err().contains("no majority"));

    // then: refused, and nothing changed
    assertThat(noQuorum.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(noQuorum.err()).contains("metadata group").contains("[CHR-7013]");
    JsonNode s = status(admin);
    assertThat(ints(meta(s).get("members"))).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(ints(partitionGroup(s).get("members"))).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void shouldShowThePlanWithItsProblemsWhenARefusedRemovalIsADryRun() throws Exception {
    // given: three nodes and an RF=3 topic: removing node 3 would be refused
    startCluster(3);
    createTopic();
    String admin = admin(1);

    // when
    CliRun text =
        CliRun.run("cluster", "remove-node", "--node-id", "3", "--dry-run", "--admin", admin);
    CliRun json =
        CliRun.run(
            "cluster",
            "remove-node",
            "--node-id",
            "3",
            "--dry-run",
            "--admin",
            admin,
            "-o",
            "json");

    // then: the plan is shown with the problem, exit 0, and nothing changed
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("warning: removing node 3 would")
        .contains("replication factor 3")
        .contains("without --force, remove-node refuses this")
        .contains("would remove node 3; the metadata group would be");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode plan = JSON.readTree(json.out());
    assertThat(plan.get("dryRun").asBoolean()).isTrue();
    assertThat(plan.get("forced").asBoolean()).isFalse();
    assertThat(plan.get("problems").get(0).asText()).contains("replication factor 3");
    assertThat(ints(plan.get("metaMembers"))).containsExactlyInAnyOrder(1, 2);
    JsonNode s = status(admin);
    assertThat(s.get("nodes")).hasSize(3);
    assertThat(ints(meta(s).get("members"))).containsExactlyInAnyOrder(1, 2, 3);
  }

  private void startCluster(int count) throws Exception {
    List<BrokerConfig.PeerAddress> peers = InJvmCluster.loopbackPeers(count);
    startNodes(peers, peers);
  }

  /** Starts nodes 1 and 2 in this JVM and node 3 as a process of the executable. */
  private NodeProcess startTwoHereAndAThirdProcess() throws Exception {
    NodeProcess third = new NodeProcess(dir, 3);
    processes.add(third);
    List<BrokerConfig.PeerAddress> peers =
        List.of(
            new BrokerConfig.PeerAddress(1, "127.0.0.1", LoopbackPorts.free()),
            new BrokerConfig.PeerAddress(2, "127.0.0.1", LoopbackPorts.free()),
            new BrokerConfig.PeerAddress(3, "127.0.0.1", third.raftPort));
    third.start(
        peers.stream()
            .map(p -> p.nodeId() + "@127.0.0.1:" + p.raftPort())
            .collect(Collectors.joining(",")));
    startNodes(peers.subList(0, 2), peers);
    third.awaitReady();
    return third;
  }

  /** Starts the nodes {@code here} in this JVM, members of a cluster of {@code peers}. */
  private void startNodes(List<BrokerConfig.PeerAddress> here, List<BrokerConfig.PeerAddress> peers)
      throws Exception {
    nodes.putAll(
        InJvmCluster.startAll(
            here,
            p ->
                InJvmCluster.nodeConfig(dir.resolve("n" + p.nodeId()), p, peers)
                    .snapshots(snapshots == null ? SnapshotSettings.defaults() : snapshots)
                    .partitionsPerGroup(partitionsPerGroup)
                    .build()));
  }

  private void createTopic() throws Exception {
    createTopic(1);
  }

  private void createTopic(int partitions) throws Exception {
    try (Admin a = kafkaAdmin(bootstrap(nodes.keySet().stream().mapToInt(i -> i).toArray()))) {
      a.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 3)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static void produce(String bootstrap, String prefix, int count, Map<Long, String> acked)
      throws Exception {
    produce(bootstrap, prefix, count, acked, "");
  }

  private static void produce(
      String bootstrap, String prefix, int count, Map<Long, String> acked, String pad)
      throws Exception {
    produce(bootstrap, 0, prefix, count, acked, pad);
  }

  private static void produce(
      String bootstrap,
      int partition,
      String prefix,
      int count,
      Map<Long, String> acked,
      String pad)
      throws Exception {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent =
          new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(
            producer.send(new ProducerRecord<>(TOPIC, partition, null, prefix + "-" + i + pad)));
      }
      for (int i = 0; i < count; i++) {
        acked.put(sent.get(i).get(60, TimeUnit.SECONDS).offset(), prefix + "-" + i + pad);
      }
    }
  }

  private static Map<Long, String> readAll(String bootstrap) {
    return readAll(bootstrap, 0);
  }

  private static Map<Long, String> readAll(String bootstrap, int partition) {
    TopicPartition tp = new TopicPartition(TOPIC, partition);
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    Map<Long, String> out = new HashMap<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      await()
          .atMost(Duration.ofSeconds(60))
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

  private static int leaderOf(String bootstrap) throws Exception {
    return leaderOf(bootstrap, 0);
  }

  private static int leaderOf(String bootstrap, int partition) throws Exception {
    try (Admin a = kafkaAdmin(bootstrap)) {
      var info =
          a.describeTopics(List.of(TOPIC))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(TOPIC)
              .partitions()
              .get(partition);
      return info.leader() == null ? -1 : info.leader().id();
    }
  }

  private static Admin kafkaAdmin(String bootstrap) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  /** Starts node {@code id} with --join in this JVM and adds it through {@code admin}. */
  private void joinAndAdd(int id, String admin) throws Exception {
    int raft = LoopbackPorts.free();
    CompletableFuture<Broker> joining =
        CompletableFuture.supplyAsync(
            () ->
                Broker.start(
                    BrokerConfig.builder()
                        .dataDir(dir.resolve("n" + id))
                        .nodeId(id)
                        .ports(0, raft, 0)
                        .peers(List.of(new BrokerConfig.PeerAddress(id, "127.0.0.1", raft)))
                        .join(true)
                        .snapshots(snapshots == null ? SnapshotSettings.defaults() : snapshots)
                        .build()));
    CliRun added =
        CliRun.run(
            "cluster",
            "add-node",
            "--node-id",
            Integer.toString(id),
            "--raft",
            "127.0.0.1:" + raft,
            "--admin",
            admin);
    assertThat(added.exitCode()).as(added.err()).isZero();
    nodes.put(id, joining.get(120, TimeUnit.SECONDS));
  }

  /** {@code chronik cluster move-replica} of {@code TOPIC-partition}, JSON output. */
  private static CliRun moveReplica(String admin, int partition, int from, int to) {
    return CliRun.run(
        "cluster",
        "move-replica",
        "--topic",
        TOPIC,
        "--partition",
        Integer.toString(partition),
        "--from",
        Integer.toString(from),
        "--to",
        Integer.toString(to),
        "--admin",
        admin,
        "-o",
        "json");
  }

  /** {@code chronik cluster transfer-leader} of {@code TOPIC-partition}, text output. */
  private static CliRun transferLeader(String admin, int partition, int to) {
    return CliRun.run(
        "cluster",
        "transfer-leader",
        "--topic",
        TOPIC,
        "--partition",
        Integer.toString(partition),
        "--to",
        Integer.toString(to),
        "--admin",
        admin);
  }

  private static JsonNode get(String admin, String path) throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + admin + path))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The partition's Raft group as node {@code id} shows it on /v1/raft/groups. */
  private JsonNode raftGroup(int id) throws Exception {
    JsonNode body = get(admin(id), "/v1/raft/groups");
    for (JsonNode g : body.isArray() ? body : body.path("groups")) {
      if (TOPIC.equals(g.path("topic").asText())) {
        return g;
      }
    }
    throw new AssertionError("node " + id + " hosts no replica of " + TOPIC + ": " + body);
  }

  private String bootstrap(int... ids) {
    return java.util.Arrays.stream(ids)
        .mapToObj(id -> "127.0.0.1:" + nodes.get(id).kafkaPort())
        .collect(Collectors.joining(","));
  }

  private String admin(int id) {
    return "127.0.0.1:" + nodes.get(id).adminPort();
  }

  private static JsonNode status(String admin) throws IOException {
    CliRun run = CliRun.run("cluster", "status", "--admin", admin, "-o", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static JsonNode meta(JsonNode status) {
    return group(status, g -> "meta".equals(g.get("kind").asText()));
  }

  private static JsonNode partitionGroup(JsonNode status) {
    return group(status, g -> TOPIC.equals(g.get("topic").asText()));
  }

  private static JsonNode group(JsonNode status, java.util.function.Predicate<JsonNode> which) {
    for (JsonNode g : status.get("groups")) {
      if (which.test(g)) {
        return g;
      }
    }
    throw new AssertionError("no such group in " + status);
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }
}
