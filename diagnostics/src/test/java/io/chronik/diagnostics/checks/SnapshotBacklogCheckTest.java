package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import org.junit.jupiter.api.Test;

class SnapshotBacklogCheckTest {
  private final SnapshotBacklogCheck check = new SnapshotBacklogCheck();

  @Test
  void shouldBeOkWhenLogsAreShort() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("node 1: at most 7 entries since the last snapshot");
  }

  @Test
  void shouldWarnWhenLogGrowsWithoutSnapshots() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-struggling"));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.details())
        .isEqualTo("greetings-0 80000 entries (snapshot at 10000, log end 90000)");
    assertThat(result.code()).isEqualTo("CHR-8010");
  }
}
