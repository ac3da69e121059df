package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code chronik standalone --raft} processes under a seeded loop of mixed faults ({@link
 * SoakFaults}: kill -9 and restart, SIGSTOP and SIGCONT, leader transfers, snapshots) while an
 * idempotent acks=all producer writes and a consumer group of two reads and commits ({@link
 * SoakWorkload}). Two topics of six partitions, three replicas, min.insync.replicas=2: one with a
 * Raft group per partition, one with three partitions per group.
 *
 * <p>Once the cluster has healed: every acknowledged record is in the log exactly once, at the
 * offset it was acknowledged with, in the order it was sent; the group's committed offsets are
 * inside the log and the group resumes from them; every group has a leader and no lag; and,
 * stopped, every node's copy of every partition holds the same batches at the same offsets.
 *
 * <p>{@code -Dchronik.soak.seconds=N} runs faults for N seconds (default 90); {@code
 * -Dchronik.soak.seed=S} replays a seed (each run prints its own). A failed run keeps the nodes'
 * logs and data dirs under {@code target/soak-failures/seed-S/}.
 */
class FailoverSoakIT {
  private static final String SPREAD = "soak";
  private static final String GROUPED = "soak-grouped";
  private static final int PARTITIONS = 6;

  /** The metadata group, a group per partition of SPREAD, two groups of three for GROUPED. */
  private static final int GROUPS = 1 + PARTITIONS + 2;

  /**
   * Settings that make the code paths a long-running node takes run within a short soak: a snapshot
   * every 2,000 entries of a group (then the Raft log is purged, and a node that was down gets a
   * snapshot installed) and partition segments of 1 MiB (segments roll and snapshots link closed
   * ones).
   */
  private static final Map<String, String> NODE_SETTINGS =
      Map.of("CHRONIK_SNAPSHOT_LOG_THRESHOLD", "2000", "CHRONIK_LOG_SEGMENT_BYTES", "1048576");

  @TempDir Path dir;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (NodeProcess n : nodes) {
      n.close();
    }
  }

  @Test
  void shouldLoseNothingAndKeepReplicasIdenticalUnderMixedFaults() throws Exception {
    long seed = Long.getLong("chronik.soak.seed", System.nanoTime());
    Duration duration = Duration.ofSeconds(Long.getLong("chronik.soak.seconds", 90));
    System.out.printf(
        "soak: seed %d (replay with -Dchronik.soak.seed=%d), %d s of faults%n",
        seed, seed, duration.toSeconds());
    SoakFaults faults = null;
    try {
      // given
      NodeProcess.startCluster(dir, 3, nodes, NODE_SETTINGS);
      createTopics();
      try (SoakWorkload workload =
          new SoakWorkload(NodeProcess.liveBootstrap(nodes), List.of(SPREAD, GROUPED))) {
        faults = new SoakFaults(seed, nodes, topics(), GROUPS, workload);
        faults.awaitWhole();
        startFromZero();
        workload.start(2);
        faults.awaitWrites();

        // when
        faults.run(duration);

        // then
        faults.awaitWhole();
        faults.awaitWrites();
        workload.stopWriting();
        workload.stopReading();
        System.out.printf(
            "soak: %d records acknowledged; longest write stall of a partition: %s%n",
            workload.ackedCount(), workload.longestStall());
        assertThat(workload.producerErrors()).as("failed sends").isEmpty();
        assertThat(workload.readerErrors()).as("consumer group errors").isEmpty();
        assertThat(faults.failedActions()).as("operations on a whole cluster").isEmpty();
        assertThat(workload.ackedCount()).isPositive();
        awaitNoLag();
        Map<TopicPartition, Map<Long, String>> log = SoakAudit.readAll(nodes, partitions());
        SoakAudit.assertExactlyOnce(workload.acked(), log);
        assertGroupResumes(workload, log);
        assertReplicasIdentical(log);
      }
      System.out.printf("soak: seed %d passed%n", seed);
    } catch (Throwable t) {
      stop();
      Path kept = keep(seed, faults);
      throw new AssertionError(
          "soak seed "
              + seed
              + " failed (replay with -Dchronik.soak.seed="
              + seed
              + "; logs, data dirs and the fault journal are in "
              + kept
              + "): "
              + t.getMessage()
              + lastFaults(faults),
          t);
    }
  }

  private void createTopics() throws Exception {
    Map<String, String> spread = Map.of("min.insync.replicas", "2");
    Map<String, String> grouped = Map.of("min.insync.replicas", "2", "partitions.per.group", "3");
    try (Admin admin = NodeProcess.admin(nodes)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(SPREAD, PARTITIONS, (short) 3).configs(spread),
                  new NewTopic(GROUPED, PARTITIONS, (short) 3).configs(grouped)))
          .all()
          .get();
    }
  }

  /** The group starts at offset 0 everywhere, so that its members never need a reset policy. */
  private void startFromZero() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
    partitions().forEach(tp -> zero.put(tp, new OffsetAndMetadata(0)));
    try (Admin admin = NodeProcess.admin(nodes)) {
      admin.alterConsumerGroupOffsets(SoakWorkload.GROUP, zero).all().get();
    }
  }

  /** Every group has a leader, its followers have everything, every node applied everything. */
  private void awaitNoLag() {
    await("no group lags")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode status = nodes.get(0).clusterStatus();
              assertThat(status.get("groups")).hasSize(GROUPS);
              for (JsonNode g : status.get("groups")) {
                assertThat(g.get("leader").asInt()).as("leader of %s", g).isPositive();
                for (JsonNode f : g.get("followers")) {
                  assertThat(f.get("lag").asLong()).as("lag in %s", g).isZero();
                }
              }
              for (NodeProcess n : nodes) {
                for (JsonNode g : n.raftGroups()) {
                  assertThat(g.get("appliedIndex").asLong())
                      .as("node %d applied of %s", n.nodeId, g.get("groupId"))
                      .isGreaterThanOrEqualTo(g.get("commitIndex").asLong());
                }
              }
            });
  }

  /**
   * The group's committed offsets are inside the log; a new member resumes exactly there and reads
   * to the end; the group has then read every acknowledged record.
   */
  private void assertGroupResumes(SoakWorkload workload, Map<TopicPartition, Map<Long, String>> log)
      throws Exception {
    Map<TopicPartition, Long> ends = new HashMap<>();
    Map<TopicPartition, Long> committed = new HashMap<>();
    try (Admin admin = NodeProcess.admin(nodes)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      admin.listOffsets(latest).all().get().forEach((tp, o) -> ends.put(tp, o.offset()));
      admin
          .listConsumerGroupOffsets(SoakWorkload.GROUP)
          .partitionsToOffsetAndMetadata()
          .get()
          .forEach((tp, o) -> committed.put(tp, o.offset()));
    }
    assertThat(committed.keySet()).containsExactlyInAnyOrderElementsOf(partitions());
    for (TopicPartition tp : partitions()) {
      assertThat(committed.get(tp))
          .as("committed offset of %s", tp)
          .isLessThanOrEqualTo(ends.get(tp));
      assertThat(log.get(tp)).as("records of %s", tp).hasSize(ends.get(tp).intValue());
    }
    SoakAudit.Resumed resumed =
        SoakAudit.resume(NodeProcess.liveBootstrap(nodes), SoakWorkload.GROUP, ends);
    assertThat(resumed.startedAt()).as("where the group resumed").isEqualTo(committed);
    Set<String> seen = new HashSet<>(workload.groupSeen());
    seen.addAll(resumed.keys());
    Set<String> unread = new HashSet<>(workload.acked().keySet());
    unread.removeAll(seen);
    assertThat(unread).as("acknowledged keys the group never read").isEmpty();
  }

  /**
   * Stops every node cleanly and compares their segment files: each partition's batches, with
   * offsets, leader epochs and CRCs, are the same on every replica and span the whole log.
   */
  private void assertReplicasIdentical(Map<TopicPartition, Map<Long, String>> log)
      throws Exception {
    for (NodeProcess n : nodes) {
      n.close();
    }
    for (TopicPartition tp : partitions()) {
      Map<Integer, List<ReplicaLogs.Batch>> copies = new LinkedHashMap<>();
      for (NodeProcess n : nodes) {
        copies.put(n.nodeId, ReplicaLogs.batches(n.dataDir(), tp.topic(), tp.partition()));
      }
      List<ReplicaLogs.Batch> first = copies.get(nodes.get(0).nodeId);
      assertThat(first).as("batches of %s", tp).allMatch(ReplicaLogs.Batch::valid);
      long end = first.isEmpty() ? 0 : first.get(first.size() - 1).lastOffset() + 1;
      assertThat(end).as("log end of %s on disk", tp).isEqualTo(log.get(tp).size());
      copies.forEach(
          (id, batches) ->
              assertThat(batches)
                  .as("node %d's copy of %s against node %d's", id, tp, nodes.get(0).nodeId)
                  .isEqualTo(first));
    }
  }

  private static Map<String, Integer> topics() {
    return Map.of(SPREAD, PARTITIONS, GROUPED, PARTITIONS);
  }

  private static List<TopicPartition> partitions() {
    List<TopicPartition> out = new ArrayList<>();
    for (String topic : List.of(SPREAD, GROUPED)) {
      for (int p = 0; p < PARTITIONS; p++) {
        out.add(new TopicPartition(topic, p));
      }
    }
    return out;
  }

  /**
   * The journal's last lines, for the failure message: a CI run keeps only its console output, not
   * the kept files.
   */
  private static String lastFaults(SoakFaults faults) {
    if (faults == null) {
      return "";
    }
    List<String> journal = faults.journal();
    return "\nlast faults:\n"
        + String.join("\n", journal.subList(Math.max(0, journal.size() - 25), journal.size()));
  }

  /** Copies the nodes' logs and data dirs and the fault journal where a failed run keeps them. */
  private Path keep(long seed, SoakFaults faults) throws IOException {
    Path target =
        Path.of(System.getProperty("chronik.soak.keep", "target/soak-failures"))
            .resolve("seed-" + seed)
            .toAbsolutePath();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path source : files.toList()) {
        Path copy = target.resolve(dir.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    if (faults != null) {
      Files.write(target.resolve("journal.txt"), faults.journal());
    }
    return target;
  }
}
