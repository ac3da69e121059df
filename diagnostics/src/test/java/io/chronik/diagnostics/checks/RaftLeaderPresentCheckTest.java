package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import org.junit.jupiter.api.Test;

class RaftLeaderPresentCheckTest {
  private final RaftLeaderPresentCheck check = new RaftLeaderPresentCheck();

  @Test
  void shouldBeOkWhenEveryGroupHasLeader() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("all 4 groups have a leader");
  }

  @Test
  void shouldBeCriticalAndNameGroupsWhenLeadersAreMissing() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-quorum-lost"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.summary()).isEqualTo("4 groups have no leader");
    assertThat(result.details())
        .isEqualTo(
            "without a leader: __meta (term 7), orders-0 (term 4), orders-1 (term 4) and"
                + " orders-2 (term 4)");
    assertThat(result.code()).isEqualTo("CHR-8003");
  }

  @Test
  void shouldBeCriticalWhenOnlyPartitionHasNoLeaderYet() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-not-ready"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.details()).isEqualTo("without a leader: greetings-0 (term 1)");
  }

  @Test
  void shouldBeUnknownWhenNothingAnswers() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("seed-unreachable"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void shouldBeOkWhenSomeReplicaNamesLeaderDuringElection() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-split-leader"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
  }
}
