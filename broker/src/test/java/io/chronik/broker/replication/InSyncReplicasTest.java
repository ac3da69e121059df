package io.chronik.broker.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-sync replicas a leader measures. */
class InSyncReplicasTest {
  private static final List<Integer> REPLICAS = List.of(1, 2, 3);

  @Test
  void shouldMeasureFollowersByLastContactAndLag() {
    // given: node 2 is current, node 3 silent for 11 s
    GroupStatus leader =
        new GroupStatus(
            "g",
            "partition",
            "LEADER",
            true,
            1,
            4,
            5_000,
            5_000,
            0,
            5_000,
            -1,
            List.of(
                new GroupStatus.FollowerStatus(2, 4_990, 100),
                new GroupStatus.FollowerStatus(3, 5_000, 11_000)));

    // when
    List<Integer> isr = InSyncReplicas.of(leader, REPLICAS);

    // then
    assertThat(isr).containsExactly(1, 2);
  }

  @Test
  void shouldLeaveAFencedNodeOutEvenWhileItSeemsCaughtUp() {
    // given: node 3 was heard from 6 s ago, within the lag time, but the metadata leader fenced it
    GroupStatus leader =
        new GroupStatus(
            "g",
            "partition",
            "LEADER",
            true,
            1,
            4,
            5_000,
            5_000,
            0,
            5_000,
            -1,
            List.of(
                new GroupStatus.FollowerStatus(2, 5_000, 100),
                new GroupStatus.FollowerStatus(3, 5_000, 6_000)));

    // when
    List<Integer> isr = InSyncReplicas.of(leader, REPLICAS, java.util.Set.of(3));

    // then
    assertThat(isr).containsExactly(1, 2);
    assertThat(InSyncReplicas.of(leader, REPLICAS)).containsExactly(1, 2, 3);
  }
}
