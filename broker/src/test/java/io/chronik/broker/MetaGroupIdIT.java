package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every cluster has a metadata group id of its own, kept across restarts; a node of another cluster
 * refuses it; a data dir of an older release keeps the fixed id.
 */
class MetaGroupIdIT {
  @TempDir Path dir;
  private final List<Broker> running = java.util.Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    running.forEach(Broker::close);
  }

  @Test
  void shouldGiveEachClusterItsOwnMetadataGroupIdWhenClustersFormSideBySide() throws Exception {
    // given
    List<Broker> three = startCluster("three", 3);
    Broker singleA = start(single("a"));
    Broker singleB = start(single("b"));

    // when
    UUID ofThree = metaGroupOf(three.get(0));

    // then: the founders of one cluster agree, other clusters differ, none uses the old fixed id
    assertThat(three).allSatisfy(b -> assertThat(metaGroupOf(b)).isEqualTo(ofThree));
    assertThat(
            java.util.Set.of(
                ofThree, metaGroupOf(singleA), metaGroupOf(singleB), MetaGroupIds.LEGACY))
        .hasSize(4);
    for (Broker b : three) {
      assertThat(NodeIdentity.loadOrCreate(b.dataDir(), b.nodeId()).metaGroup()).contains(ofThree);
      assertThat(b.dataDir().resolve("raft").resolve(ofThree.toString())).isDirectory();
    }
  }

  @Test
  void shouldKeepTheRecordedIdWhenANodeRestarts() throws Exception {
    // given
    BrokerConfig config = single("solo");
    Broker first = start(config);
    UUID id = metaGroupOf(first);
    createTopic(first, "kept");
    first.close();
    running.remove(first);

    // when: restarted, on another Raft port
    Broker again = start(config);

    // then
    assertThat(metaGroupOf(again)).isEqualTo(id);
    try (Admin admin = TestBrokers.admin(again)) {
      assertThat(admin.listTopics().names().get()).contains("kept");
    }
  }

  @Test
  void shouldRefuseTheMetadataGroupOfAnotherClusterWhenAddNodeTargetsOneOfItsNodes()
      throws Exception {
    // given: two independent clusters
    Broker a = start(single("a"));
    Broker b = start(single("b"));
    UUID ofB = metaGroupOf(b);

    // when: cluster a tries to add b's node as its node 2
    // then: b refuses a's metadata group; it stays in its own cluster
    assertThatThrownBy(
            () -> a.raft().membership().addToMeta(2, "127.0.0.1:" + b.raftPort(), 15_000))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("belongs to another cluster");
    assertThat(b.raft().localGroups()).isEmpty();
    assertThat(metaGroupOf(b)).isEqualTo(ofB);
    assertThat(a.raft().members("__meta")).containsExactly(1);
    createTopic(b, "still-serving");
  }

  @Test
  void shouldRefuseToAddAJoiningNodeUnderAnotherNodeIdAndAddItUnderItsOwn() throws Exception {
    // given: a cluster of one, and node 4 waiting with --join
    Broker a = start(single("a"));
    int raftPort = LoopbackPorts.free();
    String address = "127.0.0.1:" + raftPort;
    CompletableFuture<Broker> joining =
        CompletableFuture.supplyAsync(
            () ->
                start(
                    BrokerConfig.builder()
                        .dataDir(dir.resolve("four"))
                        .nodeId(4)
                        .ports(0, raftPort, 0)
                        .peers(List.of(new BrokerConfig.PeerAddress(4, "127.0.0.1", raftPort)))
                        .join(true)
                        .build()));

    // when: added as node 5
    Throwable refused =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> catchThrowable(() -> a.raft().membership().addToMeta(5, address, 10_000)),
                t -> t == null || !t.getMessage().contains("does not answer"));

    // then: refused, nothing changed, and node 4 still waits to be added
    assertThat(refused)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(address + " is the Raft address of node 4")
        .hasMessageContaining("--node-id 4");
    assertThat(a.raft().members("__meta")).containsExactly(1);
    assertThat(joining).isNotDone();

    // and when: added under its own id, it joins
    a.raft().membership().addToMeta(4, address, 30_000);
    Broker four = joining.get(120, TimeUnit.SECONDS);
    assertThat(four.clusterId()).isEqualTo(a.clusterId());
    assertThat(a.raft().members("__meta")).containsExactlyInAnyOrder(1, 4);
  }

  @Test
  void shouldKeepTheFixedIdWhenTheDataDirPredatesPerClusterIds() throws Exception {
    // given: node.json of an older release, without metaGroupId
    BrokerConfig config = single("old");
    Files.createDirectories(config.dataDir());
    Files.writeString(
        config.dataDir().resolve("node.json"),
        "{\"formatVersion\":1,\"clusterId\":\"b2xkLWNsdXN0ZXItaWQ\",\"nodeId\":1,"
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"incarnation\":\"old\"}");
    Broker first = start(config);
    createTopic(first, "old-topic");
    first.close();
    running.remove(first);

    // when
    Broker again = start(config);

    // then
    assertThat(metaGroupOf(again)).isEqualTo(MetaGroupIds.LEGACY);
    assertThat(config.dataDir().resolve("raft").resolve(MetaGroupIds.LEGACY.toString()))
        .isDirectory();
    assertThat(Files.readString(config.dataDir().resolve("node.json")))
        .doesNotContain("metaGroupId");
    try (Admin admin = TestBrokers.admin(again)) {
      assertThat(admin.listTopics().names().get()).contains("old-topic");
    }
  }

  private static UUID metaGroupOf(Broker b) {
    return b.raft().metaGroupId().orElseThrow();
  }

  private void createTopic(Broker b, String topic) throws Exception {
    try (Admin admin = TestBrokers.admin(b)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private BrokerConfig single(String name) {
    return BrokerConfig.builder().dataDir(dir.resolve(name)).nodeId(1).ports(0, 0, 0).build();
  }

  private Broker start(BrokerConfig config) {
    Broker b = Broker.start(config);
    running.add(b);
    return b;
  }

  private List<Broker> startCluster(String name, int size) throws Exception {
    List<BrokerConfig.PeerAddress> peers = TestBrokers.loopbackPeers(size);
    Map<Integer, Broker> started =
        TestBrokers.startAll(
            peers, p -> TestBrokers.nodeConfig(dir.resolve(name + p.nodeId()), p, peers).build());
    running.addAll(started.values());
    return List.copyOf(started.values());
  }
}
