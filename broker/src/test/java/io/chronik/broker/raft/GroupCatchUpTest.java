package io.chronik.broker.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.replication.GroupStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a node counts a group as caught up, so that it may act on the group's state. */
class GroupCatchUpTest {

  @Test
  void shouldNotCountAnElectedLeaderAsCaughtUpBeforeItIsReady() {
    // given: a node just handed the lead, that has applied all it knew committed (entry 7) but not
    // the entries after it, which it learns are committed only with its first entry of the term
    GroupStatus notReady = status("LEADER", false, 1, 7, 7);

    // when / then
    assertThat(GroupStatuses.isCaughtUp(notReady)).isFalse();
    assertThat(GroupStatuses.isCaughtUp(status("LEADER", true, 1, 40, 40))).isTrue();
  }

  @Test
  void shouldCountAFollowerAsCaughtUpOnceItAppliedWhatItKnowsCommitted() {
    assertThat(GroupStatuses.isCaughtUp(status("FOLLOWER", false, 2, 40, 40))).isTrue();
    assertThat(GroupStatuses.isCaughtUp(status("FOLLOWER", false, 2, 40, 39))).isFalse();
    assertThat(GroupStatuses.isCaughtUp(status("FOLLOWER", false, -1, 40, 40))).isFalse();
  }

  private static GroupStatus status(
      String role, boolean ready, int leader, long commitIndex, long appliedIndex) {
    return new GroupStatus(
        "__meta", "meta", role, ready, leader, 5, commitIndex, appliedIndex, 0, 41, -1, List.of());
  }
}
