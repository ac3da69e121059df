package io.chronik.diagnostics.checks;

import static io.chronik.diagnostics.checks.CheckAssertions.forNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import org.junit.jupiter.api.Test;

class RaftAppliedLagCheckTest {
  private final RaftAppliedLagCheck check = new RaftAppliedLagCheck();

  @Test
  void shouldBeOkWhenAppliedMatchesCommit() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("node 1 has applied what it committed (2 groups)");
  }

  @Test
  void shouldWarnAndNameGroupWhenApplyFallsBehind() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-struggling"));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.details()).isEqualTo("greetings-0 5000 behind (commit 90000, applied 85000)");
    assertThat(result.code()).isEqualTo("CHR-8004");
  }

  @Test
  void shouldBeUnknownForNodeThatDoesNotAnswer() {
    // when
    CheckResult result = forNode(check.run(Fixtures.input("three-one-down")), 3);

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
  }
}
