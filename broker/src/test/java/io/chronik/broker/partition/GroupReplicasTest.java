package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.log.LogConfig;
import io.chronik.broker.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** A Raft group that carries several partitions: its entries, its snapshot and its restore. */
class GroupReplicasTest {
  private static final LogConfig CONFIG = new LogConfig(1 << 20, Long.MAX_VALUE, -1, -1, 4096);
  private static final String GROUP = "5e0c2b1a-0000-4000-8000-000000000007";

  @TempDir Path dir;
  private final List<PartitionReplica> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(PartitionReplica::close);
  }

  @Test
  void shouldApplyEachAppendOfAGroupEntryToItsOwnPartition() throws Exception {
    // given
    GroupReplicas group = group("live", 0, 1, 2);

    // when: one entry with appends to partitions 2, 0, 2 and 1
    List<PartitionEntry.PartitionAppend> appends =
        List.of(append(2, "a"), append(0, "b"), append(2, "c"), append(1, "d"));
    List<PartitionEntry.Reply> replies =
        PartitionEntry.repliesOf(
            group.applyEntry(PartitionEntry.groupAppend(1_000L, appends), 1), appends.size());

    // then: offsets count per partition
    assertThat(replies).extracting(PartitionEntry.Reply::error).containsOnly(Errors.NONE);
    assertThat(replies)
        .extracting(PartitionEntry.Reply::baseOffset)
        .containsExactly(0L, 0L, 1L, 0L);
    assertThat(group.all()).extracting(PartitionReplica::highWatermark).containsExactly(1L, 1L, 2L);
    assertThat(group.name()).isEqualTo("t-0..2");
    assertThat(group.partitionsTag()).isEqualTo("0..2");
  }

  @Test
  void shouldRefuseOnlyTheAppendThatNamesAPartitionTheGroupDoesNotCarry() throws Exception {
    // given
    GroupReplicas group = group("live", 0, 1);

    // when
    List<PartitionEntry.PartitionAppend> appends = List.of(append(0, "a"), append(7, "b"));
    List<PartitionEntry.Reply> replies =
        PartitionEntry.repliesOf(
            group.applyEntry(PartitionEntry.groupAppend(1_000L, appends), 1), appends.size());

    // then
    assertThat(replies)
        .extracting(PartitionEntry.Reply::error)
        .containsExactly(Errors.NONE, Errors.CORRUPT_MESSAGE);
    assertThat(group.first().highWatermark()).isEqualTo(1L);
  }

  @Test
  void shouldRefuseAnEntryWithoutPartitionsInAGroupOfSeveral() throws Exception {
    // given
    GroupReplicas group = group("live", 0, 1);
    ByteBuffer plain = PartitionEntry.append(1_000L, records("a"));

    // when / then: which partition it is for is unknown, so nothing is applied
    assertThatThrownBy(() -> group.applyEntry(plain, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t-0..1");
    assertThat(group.all()).extracting(PartitionReplica::highWatermark).containsOnly(0L);
  }

  @Test
  void shouldRestoreEveryPartitionOfAGroupFromItsSnapshot() throws Exception {
    // given: a group with data in both partitions, snapshotted
    GroupReplicas source = group("source", 0, 1);
    source.applyEntry(
        PartitionEntry.groupAppend(1_000L, List.of(append(0, "a"), append(1, "b"), append(1, "c"))),
        1);
    Path snapshot = Files.createDirectories(dir.resolve("snapshot"));
    source.snapshotInto(snapshot);

    // when: a fresh copy of the group (a wiped follower) installs it
    GroupReplicas target = group("target", 0, 1);
    target.restore(snapshot, true);

    // then
    assertThat(GroupReplicas.isComplete(snapshot)).isTrue();
    assertThat(Files.readString(snapshot.resolve(GroupReplicas.GROUP_STATE_FILE)))
        .isEqualTo("0\n1\n");
    assertThat(snapshot.resolve("0").resolve(PartitionReplica.STATE_FILE)).isRegularFile();
    assertThat(target.all()).extracting(PartitionReplica::highWatermark).containsExactly(1L, 2L);
  }

  @Test
  void shouldKeepTheSnapshotOfAGroupOfOnePartitionAtTheTop() throws Exception {
    // given
    GroupReplicas group = group("single", 0);
    group.applyEntry(PartitionEntry.append(1_000L, records("a")), 1);
    Path snapshot = Files.createDirectories(dir.resolve("snapshot"));

    // when
    group.snapshotInto(snapshot);

    // then: the layout of groups from before groups could carry several partitions
    assertThat(snapshot.resolve(PartitionReplica.STATE_FILE)).isRegularFile();
    assertThat(snapshot.resolve(GroupReplicas.GROUP_STATE_FILE)).doesNotExist();
    assertThat(GroupReplicas.isComplete(snapshot)).isTrue();
    assertThat(group.name()).isEqualTo("t-0");
  }

  private GroupReplicas group(String name, int... partitions) throws Exception {
    List<PartitionReplica> replicas = new ArrayList<>();
    for (int p : partitions) {
      PartitionReplica r =
          new PartitionReplica(
              new PartitionIdentity("t", "topic-id", p, GROUP),
              PartitionLog.open(dir.resolve(name).resolve("t-" + p), CONFIG));
      opened.add(r);
      replicas.add(r);
    }
    return new GroupReplicas(GROUP, replicas);
  }

  private static PartitionEntry.PartitionAppend append(int partition, String value) {
    return new PartitionEntry.PartitionAppend(partition, records(value));
  }

  private static ByteBuffer records(String value) {
    return MemoryRecords.withRecords(
            Compression.NONE,
            new SimpleRecord(1_000L, null, value.getBytes(StandardCharsets.UTF_8)))
        .buffer();
  }
}
