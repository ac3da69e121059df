package io.chronik.broker.kafka.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** How a client's {@code currentLeaderEpoch} is judged against the partition's epoch here. */
class LeaderEpochCheckTest {

  @Test
  void shouldPassWhenTheClientHasTheCurrentEpoch() {
    // when
    Errors error = LeaderEpochCheck.check(7, 7);

    // then
    assertThat(error).isEqualTo(Errors.NONE);
  }

  @Test
  void shouldFenceWhenTheClientsEpochIsOlder() {
    // when: the leader changed since the client read its metadata
    Errors error = LeaderEpochCheck.check(6, 7);

    // then: the client refreshes its metadata and goes to the new leader
    assertThat(error).isEqualTo(Errors.FENCED_LEADER_EPOCH);
  }

  @Test
  void shouldAnswerUnknownWhenTheClientsEpochIsNewerThanThisNodeKnows() {
    // when
    Errors error = LeaderEpochCheck.check(8, 7);

    // then: the client retries
    assertThat(error).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
  }

  @Test
  void shouldSkipTheCheckWhenTheClientSendsNoEpoch() {
    // when
    Errors anyEpoch = LeaderEpochCheck.check(-1, 7);
    Errors unknownHere = LeaderEpochCheck.check(-1, -1);

    // then
    assertThat(anyEpoch).isEqualTo(Errors.NONE);
    assertThat(unknownHere).isEqualTo(Errors.NONE);
  }

  @Test
  void shouldAnswerUnknownWhenThisNodeKnowsNoEpochYet() {
    // when: the partition's group has not started here
    Errors error = LeaderEpochCheck.check(0, -1);

    // then
    assertThat(error).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
  }
}
