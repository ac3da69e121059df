package io.chronik.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.meta.PartitionAssignment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Where a new topic's partitions go: their nodes, and which of them share a Raft group. */
class TopicPlacementTest {
  private static final List<Integer> NODES = List.of(1, 2, 3);

  @Test
  void shouldGiveEveryPartitionItsOwnGroupByDefault() {
    // when
    List<PartitionAssignment> placed = TopicCreator.assign(0, 30, (short) 3, NODES, 1);

    // then: partition p is led by node p mod 3 (the preferred leader comes first)
    assertThat(placed.stream().map(PartitionAssignment::groupId).distinct()).hasSize(30);
    assertThat(placed.get(4).replicas()).containsExactly(2, 3, 1);
    assertThat(leadsPerNode(placed).values()).containsOnly(10L);
  }

  @Test
  void shouldFormEvenGroupsOfConsecutivePartitionsWithOneReplicaSetEach() {
    // when: 30 partitions, at most 4 per group
    List<PartitionAssignment> placed = TopicCreator.assign(0, 30, (short) 3, NODES, 4);

    // then: 8 groups of 4 or 3 partitions; a group's partitions share their replicas
    Map<String, List<PartitionAssignment>> groups =
        placed.stream().collect(Collectors.groupingBy(PartitionAssignment::groupId));
    assertThat(groups).hasSize(8);
    assertThat(groups.values()).allSatisfy(g -> assertThat(g.size()).isBetween(3, 4));
    assertThat(groups.values())
        .allSatisfy(
            g ->
                assertThat(g)
                    .extracting(PartitionAssignment::replicas)
                    .containsOnly(g.get(0).replicas()));
    assertThat(placed).extracting(PartitionAssignment::partition).isSorted();
    // leaders still spread: no node leads more than 12 of the 30
    assertThat(leadsPerNode(placed).values())
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(12L));
  }

  @Test
  void shouldNumberAddedPartitionsAfterTheExistingOnes() {
    // when: a topic of 8 grows by 5, at most 4 per group
    List<PartitionAssignment> added = TopicCreator.assign(8, 5, (short) 2, NODES, 4);

    // then
    assertThat(added).extracting(PartitionAssignment::partition).containsExactly(8, 9, 10, 11, 12);
    assertThat(added.stream().map(PartitionAssignment::groupId).distinct()).hasSize(2);
  }

  private static Map<Integer, Long> leadsPerNode(List<PartitionAssignment> placed) {
    return placed.stream()
        .collect(Collectors.groupingBy(p -> p.replicas().get(0), Collectors.counting()));
  }
}
