package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import org.junit.jupiter.api.Test;

class GcCheckTest {
  private final GcCheck check = new GcCheck();

  @Test
  void shouldBeOkWhenPausesAreShort() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).startsWith("node 1: longest recent pause 0.0 ms, GC ");
  }

  @Test
  void shouldBeCriticalAndListEveryProblemWhenGcHoldsNodeUp() {
    // when: a 1.5 s pause, 120 s of pauses in 600 s, old generation 88% full
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-struggling"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.summary())
        .isEqualTo("node 1: pause 1.5 s > 1.0 s, GC time 20% > 10%, old generation 88% > 80%");
    assertThat(result.code()).isEqualTo("CHR-8009");
  }
}
