package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import org.junit.jupiter.api.Test;

class RequestLatencyCheckTest {
  private final RequestLatencyCheck check = new RequestLatencyCheck();

  @Test
  void shouldBeOkAndIgnoreEmptyWindowWhenRecentRequestsAreFast() {
    // when: recorded after one Produce that left the window and two Fetches (one long poll)
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("node 1: Fetch p99 503 ms");
  }

  @Test
  void shouldReportWorstApiWhenRequestsAreSlow() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-struggling"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.summary())
        .isEqualTo("node 1: Produce p99 350 ms > 200 ms, Fetch p99 6.0 s > 5.0 s");
    assertThat(result.code()).isEqualTo("CHR-8008");
  }

  @Test
  void shouldBeUnknownWhenMetricsDoNotAnswer() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-metrics-hang"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.details()).isEqualTo("/metrics at 127.0.0.1:9644: no answer within 300ms");
  }
}
