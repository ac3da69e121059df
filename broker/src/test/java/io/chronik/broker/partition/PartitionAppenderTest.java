package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.log.LogConfig;
import io.chronik.broker.log.PartitionLog;
import io.chronik.broker.replication.GroupHost;
import io.chronik.broker.replication.GroupStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit at a partition leader: which entries go out (multi-append only while the cluster's
 * entry-format level allows it) and when a partition's lane goes. The entries are applied to a real
 * replica; only the Raft round trip is held by the test, so entries in flight can be observed.
 */
class PartitionAppenderTest {
  private static final LogConfig CONFIG = new LogConfig(1 << 20, Long.MAX_VALUE, -1, -1, 4096);
  private static final String GROUP = "9f1c3a8e-0000-4000-8000-000000000001";

  @TempDir Path dir;
  private PartitionReplica replica;
  private final HeldRaft raft = new HeldRaft();

  @AfterEach
  void close() {
    if (replica != null) {
      replica.close();
    }
  }

  @Test
  void shouldFoldQueuedAppendsIntoOneEntryWhenEveryNodeAppliesMultiAppend() throws Exception {
    // given: an entry in flight, three appends queued behind it
    replica = replica();
    PartitionAppender appender = new PartitionAppender(raft, 1, () -> 1_000L, () -> true);
    List<CompletableFuture<PartitionEntry.Reply>> replies =
        appendEach(appender, "a", "b", "c", "d");

    // when
    raft.releaseAll();
    raft.releaseAll();

    // then: the first entry alone, then one multi-append with the three others
    assertThat(raft.types).containsExactly(PartitionEntry.APPEND, PartitionEntry.MULTI_APPEND);
    assertThat(replies).extracting(f -> f.join().baseOffset()).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void shouldProposeOnlyPlainAppendsWhenSomeNodeDoesNotApplyMultiAppend() throws Exception {
    // given: a node of an older release is registered
    replica = replica();
    PartitionAppender appender = new PartitionAppender(raft, 1, () -> 1_000L, () -> false);
    List<CompletableFuture<PartitionEntry.Reply>> replies =
        appendEach(appender, "a", "b", "c", "d");

    // when
    raft.releaseAll();
    raft.releaseAll();

    // then: one plain entry per append, in order
    assertThat(raft.types).containsOnly(PartitionEntry.APPEND).hasSize(4);
    assertThat(replies).extracting(f -> f.join().baseOffset()).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void shouldCarryTheAppendsOfEveryPartitionOfASharedGroupInGroupEntries() throws Exception {
    // given: a group carrying partitions 0 and 1; an entry in flight, appends to both queued
    PartitionReplica p0 = replica(0);
    PartitionReplica p1 = replica(1);
    GroupReplicas group = new GroupReplicas(GROUP, List.of(p0, p1));
    raft.applier = entry -> group.applyEntry(entry, 1);
    PartitionAppender appender = new PartitionAppender(raft, 1, () -> 1_000L, () -> true);
    List<CompletableFuture<PartitionEntry.Reply>> replies = new ArrayList<>();
    int[] partitions = {0, 1, 1, 0};
    for (int i = 0; i < partitions.length; i++) {
      replies.add(appender.append(GROUP, true, partitions[i], records("v" + i)));
    }

    // when
    raft.releaseAll();
    raft.releaseAll();

    // then: group entries even for one append; each partition counts its own offsets
    try {
      assertThat(raft.types)
          .containsExactly(PartitionEntry.GROUP_APPEND, PartitionEntry.GROUP_APPEND);
      assertThat(replies).extracting(f -> f.join().baseOffset()).containsExactly(0L, 0L, 1L, 1L);
      assertThat(p0.highWatermark()).isEqualTo(2L);
      assertThat(p1.highWatermark()).isEqualTo(2L);
    } finally {
      p0.close();
      p1.close();
    }
  }

  @Test
  void shouldDropALaneWhenItsReplicaLeftAndItsEntriesCompleted() throws Exception {
    // given: two partitions written, one with an entry still in flight
    replica = replica();
    PartitionAppender appender = new PartitionAppender(raft, 1, () -> 1_000L, () -> true);
    String idle = "9f1c3a8e-0000-4000-8000-000000000002";
    appender.append(idle, false, 0, records("x"));
    raft.releaseAll();
    CompletableFuture<PartitionEntry.Reply> busy = appender.append(GROUP, false, 0, records("y"));
    assertThat(appender.lanes()).containsExactlyInAnyOrder(GROUP, idle);

    // when: both replicas leave this node
    appender.forget(idle);
    appender.forget(GROUP);

    // then: the idle lane is gone at once, the busy one once its entry completed
    assertThat(appender.lanes()).containsExactly(GROUP);
    raft.releaseAll();
    assertThat(busy.join().baseOffset()).isEqualTo(1L);
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.lanes().isEmpty());
  }

  private PartitionReplica replica() throws Exception {
    PartitionReplica r = replica(0);
    raft.applier = entry -> r.applyEntry(entry, 1);
    return r;
  }

  private PartitionReplica replica(int partition) throws Exception {
    return new PartitionReplica(
        new PartitionIdentity("t", "topic-id", partition, GROUP),
        PartitionLog.open(dir.resolve("p" + partition), CONFIG));
  }

  private static ByteBuffer records(String value) {
    return MemoryRecords.withRecords(
            Compression.NONE,
            new SimpleRecord(1_000L, null, value.getBytes(StandardCharsets.UTF_8)))
        .buffer();
  }

  /**
   * This node's only partition group, whose Raft round trip waits for the test: a submitted entry
   * is applied by {@link #applier} (every group writes to the same replicas) when the test releases
   * it.
   */
  private static final class HeldRaft implements GroupHost {
    final List<Byte> types = new ArrayList<>();
    java.util.function.UnaryOperator<ByteBuffer> applier;
    private final List<Runnable> held = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<ByteBuffer> submit(String groupId, ByteBuffer payload) {
      types.add(payload.get(payload.position()));
      CompletableFuture<ByteBuffer> reply = new CompletableFuture<>();
      held.add(() -> reply.complete(applier.apply(payload)));
      return reply;
    }

    /** Commits and applies every entry in flight, in the order they were proposed. */
    void releaseAll() {
      List<Runnable> now;
      synchronized (this) {
        now = new ArrayList<>(held);
        held.clear();
      }
      now.forEach(Runnable::run);
    }

    @Override
    public CompletableFuture<Void> readBarrier(String groupId) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addGroup(String groupId, List<Integer> replicas) {}

    @Override
    public void removeGroup(String groupId) {}

    @Override
    public Set<String> localGroups() {
      return Set.of(GROUP);
    }

    @Override
    public Optional<GroupStatus> status(String groupId) {
      return Optional.empty();
    }

    @Override
    public List<GroupStatus> statuses() {
      return List.of();
    }
  }

  /** Appends one record per value, in order; the first goes out, the others queue behind it. */
  private List<CompletableFuture<PartitionEntry.Reply>> appendEach(
      PartitionAppender appender, String... values) {
    List<CompletableFuture<PartitionEntry.Reply>> replies = new ArrayList<>();
    for (String v : values) {
      replies.add(appender.append(GROUP, false, 0, records(v)));
    }
    return replies;
  }
}
