package io.chronik.diagnostics.checks;

import static io.chronik.diagnostics.checks.CheckAssertions.forNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeReadyCheckTest {
  private final NodeReadyCheck check = new NodeReadyCheck();

  @Test
  void shouldBeOkWhenNodeIsReady() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("node 1 is ready");
    assertThat(result.details()).startsWith("up ");
  }

  @Test
  void shouldBeCriticalWithReasonWhenNodeIsNotReady() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-not-ready"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.summary()).isEqualTo("node 1 is not ready: waiting for partition leaders");
    assertThat(result.code()).isEqualTo("CHR-8002");
  }

  @Test
  void shouldBeUnknownWhenNodeDoesNotAnswer() {
    // when
    List<CheckResult> results = check.run(Fixtures.input("three-one-down"));

    // then
    CheckResult down = forNode(results, 3);
    assertThat(down.status()).isEqualTo(Status.UNKNOWN);
    assertThat(down.summary()).isEqualTo("could not check node 3: /ready did not answer");
    assertThat(down.details()).isEqualTo("/ready at 10.0.0.3:9644: connection refused");
  }
}
