package io.chronik.broker.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.meta.MetaCommand.FenceBroker;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.TestImages;
import io.chronik.broker.partition.EntryFormat;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.replication.GroupStatus.FollowerStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which nodes the metadata leader fences and unfences, from its followers' last contact. */
class BrokerFencingTest {
  private static final long SESSION = BrokerFencing.SESSION_TIMEOUT_MS;
  private static final long BACK = BrokerFencing.UNFENCE_WITHIN_MS;

  @Test
  void shouldFenceANodeNotHeardFromForLongerThanTheSessionTimeout() {
    // given: node 1 leads; node 2 answers, node 3 has been silent for 6 s
    MetadataImage image = TestImages.registered(1, 2, 3);
    GroupStatus leader = leader(1, new FollowerStatus(2, 10, 120), new FollowerStatus(3, 4, 6_000));

    // when
    List<FenceBroker> changes = BrokerFencing.changes(image, leader, 1, SESSION, BACK);

    // then
    assertThat(changes).containsExactly(new FenceBroker(3, true));
  }

  @Test
  void shouldFenceNobodyWithinTheSessionTimeout() {
    // given: a new metadata leader counts its followers as last heard from an election timeout ago
    MetadataImage image = TestImages.registered(1, 2, 3);
    GroupStatus leader =
        leader(1, new FollowerStatus(2, 10, 2_000), new FollowerStatus(3, 10, SESSION));

    // when
    List<FenceBroker> changes = BrokerFencing.changes(image, leader, 1, SESSION, BACK);

    // then
    assertThat(changes).isEmpty();
  }

  @Test
  void shouldUnfenceANodeOnlyOnceItAnswersAgain() {
    // given: nodes 2 and 3 are fenced; 2 answered a heartbeat, 3 is still down (a new leader
    // counts it as heard from 2 s ago)
    MetadataImage image = fence(fence(TestImages.registered(1, 2, 3), 2), 3);
    GroupStatus leader = leader(1, new FollowerStatus(2, 10, 300), new FollowerStatus(3, 4, 2_000));

    // when
    List<FenceBroker> changes = BrokerFencing.changes(image, leader, 1, SESSION, BACK);

    // then
    assertThat(changes).containsExactly(new FenceBroker(2, false));
  }

  @Test
  void shouldUnfenceTheLeaderItselfAndLeaveUntrackedNodesAlone() {
    // given: node 2 leads after an earlier leader fenced it; node 4 is registered but not a
    // member of the metadata group, node 3's progress is unknown
    MetadataImage image = fence(fence(TestImages.registered(1, 2, 3, 4), 2), 4);
    GroupStatus leader = leader(2, new FollowerStatus(1, 10, 100), new FollowerStatus(3, 10, -1));

    // when
    List<FenceBroker> changes = BrokerFencing.changes(image, leader, 2, SESSION, BACK);

    // then
    assertThat(changes).containsExactly(new FenceBroker(2, false));
  }

  @Test
  void shouldFenceNobodyButLetFencedNodesBackWhileANodeAppliesAnOlderEntryFormat() {
    // given: node 2, fenced by a release that fenced without a level, answers again; node 3 runs
    // a release before level 5 and has been silent for 6 s
    MetadataImage image =
        TestImages.register(
            fence(TestImages.registered(1, 2, 3), 2), 3, EntryFormat.DELETE_RECORDS);
    GroupStatus leader = leader(1, new FollowerStatus(2, 10, 300), new FollowerStatus(3, 4, 6_000));

    // when
    List<FenceBroker> changes = BrokerFencing.changes(image, leader, 1, SESSION, BACK);

    // then: no fence-broker entry that node 3 could not apply, but node 2 is let back
    assertThat(changes).containsExactly(new FenceBroker(2, false));
  }

  private static MetadataImage fence(MetadataImage image, int nodeId) {
    return image.apply(new FenceBroker(nodeId, true)).image();
  }

  private static GroupStatus leader(int nodeId, FollowerStatus... followers) {
    return new GroupStatus(
        "__meta", "meta", "LEADER", true, nodeId, 3, 10, 10, 0, 10, -1, List.of(followers));
  }
}
