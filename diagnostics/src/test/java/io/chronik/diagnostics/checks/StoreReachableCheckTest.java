package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import org.junit.jupiter.api.Test;

class StoreReachableCheckTest {
  private final StoreReachableCheck check = new StoreReachableCheck();

  @Test
  void shouldBeOkWhenStoreProbeWorks() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.inputProbingStore("snapshots-fresh"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary())
        .isEqualTo(
            "node 1 wrote, read and deleted a probe object in s3://backups/chronik in 12 ms");
    assertThat(result.details()).isEqualTo("node 1: last upload 2026-11-24T00:40:02Z");
  }

  @Test
  void shouldBeCriticalWithErrorAndRemedyWhenStoreRefusesProbe() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.inputProbingStore("snapshots-stale"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.summary())
        .isEqualTo(
            "node 1 cannot use its snapshot store s3://backups/chronik: access denied: put"
                + " .chronik-probe/0b7e... in s3://backups/chronik (CHR-3202)");
    assertThat(result.details())
        .contains("node 1: no upload yet, 5 failed attempts, last error: access denied");
    assertThat(result.remedy())
        .contains("S3_*")
        .contains("chronik snapshot list --store s3://backups/chronik");
    assertThat(result.code()).isEqualTo("CHR-8012");
    assertThat(result.node()).isEqualTo(1);
  }

  @Test
  void shouldBeOkWhenNoStoreIsConfigured() {
    // when
    CheckResult result =
        CheckAssertions.only(check, Fixtures.inputProbingStore("snapshots-no-store"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary())
        .isEqualTo("node 1 has no snapshot store: archives stay on the nodes' disks");
  }

  @Test
  void shouldBeUnknownWhenNodeDoesNotServeProbe() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.inputProbingStore("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.details()).contains("HTTP 404");
    assertThat(result.remedy()).contains("does not serve /v1/actions/probe-store");
  }

  @Test
  void shouldBeUnknownWhenNoNodeAnswers() {
    // when
    CheckResult result =
        CheckAssertions.only(check, Fixtures.inputProbingStore("seed-unreachable"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.details()).isEqualTo("no node answered, so none could probe the store");
  }

  @Test
  void shouldBeUnknownWhenStoreWasNotProbed() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("snapshots-fresh"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.summary()).isEqualTo("could not check: the snapshot store was not probed");
  }
}
