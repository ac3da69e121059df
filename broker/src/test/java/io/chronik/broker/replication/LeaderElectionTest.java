package io.chronik.broker.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a preferred election decides from what a group's leader reports. */
class LeaderElectionTest {

  private static GroupMembers members(
      int leader, Map<Integer, Integer> priorities, Map<Integer, Long> commits, long silentMs) {
    Map<Integer, Long> contact = new LinkedHashMap<>();
    priorities.keySet().stream().filter(n -> n != leader).forEach(n -> contact.put(n, silentMs));
    return new GroupMembers("g", leader, priorities, Map.of(), commits, contact);
  }

  private static Map<Integer, Integer> priorities(int preferred) {
    Map<Integer, Integer> p = new LinkedHashMap<>();
    for (int n = 1; n <= 3; n++) {
      p.put(n, n == preferred ? 1 : 0);
    }
    return p;
  }

  @Test
  void shouldNeedNoElectionWhenTheLeaderHasTheHighestPriority() {
    // given
    GroupMembers m = members(1, priorities(1), Map.of(1, 10L, 2, 10L, 3, 10L), 100);

    // when
    LeaderElection.Decision d = LeaderElection.decide(m, 1000, 1000);

    // then
    assertThat(d).isEqualTo(new LeaderElection.AlreadyPreferred(1));
  }

  @Test
  void shouldNeedNoElectionWhenTheLeaderSharesTheHighestPriority() {
    // given: nodes 1 and 2 share the top priority, node 2 leads
    Map<Integer, Integer> p = new LinkedHashMap<>(Map.of(1, 1, 2, 1, 3, 0));
    GroupMembers m = members(2, p, Map.of(1, 10L, 2, 10L, 3, 10L), 100);

    // when / then
    assertThat(LeaderElection.decide(m, 1000, 1000))
        .isEqualTo(new LeaderElection.AlreadyPreferred(2));
  }

  @Test
  void shouldHandOverWhenThePreferredMemberIsLiveAndCaughtUp() {
    // given: node 1 is preferred, node 2 leads, node 1 lags a few entries
    GroupMembers m = members(2, priorities(1), Map.of(1, 95L, 2, 100L, 3, 100L), 200);

    // when / then
    assertThat(LeaderElection.decide(m, 1000, 1000)).isEqualTo(new LeaderElection.HandOver(1));
  }

  @Test
  void shouldBeUnavailableWhenThePreferredMemberIsSilent() {
    // given: the leader has not heard from node 1 for 5 s
    GroupMembers m = members(2, priorities(1), Map.of(1, 100L, 2, 100L, 3, 100L), 5_000);

    // when
    LeaderElection.Decision d = LeaderElection.decide(m, 1000, 1000);

    // then
    assertThat(d).isInstanceOf(LeaderElection.Unavailable.class);
    assertThat(((LeaderElection.Unavailable) d).reason())
        .contains("node 1 has not answered the leader for 5000 ms");
  }

  @Test
  void shouldBeUnavailableWhenThePreferredMemberIsTooFarBehind() {
    // given: node 1 is live but 5000 entries behind
    GroupMembers m = members(2, priorities(1), Map.of(1, 1_000L, 2, 6_000L, 3, 6_000L), 100);

    // when
    LeaderElection.Decision d = LeaderElection.decide(m, 1000, 1000);

    // then
    assertThat(d).isInstanceOf(LeaderElection.Unavailable.class);
    assertThat(((LeaderElection.Unavailable) d).reason()).contains("5000 entries behind");
  }
}
