package io.chronik.broker.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.replication.GroupMembers;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a removed node's replicas go, and when a removal is refused. */
class RemovalPlanTest {

  private static MetadataImage image(int nodes, List<List<Integer>> partitions) {
    MetadataImage image = MetadataImage.empty();
    for (int id = 1; id <= nodes; id++) {
      image =
          image.apply(new MetaCommand.RegisterBroker(new BrokerInfo(id, "h", 1, 2, 3, ""))).image();
    }
    List<PartitionAssignment> assignments = new java.util.ArrayList<>();
    for (int p = 0; p < partitions.size(); p++) {
      assignments.add(
          new PartitionAssignment(p, java.util.UUID.randomUUID().toString(), partitions.get(p)));
    }
    return image
        .apply(new MetaCommand.CreateTopic(new TopicInfo("t", "id", assignments, Map.of())))
        .image();
  }

  /** A metadata group led by node 1 that heard from {@code live} just now. */
  private static GroupMembers meta(int nodes, List<Integer> live) {
    Map<Integer, Integer> priorities = new LinkedHashMap<>();
    Map<Integer, Long> contact = new HashMap<>();
    for (int id = 1; id <= nodes; id++) {
      priorities.put(id, id == 1 ? 1 : 0);
      contact.put(id, live.contains(id) ? 10L : 60_000L);
    }
    return new GroupMembers("__meta", 1, priorities, Map.of(), Map.of(), contact);
  }

  @Test
  void shouldMoveEachReplicaToTheLeastLoadedLiveNodeWhenOneIsFree() {
    // given: node 4 holds nothing, node 5 holds one replica
    MetadataImage image = image(5, List.of(List.of(1, 2, 3), List.of(2, 3, 1), List.of(3, 5, 1)));

    // when
    RemovalPlan plan = RemovalPlan.of(image, meta(5, List.of(1, 2, 3, 4, 5)), 1, 5_000);

    // then
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.moves()).hasSize(3);
    assertThat(plan.moves().get(0).to()).containsExactly(4, 2, 3);
    // ties go to the lower node id: 4 and 5 both hold one replica after the first move
    assertThat(plan.moves().get(1).to()).containsExactly(2, 3, 4);
    // 2 and 4 both hold two now
    assertThat(plan.moves().get(2).to()).containsExactly(3, 5, 2);
    assertThat(plan.remainingMeta()).containsExactly(2, 3, 4, 5);
  }

  @Test
  void shouldNameTheProblemsWhenNoNodeCanTakeAReplicaOrTheQuorumWouldBreak() {
    // given: three nodes, node 3 silent
    MetadataImage image = image(3, List.of(List.of(1, 2, 3)));

    // when
    RemovalPlan plan = RemovalPlan.of(image, meta(3, List.of(1, 2)), 2, 5_000);

    // then
    assertThat(plan.problems()).hasSize(2);
    assertThat(plan.problems().get(0)).contains("t-0", "replication factor 3");
    assertThat(plan.problems().get(1)).contains("metadata group", "no majority");
    assertThat(plan.moves().get(0).to()).as("with --force it keeps fewer").containsExactly(1, 3);
  }
}
