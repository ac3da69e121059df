package io.chronik.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.LoopbackPorts;
import io.chronik.cli.CliRun;
import io.chronik.cli.InJvmCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronik doctor} against a real 3-node cluster on loopback, with the incidents staged one
 * after the other on the same cluster (starting one costs seconds): healthy, an election storm, a
 * node that cannot reach a peer's Raft port, one node down, two nodes down.
 *
 * <p>perf.gc is left out of the verdicts asserted here: the three nodes share this JVM's heap with
 * the test runner, so its pauses are not the nodes' own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoctorClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private final Map<Integer, Broker> nodes = new TreeMap<>();
  private final List<BrokerConfig.PeerAddress> peers = new ArrayList<>();
  private String admin;

  @BeforeAll
  void startCluster() throws Exception {
    peers.addAll(InJvmCluster.loopbackPeers(3));
    nodes.putAll(InJvmCluster.startAll(peers, p -> config(p.nodeId(), peers)));
    admin = "127.0.0.1:" + nodes.get(1).adminPort();
    try (Admin kafka = kafkaAdmin()) {
      kafka
          .createTopics(
              List.of(new NewTopic("orders", 3, (short) 3), new NewTopic("storm", 1, (short) 3)))
          .all()
          .get();
    }
  }

  @AfterAll
  void stopCluster() {
    nodes.values().forEach(Broker::close);
  }

  private BrokerConfig config(int nodeId, List<BrokerConfig.PeerAddress> peerList) {
    return InJvmCluster.nodeConfig(
            dir.resolve("node" + nodeId), InJvmCluster.peer(peers, nodeId), peerList)
        .build();
  }

  @Test
  @Order(1)
  void shouldExitZeroWhenClusterIsHealthy() throws Exception {
    // given: the new partitions have settled
    await().atMost(SETTLE).until(() -> doctor("quick", "--skip", "perf.gc").exitCode() == 0);

    // when
    CliRun quick = doctor("quick", "--skip", "perf.gc");
    CliRun election = doctor("election", "--skip", "perf.gc");
    CliRun network = doctor("network");

    // then
    assertThat(quick.exitCode()).as(quick.out()).isZero();
    assertThat(quick.out())
        .startsWith("chronik doctor quick via " + admin + ": 3 of 3 nodes answered")
        .contains("snapshot.fresh")
        .endsWith("chronik doctor: OK (21 checks)\n");
    assertThat(election.exitCode()).as(election.out()).isZero();
    assertThat(election.out())
        .contains("raft.election-churn")
        .contains("all 3 nodes use election timeout 1000-2000 ms, heartbeat 500 ms")
        .contains("all 3 nodes' clocks agree within 500 ms");
    assertThat(network.exitCode()).as(network.out()).isZero();
    assertThat(network.out())
        .contains("all 18 connections between the nodes open")
        .contains("all 3 advertised Kafka addresses reachable from here");
  }

  @Test
  @Order(2)
  void shouldFindIdenticalBatchesOnEveryReplicaWhenHealthyClusterHasData() throws Exception {
    // given: four single-record batches in each partition of orders, acknowledged by all replicas
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + nodes.get(1).kafkaPort(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 12; i++) {
        producer.send(new ProducerRecord<>("orders", i % 3, "key-" + i, "order " + i)).get();
      }
    }

    // when: every follower has applied them
    JsonNode report =
        await()
            .atMost(SETTLE)
            .until(
                () -> json(doctor("consistency", "-o", "json")),
                r ->
                    r.get("exitCode").asInt() == 0
                        && finding(r, "consistency.replicas", null)
                                .get("details")
                                .asText()
                                .split(
                                    "4 batches at offsets 0..3 identical on nodes 1, 2 and 3", -1)
                                .length
                            == 4);
    JsonNode perNode =
        json(doctor("performance", "--check", "perf.partitions-per-node", "-o", "json"));

    // then
    JsonNode consistency = finding(report, "consistency.replicas", null);
    assertThat(consistency.get("status").asText()).isEqualTo("OK");
    assertThat(consistency.get("summary").asText())
        .isEqualTo("replicas agree on the last batches of all 3 partitions with data (1 without)");
    assertThat(consistency.get("details").asText().lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "orders-0: 4 batches at offsets 0\\.\\.3 identical on nodes 1, 2 and 3;"
                            + " node 1( \\(leader\\))? HW 4, node 2( \\(leader\\))? HW 4,"
                            + " node 3( \\(leader\\))? HW 4"))
        .anySatisfy(line -> assertThat(line).startsWith("orders-2: 4 batches at offsets 0..3"))
        .anySatisfy(line -> assertThat(line).startsWith("storm-0: no data yet; node 1"));
    assertThat(report.get("checks"))
        .extracting(c -> c.get("id").asText())
        .contains("raft.quorum", "partition.under-replicated", "consistency.replicas");
    JsonNode partitions = finding(perNode, "perf.partitions-per-node", null);
    assertThat(perNode.get("exitCode").asInt()).isZero();
    assertThat(partitions.get("summary").asText())
        .isEqualTo("at most 4 partition replicas per node (limit 300)");
    assertThat(partitions.get("details").asText())
        .contains("node 1: 4 partition replicas (~23 threads, ~7 MiB for them), ")
        .contains("node 3: 4 partition replicas");
  }

  @Test
  @Order(3)
  void shouldReportCountsAndCausesWhenLeadersAreTransferredOverAndOver() throws Exception {
    // given: five leadership moves of storm-0 in a row
    for (int move = 0; move < 5; move++) {
      int leader = await().atMost(SETTLE).until(() -> leaderOf("storm"), id -> id > 0);
      int target = leader % 3 + 1;
      CliRun moved =
          CliRun.run(
              "cluster",
              "transfer-leader",
              "--topic",
              "storm",
              "--partition",
              "0",
              "--to",
              Integer.toString(target),
              "--admin",
              admin);
      assertThat(moved.exitCode()).as(moved.err()).isZero();
      await().atMost(SETTLE).until(() -> leaderOf("storm") == target);
    }

    // when
    JsonNode report = json(doctor("election", "--check", "raft.election-churn", "-o", "json"));

    // then
    JsonNode churn = report.get("checks").get(0);
    assertThat(churn.get("id").asText()).isEqualTo("raft.election-churn");
    assertThat(churn.get("status").asText()).isIn("WARN", "CRIT");
    assertThat(churn.get("summary").asText())
        .containsPattern("changed leader too often in the last 10 min: storm-0 [5-9] times")
        .contains("TRANSFER");
    assertThat(churn.get("details").asText()).containsPattern("storm-0: [5-9] leader changes");
    assertThat(churn.get("remedy").asText()).contains("transfer-leader");
    assertThat(churn.get("code").asText()).isEqualTo("CHR-8020");
    assertThat(report.get("exitCode").asInt()).isIn(1, 2);
  }

  @Test
  @Order(4)
  void shouldGiveTheSameFindingsOfflineWhenRunAgainstDebugBundle() throws Exception {
    // given
    Path zip = dir.resolve("incident.zip");

    // when
    CliRun collected = CliRun.run("debug", "bundle", "-o", zip.toString(), "--admin", admin);
    CliRun offline = CliRun.run("doctor", "all", "--bundle", zip.toString(), "-o", "json");
    CliRun offlineText = CliRun.run("doctor", "election", "--bundle", zip.toString());

    // then
    assertThat(collected.exitCode()).as(collected.err()).isZero();
    assertThat(collected.out()).startsWith("wrote " + zip + " (").contains("3 of 3 nodes answered");
    JsonNode atCollection = JSON.readTree(DebugBundleFiles.report(zip));
    assertThat(json(offline).get("checks")).isEqualTo(atCollection.get("checks"));
    assertThat(json(offline).get("nodes")).isEqualTo(atCollection.get("nodes"));
    assertThat(offline.exitCode()).isEqualTo(atCollection.get("exitCode").asInt());
    assertThat(atCollection.get("checks"))
        .anySatisfy(
            c -> {
              assertThat(c.get("id").asText()).isEqualTo("raft.election-churn");
              assertThat(c.get("summary").asText()).contains("storm-0");
            });
    assertThat(offlineText.out())
        .startsWith("chronik doctor election via " + admin + " in the bundle " + zip);
    Map<String, String> entries = DebugBundleFiles.entries(zip);
    String node2 = "nodes/127.0.0.1_" + nodes.get(2).adminPort() + "/";
    assertThat(entries)
        .containsKeys(
            "manifest.json",
            "doctor.json",
            node2 + "v1-node.json",
            node2 + "v1-raft-groups.json",
            node2 + "v1-raft-elections.json",
            node2 + "metrics.txt",
            node2 + "v1-logs-lines-500.json",
            node2 + "v1-snapshots.json");
    assertThat(entries.get(node2 + "v1-raft-elections.json")).contains("TRANSFER");
    assertThat(entries.get(node2 + "v1-replicas-batches-5.json")).contains("\"lastBatches\"");
    assertThat(finding(json(offline), "consistency.replicas", null).get("status").asText())
        .isEqualTo("OK");
    assertThat(entries.get(node2 + "v1-node.json")).contains("\"peers\"");
    assertThat(entries.get(node2 + "v1-logs-lines-500.json")).contains("ready: kafka");
  }

  @Test
  @Order(5)
  void shouldNameThePairWhenNodeCannotReachPeersRaftPort() throws Exception {
    // given: node 3 restarts with a --peers entry that gives node 1 a Raft port nobody serves
    nodes.remove(3).close();
    List<BrokerConfig.PeerAddress> wrong = new ArrayList<>();
    int nowhere = LoopbackPorts.free();
    for (BrokerConfig.PeerAddress p : peers) {
      wrong.add(p.nodeId() == 1 ? new BrokerConfig.PeerAddress(1, "127.0.0.1", nowhere) : p);
    }
    nodes.put(3, Broker.start(config(3, wrong)));

    // when: (the groups have settled after the restart: nothing else is critical)
    JsonNode report =
        await()
            .atMost(SETTLE)
            .until(
                () -> json(doctor("network", "-o", "json")),
                r -> r.get("exitCode").asInt() == 2 && critical(r).size() == 1);

    // then
    List<JsonNode> critical = critical(report);
    assertThat(critical)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.get("id").asText()).isEqualTo("net.peer-reachable");
              assertThat(c.get("node").asInt()).isEqualTo(3);
              assertThat(c.get("summary").asText())
                  .isEqualTo(
                      "node 3 → node 1: cannot connect to its Raft port (connection refused)");
              assertThat(c.get("details").asText())
                  .contains("127.0.0.1:" + nowhere + " (address from the node's --peers)");
              assertThat(c.get("code").asText()).isEqualTo("CHR-1204");
            });
    assertThat(report.get("checks"))
        .anySatisfy(
            c ->
                assertThat(c.get("summary").asText())
                    .isEqualTo(
                        "node 3's --peers gives node 1 the Raft address 127.0.0.1:"
                            + nowhere
                            + ", but node 1 registered 127.0.0.1:"
                            + peers.get(0).raftPort()));
  }

  @Test
  @Order(6)
  void shouldWarnNamingNodeAndItsPartitionsWhenOneNodeIsDown() throws Exception {
    // given
    nodes.remove(3).close();

    // when: the groups node 3 led have elected new leaders
    JsonNode report =
        await()
            .atMost(SETTLE)
            .until(
                () -> json(doctor("quick", "--skip", "perf.gc", "-o", "json")),
                r ->
                    r.get("exitCode").asInt() == 1
                        && finding(r, "raft.quorum", null)
                            .get("summary")
                            .asText()
                            .startsWith("quorum at risk"));

    // then
    assertThat(report.get("verdict").asText()).isEqualTo("WARNING");
    JsonNode down = finding(report, "node.reachable", 3);
    assertThat(down.get("status").asText()).isEqualTo("WARN");
    assertThat(down.get("summary").asText()).startsWith("node 3 did not answer at ");
    assertThat(down.get("details").asText())
        .contains("replicas on node 3: orders-0, orders-1, orders-2 and storm-0");
    assertThat(finding(report, "raft.quorum", null).get("summary").asText())
        .isEqualTo("quorum at risk on 5 groups");
    assertThat(report.get("checks"))
        .noneSatisfy(c -> assertThat(c.get("status").asText()).isEqualTo("CRIT"));
  }

  @Test
  @Order(7)
  void shouldBeCriticalWithRecoveryCommandsWhenTwoNodesAreDown() throws Exception {
    // given
    nodes.remove(2).close();

    // when
    CliRun quick = doctor("quick", "-o", "json");
    CliRun recovery = doctor("recovery");

    // then
    assertThat(quick.exitCode()).isEqualTo(2);
    JsonNode quorum = finding(json(quick), "raft.quorum", null);
    assertThat(quorum.get("status").asText()).isEqualTo("CRIT");
    assertThat(quorum.get("summary").asText()).isEqualTo("quorum lost on 5 groups");
    assertThat(quorum.get("code").asText()).isEqualTo("CHR-1202");
    assertThat(recovery.exitCode()).isEqualTo(2);
    assertThat(recovery.out())
        .contains("recovery.plan")
        .contains("run: chronik standalone --node-id 2 --data-dir")
        .contains("run: chronik standalone --node-id 3 --data-dir")
        .contains("run: chronik doctor --admin " + admin + " --watch --exit-when-healthy");
  }

  private CliRun doctor(String playbook, String... more) {
    List<String> args =
        new ArrayList<>(List.of("doctor", playbook, "--admin", admin, "--timeout", "3s"));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  private static List<JsonNode> critical(JsonNode report) {
    List<JsonNode> critical = new ArrayList<>();
    report
        .get("checks")
        .forEach(
            c -> {
              if (c.get("status").asText().equals("CRIT")) {
                critical.add(c);
              }
            });
    return critical;
  }

  private static JsonNode json(CliRun run) throws IOException {
    return JSON.readTree(run.out());
  }

  private static JsonNode finding(JsonNode report, String id, Integer node) {
    for (JsonNode c : report.get("checks")) {
      boolean sameNode = node == null ? c.get("node").isNull() : c.get("node").asInt() == node;
      if (c.get("id").asText().equals(id) && sameNode) {
        return c;
      }
    }
    throw new AssertionError("no " + id + " finding for node " + node + " in " + report);
  }

  private int leaderOf(String topic) throws Exception {
    try (Admin kafka = kafkaAdmin()) {
      var leader =
          kafka
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .get(0)
              .leader();
      return leader == null ? -1 : leader.id();
    }
  }

  private Admin kafkaAdmin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + nodes.get(1).kafkaPort()));
  }
}
