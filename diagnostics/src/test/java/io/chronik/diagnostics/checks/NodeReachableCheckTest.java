package io.chronik.diagnostics.checks;

import static io.chronik.diagnostics.checks.CheckAssertions.forNode;
import static io.chronik.diagnostics.checks.CheckAssertions.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeReachableCheckTest {
  private final NodeReachableCheck check = new NodeReachableCheck();

  @Test
  void shouldBeOkForEveryNodeWhenAllAnswer() {
    // when
    List<CheckResult> results = check.run(Fixtures.input("three-healthy"));

    // then
    assertThat(statuses(results)).containsExactly(Status.OK, Status.OK, Status.OK);
    assertThat(forNode(results, 2).summary()).startsWith("node 2 answered at 10.0.0.2:9644 in ");
  }

  @Test
  void shouldWarnNamingNodeAndItsPartitionsWhenMinorityIsDown() {
    // when
    List<CheckResult> results = check.run(Fixtures.input("three-one-down"));

    // then
    CheckResult down = forNode(results, 3);
    assertThat(down.status()).isEqualTo(Status.WARN);
    assertThat(down.details()).contains("replicas on node 3: orders-0, orders-1 and orders-2");
    assertThat(down.summary())
        .isEqualTo("node 3 did not answer at 10.0.0.3:9644: connection refused");
    assertThat(down.code()).isEqualTo("CHR-8001");
    assertThat(down.remedy()).contains("chronik doctor recovery");
    assertThat(forNode(results, 1).status()).isEqualTo(Status.OK);
  }

  @Test
  void shouldBeCriticalWhenMajorityIsDown() {
    // when
    List<CheckResult> results = check.run(Fixtures.input("three-quorum-lost"));

    // then
    assertThat(results)
        .filteredOn(r -> r.node() != 1)
        .extracting(CheckResult::status)
        .containsOnly(Status.CRIT);
  }

  @Test
  void shouldBeCriticalWithoutNodeIdWhenSeedIsUnreachable() {
    // when
    List<CheckResult> results = check.run(Fixtures.input("seed-unreachable"));

    // then
    assertThat(results)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(Status.CRIT);
              assertThat(r.node()).isNull();
              assertThat(r.summary())
                  .isEqualTo("127.0.0.1:9644 did not answer: connection refused");
              assertThat(r.remedy()).contains("--admin");
            });
  }

  @Test
  void shouldWarnWhenNodeAnswersOnlyInPart() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-metrics-hang"));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.details()).isEqualTo("/metrics: no answer within 300ms");
  }
}
