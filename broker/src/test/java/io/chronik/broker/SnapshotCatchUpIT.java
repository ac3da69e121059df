package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.group.CommittedOffset;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.replication.ElectionJournal;
import io.chronik.broker.replication.GroupStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshots carry the partition data: the Raft log is purged up to them, and a follower whose data
 * dir was wiped catches up through snapshot installation.
 */
class SnapshotCatchUpIT {
  private static final String TOPIC = "snapped";
  private static final String IDLE = "idle";
  private static final String PAD = "x".repeat(4000);

  @TempDir Path dir;
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @ParameterizedTest(name = "partition dir lost too: {0}")
  @ValueSource(booleans = {true, false})
  void shouldCatchUpThroughSnapshotInstallationWhenAFollowerWasWiped(boolean partitionDirLost)
      throws Exception {
    // given: a 3-node cluster that snapshots every 100 entries, with a replicated partition
    startCluster(3);
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get();
    }
    String group = await().atMost(Duration.ofSeconds(30)).until(this::groupId, g -> g != null);
    int leader =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(this::partitionLeader, id -> id > 0 && cluster.nodes().containsKey(id));
    int wiped = cluster.otherThan(leader);
    List<Long> acked = new ArrayList<>();
    try (KafkaProducer<String, String> producer = producer()) {
      acked.addAll(send(producer, "before-", 300));
      // the leader records the commit index the follower answered with: after the wipe, that
      // record is what tells the restarted follower that its storage is gone
      assertThat(cluster.node(wiped).raft().commitIndexKnownToLeader(group, leader).get())
          .as("commit index the leader records for node %d", wiped)
          .isGreaterThanOrEqualTo(0);

      // when: the follower stops and loses the partition's Raft group (and its data, or keeps a
      // log the group's snapshot replaces), and writes go on
      cluster.stop(wiped);
      Path data = cluster.config(wiped).dataDir();
      if (partitionDirLost) {
        deleteTree(data.resolve("partitions"));
      }
      deleteTree(data.resolve("raft").resolve(group));
      acked.addAll(send(producer, "during-", 2500));
    }
    GroupStatus onLeader = cluster.node(leader).raft().status(group).orElseThrow();
    Broker restarted = cluster.restart(wiped);

    // then: the leader had purged its log, so the follower got a snapshot, not the whole log
    assertThat(onLeader.logStartIndex()).as("leader's Raft log start").isGreaterThan(100);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> endOffset(restarted) == endOffset(cluster.node(leader)));
    GroupStatus onFollower = restarted.raft().status(group).orElseThrow();
    assertThat(onFollower.logStartIndex()).as("follower's Raft log start").isGreaterThan(100);
    assertThat(onFollower.snapshotIndex()).isGreaterThan(100);
    // every acknowledged record is on the wiped node, at the offset it was acknowledged with
    Map<Long, String> fromFollower = records(restarted);
    assertThat(fromFollower.keySet()).containsAll(acked);
    assertThat(fromFollower).isEqualTo(records(cluster.node(leader)));
  }

  @Test
  void shouldRejoinThroughSnapshotInstallationWhenANodesWholeDataDirWasWiped() throws Exception {
    // given: a 3-node cluster whose partition and metadata Raft logs were compacted by snapshots
    startCluster(3);
    try (Admin admin = cluster.admin()) {
      admin
          .createTopics(
              List.of(new NewTopic(TOPIC, 1, (short) 3), new NewTopic(IDLE, 1, (short) 3)))
          .all()
          .get();
    }
    String group = await().atMost(Duration.ofSeconds(30)).until(this::groupId, g -> g != null);
    int leader =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(this::partitionLeader, id -> id > 0 && cluster.nodes().containsKey(id));
    int idleLeader =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> cluster.leaderOf(groupId(IDLE)),
                id -> id > 0 && cluster.nodes().containsKey(id));
    // a node that leads neither partition: both leaders keep their record of it
    int wiped =
        cluster.nodes().keySet().stream()
            .filter(id -> id != leader && id != idleLeader)
            .findFirst()
            .orElseThrow();
    String clusterId = cluster.node(leader).clusterId();
    List<Long> acked = new ArrayList<>();
    try (KafkaProducer<String, String> producer = producer()) {
      acked.addAll(send(producer, "before-", 300));
      // a partition nobody writes to after the wipe: its leader only sends heartbeats
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(IDLE, 0, null, "idle-" + i + "|")).get();
      }
    }
    compactMetadataLog(300);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.nodes().values().stream().allMatch(b -> endOffset(b, IDLE) == 10));

    String idleGroup = groupId(IDLE);
    Map<Integer, Integer> metaPriorities = priorities("__meta");
    Map<Integer, Integer> partitionPriorities = priorities(group);
    Map<Integer, Integer> idlePriorities = priorities(idleGroup);

    // when: the node stops, loses its whole data dir, and writes go on
    cluster.stop(wiped);
    deleteTree(cluster.config(wiped).dataDir());
    try (KafkaProducer<String, String> producer = producer()) {
      acked.addAll(send(producer, "during-", 2500));
    }
    commitOffset(cluster.node(leader), 4242);
    Broker restarted = cluster.restart(wiped);

    // then: it rejoined the same cluster and got both groups' snapshots installed
    assertThat(restarted.clusterId()).isEqualTo(clusterId);
    assertThat(NodeIdentity.exists(cluster.config(wiped).dataDir())).isTrue();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> endOffset(restarted) == endOffset(cluster.node(leader)));
    GroupStatus meta = restarted.raft().metaStatus().orElseThrow();
    assertThat(meta.snapshotIndex()).as("metadata snapshot installed").isGreaterThan(100);
    assertThat(meta.logStartIndex()).as("metadata Raft log start").isGreaterThan(100);
    GroupStatus partition = restarted.raft().status(group).orElseThrow();
    assertThat(partition.snapshotIndex()).as("partition snapshot installed").isGreaterThan(100);
    assertThat(partition.logStartIndex()).as("partition Raft log start").isGreaterThan(100);
    // the metadata (offsets committed before and after the wipe) and every acknowledged record
    await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset(restarted) == 4242);
    Map<Long, String> fromWiped = records(restarted);
    assertThat(fromWiped.keySet()).containsAll(acked);
    assertThat(fromWiped).isEqualTo(records(cluster.node(leader)));
    assertThat(records(restarted, IDLE)).hasSize(10).isEqualTo(records(cluster.node(leader), IDLE));
    // the idle partition's leader, which kept its stale record of the node and only sent it
    // heartbeats, handed leadership over (no election timeout), and the priorities raised for
    // hand-overs are back as they were
    assertThat(restarted.raft().journal().entries(idleGroup))
        .as("leader changes of the idle partition seen by the wiped node")
        .extracting(ElectionJournal.Entry::cause)
        .contains(ElectionJournal.Cause.TRANSFER);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(priorities("__meta")).isEqualTo(metaPriorities);
              assertThat(priorities(group)).isEqualTo(partitionPriorities);
              assertThat(priorities(idleGroup)).isEqualTo(idlePriorities);
            });
  }

  /** A group's Raft priorities by node id, as its leader reports them. */
  private Map<Integer, Integer> priorities(String groupKey) throws IOException {
    return cluster.members(groupKey, 30_000).priorities();
  }

  /**
   * Writes {@code commits} metadata entries in two terms (a leader change rolls the Raft log
   * segment, which can then be purged), snapshots the metadata group everywhere and waits until
   * every node purged its metadata log.
   */
  private void compactMetadataLog(int commits) throws Exception {
    for (int i = 0; i < commits / 2; i++) {
      commitOffset(cluster.any(), i);
    }
    int metaLeader = cluster.any().metaLeaderId();
    int next = cluster.otherThan(metaLeader);
    cluster
        .node(metaLeader)
        .raft()
        .transferLeader("__meta", cluster.node(metaLeader).raft().members("__meta"), next, 30_000);
    for (int i = commits / 2; i < commits; i++) {
      commitOffset(cluster.any(), i);
    }
    for (Broker b : cluster.nodes().values()) {
      b.raft().snapshotNow("__meta", 30_000);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(cluster.nodes().values())
                    .allSatisfy(
                        b ->
                            assertThat(b.raft().metaStatus().orElseThrow().logStartIndex())
                                .as("metadata log start on node %d", b.nodeId())
                                .isGreaterThan(100)));
  }

  private static void commitOffset(Broker via, long offset) throws Exception {
    via.raft()
        .submit(
            new MetaCommand.CommitOffsets(
                "wipe-group",
                Map.of(TOPIC, Map.of(0, new CommittedOffset(offset, -1, "", offset)))))
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static long committedOffset(Broker b) {
    CommittedOffset c =
        b.raft().image().groupOffsets("wipe-group").getOrDefault(TOPIC, Map.of()).get(0);
    return c == null ? -1 : c.offset();
  }

  @Test
  void shouldKeepTheRaftLogBoundedWhenWritesGoOn() throws Exception {
    // given
    startCluster(1);
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
    String group = await().atMost(Duration.ofSeconds(30)).until(this::groupId, g -> g != null);
    Broker node = cluster.node(1);
    Path raftDir = node.dataDir().resolve("raft").resolve(group).resolve("current");
    List<Long> starts = new ArrayList<>();
    List<Long> segmentFiles = new ArrayList<>();
    List<Long> segmentBytes = new ArrayList<>();

    // when: about 40 MB go through the partition's Raft log in rounds
    try (KafkaProducer<String, String> producer = producer()) {
      for (int round = 0; round < 5; round++) {
        send(producer, "r" + round + "-", 2000);
        starts.add(node.raft().status(group).orElseThrow().logStartIndex());
        segmentFiles.add((long) segments(raftDir).size());
        segmentBytes.add(segmentBytes(raftDir));
      }
    }

    // then: the log start keeps moving, and the segments stay few and small: each round writes
    // ~8 MB, the log holds at most the 100 entries since the last snapshot plus whole segments
    // of ~2 MiB that the next purge removes
    assertThat(starts.get(starts.size() - 1)).isGreaterThan(starts.get(1));
    assertThat(starts).isSorted();
    assertThat(segmentFiles).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(4));
    assertThat(segmentBytes).allSatisfy(b -> assertThat(b).isLessThan(12L * 1024 * 1024));
    assertThat(endOffset(node)).isEqualTo(10_000);
  }

  @Test
  void shouldKeepTheRaftLogBoundedInBytesWhenItsEntriesAreLarge() throws Exception {
    // given: an entry threshold out of reach and a time threshold of an hour, so that only the
    // bytes threshold, 4 MiB, can snapshot the partition's group
    cluster.start(
        dir,
        1,
        b ->
            b.snapshots(
                SnapshotSettings.defaults()
                    .withLogThreshold(1_000_000)
                    .withLogBytesThreshold(4L * 1024 * 1024)
                    .withRaftLogSegmentBytes(2L * 1024 * 1024)));
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
    String group = await().atMost(Duration.ofSeconds(30)).until(this::groupId, g -> g != null);
    Broker node = cluster.node(1);
    Path raftDir = node.dataDir().resolve("raft").resolve(group).resolve("current");

    // when: about 40 MB go through the partition's Raft log, in entries that carry many records
    try (KafkaProducer<String, String> producer = producer()) {
      for (int round = 0; round < 5; round++) {
        send(producer, "r" + round + "-", 2000);
      }
    }

    // then: the group was snapshotted and its log purged, so the log holds about the threshold
    // plus whole segments of ~2 MiB (checked once a second), not the 40 MB written
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(node.raft().status(group).orElseThrow().snapshotIndex()).isPositive();
              assertThat(segmentBytes(raftDir)).isLessThan(12L * 1024 * 1024);
            });
    assertThat(endOffset(node)).isEqualTo(10_000);
  }

  /**
   * The Raft log segments themselves (current/log_*), not the snapshot directories beside them,
   * whose hard links to partition segments are the partition's data.
   */
  private static List<Path> segments(Path raftCurrentDir) throws IOException {
    try (Stream<Path> files = Files.list(raftCurrentDir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("log_")).toList();
    }
  }

  private static long segmentBytes(Path raftCurrentDir) throws IOException {
    long bytes = 0;
    for (Path segment : segments(raftCurrentDir)) {
      bytes += Files.size(segment);
    }
    return bytes;
  }

  private String groupId() {
    return groupId(TOPIC);
  }

  private String groupId(String topic) {
    for (Broker b : cluster.nodes().values()) {
      for (Map.Entry<TopicInfo, PartitionAssignment> e : b.raft().image().allPartitions()) {
        if (e.getKey().name().equals(topic)) {
          return e.getValue().groupId();
        }
      }
    }
    return null;
  }

  private int partitionLeader() {
    return cluster.leaderOf(groupId());
  }

  private static long endOffset(Broker b) {
    return endOffset(b, TOPIC);
  }

  private static long endOffset(Broker b, String topic) {
    return b.replicas()
        .replica(new TopicPartition(topic, 0))
        .map(r -> r.highWatermark())
        .orElse(-1L);
  }

  private static Map<Long, String> records(Broker b) {
    return records(b, TOPIC);
  }

  private static Map<Long, String> records(Broker b, String topic) {
    return TestBrokers.logValues(b, new TopicPartition(topic, 0));
  }

  private List<Long> send(KafkaProducer<String, String> producer, String prefix, int count)
      throws Exception {
    List<Future<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(producer.send(new ProducerRecord<>(TOPIC, 0, null, prefix + i + "|" + PAD)));
    }
    List<Long> offsets = new ArrayList<>();
    for (Future<RecordMetadata> f : futures) {
      offsets.add(f.get().offset());
    }
    return offsets;
  }

  private void startCluster(int size) throws Exception {
    cluster.start(
        dir,
        size,
        b ->
            b.snapshots(
                SnapshotSettings.defaults()
                    .withLogThreshold(100)
                    .withRaftLogSegmentBytes(2L * 1024 * 1024)));
  }

  private KafkaProducer<String, String> producer() {
    return TestBrokers.producer(
        cluster.bootstrap(), Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
