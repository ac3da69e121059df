package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import org.junit.jupiter.api.Test;

class RaftQuorumCheckTest {
  private final RaftQuorumCheck check = new RaftQuorumCheck();

  @Test
  void shouldBeOkWhenEveryReplicaAgrees() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("all 4 groups have a quorum that agrees on the leader");
  }

  @Test
  void shouldBeOkWhenSingleNodeIsItsOwnMajority() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("all 2 groups have a quorum that agrees on the leader");
  }

  @Test
  void shouldWarnThatQuorumIsAtRiskWhenOneOfThreeIsDown() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-one-down"));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.summary()).isEqualTo("quorum at risk on 4 groups");
    assertThat(result.details())
        .contains(
            "__meta: 2 of 3 replicas left (node 3 missing); one more failure loses the quorum");
    assertThat(result.remedy()).isEqualTo("bring back node 3 before anything else fails");
  }

  @Test
  void shouldBeCriticalWhenMajorityIsGone() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-quorum-lost"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.summary()).isEqualTo("quorum lost on 4 groups");
    assertThat(result.details().lines())
        .contains("orders-0: 1 of 3 replicas answered, 2 needed (nodes 2 and 3 missing)");
    assertThat(result.code()).isEqualTo("CHR-1202");
    assertThat(result.remedy()).startsWith("bring back nodes 2 and 3 with their own data dirs");
  }

  @Test
  void shouldWarnWhenReplicasDisagreeOnLeader() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-split-leader"));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.summary()).isEqualTo("1 group has no agreed leader");
    assertThat(result.details())
        .isEqualTo(
            "orders-1: no majority agrees on a leader (node 1 says node 2 in term 3, node 2 says"
                + " none in term 5, node 3 says node 3 in term 4)");
    assertThat(result.code()).isEqualTo("CHR-8003");
  }

  @Test
  void shouldBeUnknownWhenMembershipIsNotKnown() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("seed-unreachable"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
  }
}
