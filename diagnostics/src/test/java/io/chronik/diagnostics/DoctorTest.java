package io.chronik.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorTest {

  @Test
  void shouldBeOkWithTenFindingsWhenSingleNodeIsHealthyAndItsDataDirIsHere() {
    // given: the recorded node's data dir is on this host
    FakeLocalHost local =
        new FakeLocalHost()
            .dataDir("/tmp/dr-data", "TJzMR7fWQY-z78CBMP3gGg", 1, 60L << 30, 100L << 30);
    CheckInput input =
        new CheckInput(Fixtures.snapshot("snapshots-fresh"), Thresholds.defaults(), local, null);

    // when
    Report report = Doctor.run(Selection.of(null, List.of(), List.of(), false), input);

    // then
    assertThat(report.verdictLine()).isEqualTo("chronik doctor: OK (10 checks)");
    assertThat(report.exitCode()).isZero();
    assertThat(report.nodes()).containsExactly(new NodeRow(1, "127.0.0.1:43963", true, ""));
  }

  @Test
  void shouldBeCriticalWithNodeRowWhenSeedIsUnreachable() {
    // when
    Report report =
        Doctor.run(
            Selection.of(null, List.of(), List.of(), false), Fixtures.input("seed-unreachable"));

    // then: CRIT beats the UNKNOWN of every check that needed the node
    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.counts()).containsEntry(Status.CRIT, 1L).containsEntry(Status.OK, 0L);
    assertThat(report.nodes())
        .containsExactly(new NodeRow(null, "127.0.0.1:9644", false, "connection refused"));
  }

  @Test
  void shouldReportUnknownAndGoOnWhenCheckThrows() {
    // given
    Check broken =
        new Check() {
          @Override
          public String id() {
            return "node.ready";
          }

          @Override
          public String title() {
            return "t";
          }

          @Override
          public String description() {
            return "d";
          }

          @Override
          public String remedy() {
            return "r";
          }

          @Override
          public List<CheckResult> run(CheckInput input) {
            throw new IllegalStateException("boom");
          }
        };
    Selection selection =
        new Selection(
            List.of("quick"), List.of(new Selection.Selected(broken, "quick")), List.of());

    // when
    Report report = Doctor.run(selection, Fixtures.input("three-healthy"));

    // then
    assertThat(report.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.result().status()).isEqualTo(Status.UNKNOWN);
              assertThat(f.result().summary()).contains("boom");
            });
  }
}
