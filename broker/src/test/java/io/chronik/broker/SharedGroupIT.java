package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.kafka.TopicCreator;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.partition.GroupReplicas;
import io.chronik.broker.replication.GroupMembers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raft groups that carry several partitions ({@code --partitions-per-group}) on a real 3-node
 * cluster: every partition is written and read through its group, a wiped follower gets every
 * partition of a group back through one snapshot installation, and a group's partitions fail over
 * together with no acknowledged record lost or duplicated.
 */
class SharedGroupIT {
  private static final String TOPIC = "shared";
  private static final int PARTITIONS = 8;
  private static final String PAD = "x".repeat(2000);

  @TempDir Path dir;
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void shouldKeepEveryPartitionOfASharedGroupThroughAWipeAndALeaderLoss() throws Exception {
    // given: 8 partitions in groups of at most 4: two groups, each leading 4 partitions
    startCluster();
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3))).all().get();
    }
    Map<String, List<Integer>> groups = groups();
    assertThat(groups).hasSize(2);
    assertThat(groups.values()).allSatisfy(ps -> assertThat(ps).hasSize(4));
    String group = groups.keySet().iterator().next();
    int leader =
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leaderOf(group), id -> id > 0);
    int wiped = cluster.otherThan(leader);
    List<Acked> acked = new ArrayList<>();
    try (KafkaProducer<String, String> producer = producer()) {
      acked.addAll(send(producer, "before-", 400));
      assertThat(
              cluster.node(leader).replicas().group(group).map(GroupReplicas::shared).orElse(false))
          .isTrue();

      // when: a follower of the group loses its partitions and Raft groups, and writes go on
      cluster.stop(wiped);
      Path data = cluster.config(wiped).dataDir();
      deleteTree(data.resolve("partitions"));
      for (String g : groups.keySet()) {
        deleteTree(data.resolve("raft").resolve(g));
      }
      acked.addAll(send(producer, "during-", 4000));
    }
    // the live nodes snapshot the group (a snapshot of all four partitions) and purge its log
    for (Broker b : cluster.nodes().values()) {
      b.raft().snapshotNow(group, 30_000);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cluster.node(leader).raft().status(group).orElseThrow().logStartIndex())
                    .as("leader's Raft log start")
                    .isGreaterThan(100));
    Broker restarted = cluster.restart(wiped);

    // then: one snapshot installation brought back all four partitions
    for (int p : groups.get(group)) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> endOffset(restarted, p) == endOffset(cluster.node(leader), p));
      assertThat(records(restarted, p)).isEqualTo(records(cluster.node(leader), p));
    }
    assertThat(restarted.raft().status(group).orElseThrow().snapshotIndex()).isGreaterThan(100);

    // when: once every group is led by its preferred member again (so the node killed is the
    // group's leader for good), the group's leader dies and writes go on
    await().atMost(Duration.ofSeconds(30)).until(this::everyGroupLedByItsPreferredMember);
    int current = cluster.leaderOf(group);
    cluster.stop(current);
    try (KafkaProducer<String, String> producer = producer()) {
      acked.addAll(send(producer, "after-", 400));
    }

    // then: every acknowledged record is read back once, at its acknowledged offset
    Map<TopicPartition, Map<Long, String>> read = new HashMap<>();
    Broker survivor = cluster.any();
    for (int p = 0; p < PARTITIONS; p++) {
      int partition = p;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> endOffset(survivor, partition) >= expectedEnd(acked, partition));
      read.put(new TopicPartition(TOPIC, p), records(survivor, p));
    }
    Set<String> seen = new HashSet<>();
    for (Acked a : acked) {
      assertThat(read.get(a.partition()).get(a.offset())).isEqualTo(a.value());
      assertThat(seen.add(a.value())).isTrue();
    }
    int total = read.values().stream().mapToInt(Map::size).sum();
    assertThat(total).isEqualTo(acked.size());
  }

  @Test
  void shouldGroupATopicAsItsOwnConfigSaysAndRefuseToChangeThatLater() throws Exception {
    // given: a node whose own setting is a Raft group per partition
    Broker node = cluster.startSingle(dir.resolve("single"));
    try (Admin admin = TestBrokers.admin(node)) {
      // when: one topic asks for groups of 3, another does not ask; the first grows by 3
      admin
          .createTopics(
              List.of(
                  new NewTopic("grouped", 6, (short) 1)
                      .configs(Map.of(TopicCreator.PARTITIONS_PER_GROUP, "3")),
                  new NewTopic("plain", 2, (short) 1)))
          .all()
          .get();
      admin.createPartitions(Map.of("grouped", NewPartitions.increaseTo(9))).all().get();

      // then: 9 partitions in 3 groups (the added ones too), and a group per partition elsewhere
      assertThat(groupsOf(node, "grouped"))
          .containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8));
      assertThat(groupsOf(node, "plain")).containsExactly(List.of(0), List.of(1));
      try (KafkaProducer<String, String> producer = TestBrokers.producer(node, Map.of())) {
        for (int p = 0; p < 9; p++) {
          producer.send(new ProducerRecord<>("grouped", p, null, "v" + p)).get();
        }
      }
      assertThat(TestBrokers.readAll(TestBrokers.bootstrap(node), "grouped", 9))
          .containsExactlyInAnyOrderElementsOf(TestBrokers.values(9, "v"));

      // and: DescribeConfigs shows each topic's grouping
      ConfigResource grouped = new ConfigResource(ConfigResource.Type.TOPIC, "grouped");
      ConfigResource plain = new ConfigResource(ConfigResource.Type.TOPIC, "plain");
      var described = admin.describeConfigs(List.of(grouped, plain)).all().get();
      assertThat(described.get(grouped).get(TopicCreator.PARTITIONS_PER_GROUP).value())
          .isEqualTo("3");
      assertThat(described.get(plain).get(TopicCreator.PARTITIONS_PER_GROUP).value())
          .isEqualTo("1");

      // and: the setting cannot change afterwards, nor be less than 1
      var alter =
          admin.incrementalAlterConfigs(
              Map.of(
                  grouped,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(TopicCreator.PARTITIONS_PER_GROUP, "1"),
                          AlterConfigOp.OpType.SET))));
      assertThatThrownBy(() -> alter.all().get())
          .hasCauseInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("fixed when a topic is created");
      var bad =
          admin.createTopics(
              List.of(
                  new NewTopic("bad", 2, (short) 1)
                      .configs(Map.of(TopicCreator.PARTITIONS_PER_GROUP, "0"))));
      assertThatThrownBy(() -> bad.all().get())
          .hasCauseInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("at least 1");
    }
  }

  /** The partitions of each Raft group of a topic, in partition order. */
  private static List<List<Integer>> groupsOf(Broker b, String topic) {
    Map<String, List<Integer>> byGroup = new java.util.LinkedHashMap<>();
    for (PartitionAssignment a : b.raft().image().topic(topic).orElseThrow().partitions()) {
      byGroup.computeIfAbsent(a.groupId(), g -> new ArrayList<>()).add(a.partition());
    }
    return List.copyOf(byGroup.values());
  }

  private record Acked(TopicPartition partition, long offset, String value) {}

  private static long expectedEnd(List<Acked> acked, int partition) {
    return acked.stream()
            .filter(a -> a.partition().partition() == partition)
            .mapToLong(Acked::offset)
            .max()
            .orElse(-1)
        + 1;
  }

  /** The topic's groups, with their partitions, as the metadata image has them. */
  private Map<String, List<Integer>> groups() {
    Map<String, List<Integer>> out = new HashMap<>();
    for (Map.Entry<TopicInfo, PartitionAssignment> e :
        cluster.any().raft().image().allPartitions()) {
      if (e.getKey().name().equals(TOPIC)) {
        out.computeIfAbsent(e.getValue().groupId(), g -> new ArrayList<>())
            .add(e.getValue().partition());
      }
    }
    return out;
  }

  /** Whether each partition group's leader is a member with the group's highest Raft priority. */
  private boolean everyGroupLedByItsPreferredMember() throws IOException {
    for (String g : groups().keySet()) {
      GroupMembers members = cluster.members(g);
      int top = java.util.Collections.max(members.priorities().values());
      if (members.leader() < 0 || members.priorities().getOrDefault(members.leader(), -1) != top) {
        return false;
      }
    }
    return true;
  }

  private static long endOffset(Broker b, int partition) {
    return b.replicas()
        .replica(new TopicPartition(TOPIC, partition))
        .map(r -> r.highWatermark())
        .orElse(-1L);
  }

  private static Map<Long, String> records(Broker b, int partition) {
    return TestBrokers.logValues(b, new TopicPartition(TOPIC, partition));
  }

  /** Sends {@code count} records over all partitions in turn; returns what was acknowledged. */
  private static List<Acked> send(KafkaProducer<String, String> producer, String prefix, int count)
      throws Exception {
    List<Future<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(
          producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, prefix + i + "|" + PAD)));
    }
    List<Acked> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RecordMetadata m = futures.get(i).get();
      out.add(new Acked(new TopicPartition(TOPIC, m.partition()), m.offset(), prefix + i));
    }
    return out;
  }

  private void startCluster() throws Exception {
    cluster.start(
        dir,
        3,
        b ->
            b.partitionsPerGroup(4)
                .snapshots(
                    SnapshotSettings.defaults()
                        .withLogThreshold(100)
                        .withRaftLogSegmentBytes(2L * 1024 * 1024)));
  }

  private KafkaProducer<String, String> producer() {
    return TestBrokers.producer(
        cluster.bootstrap(),
        // a record per batch: many entries, so the group's log has segments to purge
        Map.of(
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            120_000,
            ProducerConfig.BATCH_SIZE_CONFIG,
            2500));
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
