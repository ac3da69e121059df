package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.FakeLocalHost;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsyncCheckTest {
  private final FsyncCheck check = new FsyncCheck();
  @TempDir Path dir;

  /** 200 samples: {@code slow} of them at {@code slowMs}, the rest at 1 ms. */
  private static List<Long> latencies(int slow, double slowMs) {
    List<Long> nanos = new ArrayList<>(Collections.nCopies(200 - slow, 1_000_000L));
    nanos.addAll(Collections.nCopies(slow, (long) (slowMs * 1_000_000)));
    return nanos;
  }

  private CheckInput input(FakeLocalHost local) {
    return new CheckInput(Fixtures.snapshot("single-healthy"), Thresholds.defaults(), local, dir);
  }

  @Test
  void shouldPassWhenP99IsWithinLimit() {
    // when
    CheckResult result =
        CheckAssertions.only(check, input(new FakeLocalHost().fsync(latencies(1, 30))));

    // then: one slow sync in 200 is above the 99th percentile
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("PASS: fsync p99 1.0 ms (limit 10 ms)");
    assertThat(result.details()).startsWith("200 writes of 4.0 KiB + fdatasync in ");
  }

  @Test
  void shouldWarnWhenP99IsAboveTenMilliseconds() {
    // when
    CheckResult result =
        CheckAssertions.only(check, input(new FakeLocalHost().fsync(latencies(3, 30))));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.summary()).isEqualTo("FAIL: fsync p99 30 ms is above 10 ms");
    assertThat(result.code()).isEqualTo("CHR-8007");
  }

  @Test
  void shouldBeCriticalWhenP99IsAboveHundredMilliseconds() {
    // when
    CheckResult result =
        CheckAssertions.only(check, input(new FakeLocalHost().fsync(latencies(10, 250))));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
  }

  @Test
  void shouldBeUnknownWhenDirectoryIsNotWritable() {
    // when
    CheckResult result =
        CheckAssertions.only(
            check, input(new FakeLocalHost().fsyncFails(new IOException("Permission denied"))));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.details()).contains("Permission denied");
  }

  @Test
  void shouldMeasureRealDiskWhenRunOnTempDir() {
    // given
    CheckInput input =
        new CheckInput(
            Fixtures.snapshot("single-healthy"),
            Thresholds.defaults(),
            new io.chronik.diagnostics.local.FileSystemLocalHost(),
            dir);

    // when
    CheckResult result = CheckAssertions.only(check, input);

    // then: any verdict is possible on a shared machine, but it measured and cleaned up
    assertThat(result.status()).isNotEqualTo(Status.UNKNOWN);
    assertThat(result.details()).startsWith("200 writes of 4.0 KiB");
    assertThat(dir.toFile().list()).isEmpty();
  }
}
