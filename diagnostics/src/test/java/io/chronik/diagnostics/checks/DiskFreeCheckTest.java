package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.FakeLocalHost;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiskFreeCheckTest {
  private static final long GIB = 1L << 30;
  private static final String CLUSTER = "TJzMR7fWQY-z78CBMP3gGg";
  private final DiskFreeCheck check = new DiskFreeCheck();

  private static CheckInput input(String fixture, FakeLocalHost local, Path dataDir) {
    return new CheckInput(Fixtures.snapshot(fixture), Thresholds.defaults(), local, dataDir);
  }

  @Test
  void shouldBeUnknownAndSayWhyWhenNodeDoesNotReportAndDataDirIsElsewhere() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.summary()).isEqualTo("could not check node 1: it does not report free space");
    assertThat(result.details())
        .isEqualTo(
            "/v1/node has no dataDirUsableBytes, and its data dir /tmp/dr-data is not on"
                + " this host");
  }

  @Test
  void shouldMeasureHereWhenNodesDataDirIsOnThisHost() {
    // given: the data dir the node reports is here and is that node's
    FakeLocalHost local =
        new FakeLocalHost().dataDir("/tmp/dr-data", CLUSTER, 1, 60 * GIB, 100 * GIB);

    // when
    CheckResult result = CheckAssertions.only(check, input("single-healthy", local, null));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("node 1: 60.0 GiB free of 100 GiB (60%)");
    assertThat(result.details()).contains("measured on this host");
  }

  @Test
  void shouldNotMeasureWhenLocalDirBelongsToAnotherNode() {
    // given: a namesake directory of another cluster
    FakeLocalHost local =
        new FakeLocalHost().dataDir("/tmp/dr-data", "other", 1, 60 * GIB, 100 * GIB);

    // when
    CheckResult result = CheckAssertions.only(check, input("single-healthy", local, null));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void shouldUseDataDirOptionWhenNodeSeesItUnderAnotherPath() {
    // given: the node runs in a container that mounts the directory elsewhere
    FakeLocalHost local =
        new FakeLocalHost().dataDir("/srv/node1", CLUSTER, 1, 10 * GIB, 100 * GIB);

    // when
    CheckResult result =
        CheckAssertions.only(check, input("single-healthy", local, Path.of("/srv/node1")));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.code()).isEqualTo("CHR-8006");
  }

  @Test
  void shouldBeCriticalWhenNodeReportsAlmostFullDisk() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-struggling"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.summary())
        .isEqualTo("node 1 is almost out of disk space: 3.0 GiB free of 100 GiB (3.0%)");
    assertThat(result.details()).contains("reported by the node");
  }
}
