package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import org.junit.jupiter.api.Test;

class PartitionUnderReplicatedCheckTest {
  private final PartitionUnderReplicatedCheck check = new PartitionUnderReplicatedCheck();

  @Test
  void shouldBeOkWhenEveryReplicaIsInSync() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("all 3 partitions have every replica in sync");
  }

  @Test
  void shouldBeOkWhenSingleReplicaLeads() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
  }

  @Test
  void shouldWarnWhenReplicaNodeIsDown() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-one-down"));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.summary()).isEqualTo("3 partitions are under-replicated");
    assertThat(result.details().lines())
        .contains("orders-0: 2 of 3 replicas in sync (node 3 did not answer)");
    assertThat(result.code()).isEqualTo("CHR-8005");
  }

  @Test
  void shouldBeCriticalAndPointAtSnapshotWhenMajorityIsOutOfSync() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-followers-behind"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.details())
        .isEqualTo(
            "orders-0: 1 of 3 replicas in sync (node 2 needs a snapshot (19900 entries behind),"
                + " node 3 no contact for 9.0 s)");
    assertThat(result.code()).isEqualTo("CHR-3002");
  }

  @Test
  void shouldBeUnknownWithoutClusterMetadata() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("seed-unreachable"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.summary()).isEqualTo("could not check: no cluster metadata");
  }
}
