package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.log.FetchData;
import io.chronik.broker.log.LogConfig;
import io.chronik.broker.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partition snapshot carries the data: a replica rebuilt from it holds the same log. */
class PartitionSnapshotTest {
  private static final LogConfig SMALL_SEGMENTS = new LogConfig(2048, Long.MAX_VALUE, -1, -1, 256);

  @TempDir Path dir;
  private final List<PartitionReplica> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(PartitionReplica::close);
  }

  @Test
  void shouldReproduceTheLogWhenAWipedReplicaInstallsTheSnapshot() throws Exception {
    // given: a replica with several segments, snapshotted, then written further
    PartitionReplica leader = replica("leader");
    appendAll(leader, 0, 60);
    Path snapshot = dir.resolve("snapshot");
    List<String> files = leader.snapshotInto(snapshot);
    long snapshotEnd = leader.highWatermark();
    appendAll(leader, 60, 20);

    // when: an empty replica installs the snapshot and applies the same later entries
    PartitionReplica follower = replica("follower");
    follower.restore(snapshot, true);
    long restoredEnd = follower.highWatermark();
    appendAll(follower, 60, 20);

    // then
    assertThat(files).contains(PartitionReplica.STATE_FILE, "leader-epoch-checkpoint");
    assertThat(files.stream().filter(f -> f.endsWith(".log")).count()).isGreaterThan(2);
    assertThat(restoredEnd).isEqualTo(snapshotEnd).isEqualTo(60);
    assertThat(follower.highWatermark()).isEqualTo(leader.highWatermark()).isEqualTo(80);
    assertThat(values(follower)).isEqualTo(values(leader));
    assertThat(follower.log().latestEpoch()).isEqualTo(leader.log().latestEpoch());
  }

  @Test
  void shouldKeepTheSnapshotReadableWhenRetentionDeletesItsSegments() throws Exception {
    // given
    PartitionReplica leader = replica("leader");
    appendAll(leader, 0, 60);
    List<String> before = values(leader);
    Path snapshot = dir.resolve("snapshot");
    leader.snapshotInto(snapshot);
    appendAll(leader, 60, 5);

    // when: every closed segment goes
    leader.log().deleteRecordsBefore(leader.highWatermark());
    PartitionReplica follower = replica("follower");
    follower.restore(snapshot, true);

    // then
    assertThat(leader.log().logStartOffset()).isEqualTo(65);
    assertThat(values(follower)).isEqualTo(before);
  }

  @Test
  void shouldLeaveOutWhatRetentionNoLongerKeepsWhenTheSnapshotIsTaken() throws Exception {
    // given: 60 records (~9 KiB in 2 KiB segments) in a topic that keeps about 4 KiB, and the
    // periodic retention has not run yet
    PartitionIdentity id = new PartitionIdentity("t", "topic-id", 0, "g-kept");
    PartitionReplica replica =
        new PartitionReplica(
            id,
            PartitionLog.open(
                dir.resolve("kept"), new LogConfig(2048, Long.MAX_VALUE, -1, 4096, 256)));
    open.add(replica);
    appendAll(replica, 0, 60);
    long allBytes = replica.log().sizeInBytes();

    // when
    Path snapshot = dir.resolve("snapshot");
    List<String> files = replica.snapshotInto(snapshot);

    // then: the snapshot holds only what the log keeps, and installs as that
    long snapshotLogBytes = 0;
    for (String f : files) {
      if (f.endsWith(".log")) {
        snapshotLogBytes += Files.size(snapshot.resolve(f));
      }
    }
    assertThat(replica.log().logStartOffset()).isPositive();
    assertThat(snapshotLogBytes).isLessThanOrEqualTo(4096 + 2048).isLessThan(allBytes);
    PartitionReplica follower = replica("follower");
    follower.restore(snapshot, true);
    assertThat(follower.log().logStartOffset()).isEqualTo(replica.log().logStartOffset());
    assertThat(values(follower)).isEqualTo(values(replica));
  }

  @Test
  void shouldCutBackToTheSnapshotWhenTheLogIsAheadOfIt() throws Exception {
    // given
    PartitionReplica replica = replica("node");
    appendAll(replica, 0, 30);
    Path snapshot = dir.resolve("snapshot");
    replica.snapshotInto(snapshot);
    List<String> atSnapshot = values(replica);
    appendAll(replica, 30, 10);

    // when
    replica.restore(snapshot, false);

    // then: Raft replays the entries after the snapshot
    assertThat(replica.highWatermark()).isEqualTo(30);
    assertThat(values(replica)).isEqualTo(atSnapshot);
  }

  @Test
  void shouldRebuildFromTheSnapshotWhenThePartitionDirLostData() throws Exception {
    // given
    PartitionReplica replica = replica("node");
    appendAll(replica, 0, 40);
    Path snapshot = dir.resolve("snapshot");
    replica.snapshotInto(snapshot);
    List<String> atSnapshot = values(replica);
    replica.close();
    open.remove(replica);
    try (var files = Files.list(dir.resolve("node"))) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith(".log")) {
          Files.delete(f);
        }
      }
    }

    // when: a restart finds a log shorter than its snapshot
    PartitionReplica restarted = replica("node");
    restarted.restore(snapshot, false);

    // then
    assertThat(values(restarted)).isEqualTo(atSnapshot);
    assertThat(Files.exists(snapshot.resolve(PartitionReplica.STATE_FILE))).isTrue();
  }

  private PartitionReplica replica(String name) throws Exception {
    PartitionIdentity id = new PartitionIdentity("t", "topic-id", 0, "g-" + name);
    PartitionReplica replica =
        new PartitionReplica(id, PartitionLog.open(dir.resolve(name), SMALL_SEGMENTS));
    open.add(replica);
    return replica;
  }

  private static void appendAll(PartitionReplica replica, int from, int count) {
    for (int i = from; i < from + count; i++) {
      MemoryRecords records =
          MemoryRecords.withRecords(
              Compression.NONE,
              new SimpleRecord(
                  1_000L + i, null, ("value-" + i + "-" + "x".repeat(100)).getBytes()));
      ByteBuffer entry = PartitionEntry.append(1_000L + i, records.buffer());
      replica.apply(entry, 1 + i / 25);
    }
  }

  private static List<String> values(PartitionReplica replica) {
    List<String> out = new ArrayList<>();
    long offset = replica.log().logStartOffset();
    while (offset < replica.highWatermark()) {
      FetchData data = replica.log().read(offset, 1 << 20, replica.highWatermark(), true);
      for (RecordBatch batch : data.records().batches()) {
        for (Record r : batch) {
          out.add(r.offset() + ":" + StandardCharsets.UTF_8.decode(r.value()));
          offset = r.offset() + 1;
        }
      }
    }
    return out;
  }
}
