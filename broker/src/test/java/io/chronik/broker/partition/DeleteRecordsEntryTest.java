package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.log.LogConfig;
import io.chronik.broker.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delete-records entries: every replica moves its log start offset at the same point. */
class DeleteRecordsEntryTest {
  private static final LogConfig SMALL_SEGMENTS = new LogConfig(2048, Long.MAX_VALUE, -1, -1, 256);
  private static final String GROUP = "5e0c2b1a-0000-4000-8000-000000000009";

  @TempDir Path dir;
  private final List<PartitionReplica> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(PartitionReplica::close);
  }

  @Test
  void shouldMoveTheLogStartOfEveryReplicaAlikeWhenTheEntryIsApplied() throws Exception {
    // given: two replicas of one partition that applied the same 40 appends
    GroupReplicas leader = group("leader", 0);
    GroupReplicas follower = group("follower", 0);
    for (GroupReplicas g : List.of(leader, follower)) {
      appendAll(g, 0, 40);
    }

    int segmentsBefore = leader.first().log().segmentCount();

    // when: both apply the same delete-records entry
    ByteBuffer entry =
        PartitionEntry.deleteRecords(1_000L, List.of(new PartitionEntry.Deletion(0, 25)));
    List<PartitionEntry.Reply> replies = new ArrayList<>();
    for (GroupReplicas g : List.of(leader, follower)) {
      replies.add(PartitionEntry.repliesOf(g.applyEntry(entry, 1), 1).get(0));
    }

    // then: the same log start offset, reported as the low watermark; the records stay readable
    // from it, and closed segments wholly below it are gone
    assertThat(replies).containsOnly(new PartitionEntry.Reply(Errors.NONE, -1, 25));
    for (GroupReplicas g : List.of(leader, follower)) {
      PartitionLog log = g.first().log();
      assertThat(log.logStartOffset()).isEqualTo(25);
      assertThat(log.logEndOffset()).isEqualTo(40);
      assertThat(log.read(25, 1 << 20, 40, true).records().sizeInBytes()).isPositive();
    }
    assertThat(leader.first().log().segmentCount()).isLessThan(segmentsBefore);
  }

  @Test
  void shouldRefuseAnOffsetAboveTheHighWatermarkAndNeverMoveTheStartBack() throws Exception {
    // given
    GroupReplicas g = group("node", 0);
    appendAll(g, 0, 10);
    g.applyEntry(PartitionEntry.deleteRecords(1L, List.of(new PartitionEntry.Deletion(0, 6))), 1);

    // when
    PartitionEntry.Reply above =
        apply(g, PartitionEntry.deleteRecords(1L, List.of(new PartitionEntry.Deletion(0, 11))));
    PartitionEntry.Reply below =
        apply(g, PartitionEntry.deleteRecords(1L, List.of(new PartitionEntry.Deletion(0, 3))));
    PartitionEntry.Reply atEnd =
        apply(g, PartitionEntry.deleteRecords(1L, List.of(new PartitionEntry.Deletion(0, 10))));

    // then
    assertThat(above).isEqualTo(new PartitionEntry.Reply(Errors.OFFSET_OUT_OF_RANGE, -1, 6));
    assertThat(below).isEqualTo(new PartitionEntry.Reply(Errors.NONE, -1, 6));
    assertThat(atEnd).isEqualTo(new PartitionEntry.Reply(Errors.NONE, -1, 10));
    assertThat(g.first().log().logEndOffset()).isEqualTo(10);
  }

  @Test
  void shouldDeleteFromEachNamedPartitionWhenTheGroupCarriesSeveral() throws Exception {
    // given: a group of partitions 0, 1 and 2, with 5 records in each
    GroupReplicas g = group("shared", 0, 1, 2);
    for (int p = 0; p < 3; p++) {
      for (int i = 0; i < 5; i++) {
        g.applyEntry(
            PartitionEntry.groupAppend(
                1L, List.of(new PartitionEntry.PartitionAppend(p, records(i)))),
            1);
      }
    }

    // when: partitions 2 and 0 are named, and partition 7, which the group does not carry
    ByteBuffer entry =
        PartitionEntry.deleteRecords(
            1L,
            List.of(
                new PartitionEntry.Deletion(2, 4),
                new PartitionEntry.Deletion(0, 9),
                new PartitionEntry.Deletion(7, 1)));
    List<PartitionEntry.Reply> replies = PartitionEntry.repliesOf(g.applyEntry(entry, 1), 3);

    // then
    assertThat(replies)
        .containsExactly(
            new PartitionEntry.Reply(Errors.NONE, -1, 4),
            new PartitionEntry.Reply(Errors.OFFSET_OUT_OF_RANGE, -1, 0),
            PartitionEntry.Reply.corrupt(-1));
    assertThat(g.all()).extracting(r -> r.log().logStartOffset()).containsExactly(0L, 0L, 4L);
  }

  @Test
  void shouldKeepTheDeletedStartWhenTheReplicaRestoresItsSnapshot() throws Exception {
    // given: records deleted before a snapshot, whose log-start file is then lost
    GroupReplicas g = group("node", 0);
    appendAll(g, 0, 40);
    apply(g, PartitionEntry.deleteRecords(1L, List.of(new PartitionEntry.Deletion(0, 30))));
    Path snapshot = dir.resolve("snapshot");
    g.snapshotInto(snapshot);
    g.first().close();
    opened.remove(g.first());
    java.nio.file.Files.delete(dir.resolve("node").resolve("log-start-offset"));

    // when: the replica restarts from the snapshot, and a follower installs it
    GroupReplicas restarted = group("node", 0);
    restarted.restore(snapshot, false);
    GroupReplicas installed = group("installed", 0);
    installed.restore(snapshot, true);

    // then
    assertThat(restarted.first().log().logStartOffset()).isEqualTo(30);
    assertThat(installed.first().log().logStartOffset()).isEqualTo(30);
    assertThat(installed.first().highWatermark()).isEqualTo(40);
  }

  private static PartitionEntry.Reply apply(GroupReplicas g, ByteBuffer entry) {
    return PartitionEntry.repliesOf(g.applyEntry(entry, 1), 1).get(0);
  }

  private GroupReplicas group(String name, int... partitions) throws Exception {
    List<PartitionReplica> replicas = new ArrayList<>();
    for (int p : partitions) {
      PartitionIdentity id = new PartitionIdentity("t", "topic-id", p, GROUP);
      Path logDir = partitions.length == 1 ? dir.resolve(name) : dir.resolve(name + "-" + p);
      PartitionReplica r = new PartitionReplica(id, PartitionLog.open(logDir, SMALL_SEGMENTS));
      opened.add(r);
      replicas.add(r);
    }
    return new GroupReplicas(GROUP, replicas);
  }

  private static void appendAll(GroupReplicas g, int from, int count) {
    for (int i = from; i < from + count; i++) {
      g.applyEntry(PartitionEntry.append(1_000L + i, records(i)), 1);
    }
  }

  private static ByteBuffer records(int i) {
    return MemoryRecords.withRecords(
            Compression.NONE,
            new SimpleRecord(1_000L + i, null, ("value-" + i + "-" + "x".repeat(100)).getBytes()))
        .buffer();
  }
}
