package io.chronik.broker.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-sync replicas a leader measures, and those it starts from when it was just elected. */
class InSyncReplicasTest {
  private static final List<Integer> REPLICAS = List.of(1, 2, 3);

  @Test
  void shouldKeepThePreviousTermsIsrWithTheNewLeaderWhenJustElected() {
    // when: node 2 takes over from node 1, with all three in sync before
    List<Integer> isr = InSyncReplicas.afterElection(2, REPLICAS, List.of(1, 2, 3));

    // then: in replica order, as a measured ISR
    assertThat(isr).containsExactly(1, 2, 3);
  }

  @Test
  void shouldAddTheNewLeaderWhenItWasNotInSyncBefore() {
    // when: node 3 was behind in the previous term, and is elected
    List<Integer> isr = InSyncReplicas.afterElection(3, REPLICAS, List.of(1, 2));

    // then
    assertThat(isr).containsExactly(1, 2, 3);
  }

  @Test
  void shouldListTheLeaderAloneWithoutAPreviousIsr() {
    // when: the group's first leader
    List<Integer> isr = InSyncReplicas.afterElection(2, REPLICAS, List.of());

    // then
    assertThat(isr).containsExactly(2);
  }

  @Test
  void shouldMeasureFollowersByLastContactAndLag() {
    // given: node 2 is current, node 3 silent for 11 s
    GroupStatus leader =
        leader(
            new GroupStatus.FollowerStatus(2, 4_990, 100),
            new GroupStatus.FollowerStatus(3, 5_000, 11_000));

    // when
    List<Integer> isr = InSyncReplicas.of(leader, REPLICAS);

    // then
    assertThat(isr).containsExactly(1, 2);
  }

  @Test
  void shouldLeaveAFencedNodeOutEvenWhileItSeemsCaughtUp() {
    // given: node 3 was heard from 6 s ago, within the lag time, but the metadata leader fenced it
    GroupStatus leader =
        leader(
            new GroupStatus.FollowerStatus(2, 5_000, 100),
            new GroupStatus.FollowerStatus(3, 5_000, 6_000));

    // when
    List<Integer> isr = InSyncReplicas.of(leader, REPLICAS, java.util.Set.of(3));

    // then
    assertThat(isr).containsExactly(1, 2);
    assertThat(InSyncReplicas.of(leader, REPLICAS)).containsExactly(1, 2, 3);
  }

  /**
   * The status of node 1 leading group "g" in term 4, its log committed up to 5,000, with these
   * followers.
   */
  private static GroupStatus leader(GroupStatus.FollowerStatus... followers) {
    return new GroupStatus(
        "g", "partition", "LEADER", true, 1, 4, 5_000, 5_000, 0, 5_000, -1, List.of(followers));
  }
}
