package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.log.LogConfig;
import io.chronik.broker.log.PartitionLog;
import io.chronik.broker.snapshot.RestoreMarker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica's current leader epoch: its group's current Raft term as a Kafka epoch. */
class PartitionLeaderEpochTest {
  private static final LogConfig CONFIG = new LogConfig(1 << 20, Long.MAX_VALUE, -1, -1, 4096);

  @TempDir Path dir;
  private final List<PartitionReplica> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(PartitionReplica::close);
  }

  @Test
  void shouldFollowTheGroupsCurrentTerm() throws Exception {
    // given
    PartitionReplica replica = replica("p");
    AtomicLong term = new AtomicLong(3);
    replica.termSource(term::get);
    int before = replica.leaderEpoch();

    // when: a new leader is elected
    term.set(4);

    // then
    assertThat(before).isEqualTo(3);
    assertThat(replica.leaderEpoch()).isEqualTo(4);
  }

  @Test
  void shouldAddTheEpochBaseOfARestoredPartition() throws Exception {
    // given: a partition restored from an archive whose epochs reached 10
    PartitionReplica original = replica("original");
    Path snapshot = dir.resolve("snapshot");
    original.snapshotInto(snapshot);
    RestoreMarker.writeEpochBase(snapshot, 10);
    PartitionReplica restored = replica("restored");
    restored.restore(snapshot, true);

    // when: its fresh group is in term 2
    restored.termSource(() -> 2);

    // then
    assertThat(restored.leaderEpoch()).isEqualTo(12).isEqualTo(restored.epochOf(2));
  }

  @Test
  void shouldBeUnknownWhileTheGroupHasNotStarted() throws Exception {
    // given
    PartitionReplica replica = replica("p");

    // when
    int unset = replica.leaderEpoch();
    replica.termSource(() -> -1);

    // then
    assertThat(unset).isEqualTo(-1);
    assertThat(replica.leaderEpoch()).isEqualTo(-1);
  }

  private PartitionReplica replica(String name) throws Exception {
    PartitionReplica r =
        new PartitionReplica(
            new PartitionIdentity("t", "topic-id", 0, "g"),
            PartitionLog.open(dir.resolve(name), CONFIG));
    open.add(r);
    return r;
  }
}
