package io.chronik.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void shouldBeCriticalWhenSeedIsUnreachableAndOnlyRaftQuorumIsChecked() {
    // when: the scripting example of doctor --help against an --admin that does not answer
    Report report =
        Doctor.run(
            Selection.of(null, List.of("raft.quorum"), List.of(), false),
            Fixtures.input("seed-unreachable"));

    // then: node.reachable says why, although it was not selected
    assertThat(report.verdict()).isEqualTo(Status.CRIT);
    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.findings())
        .filteredOn(f -> f.result().id().equals("node.reachable"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.result().status()).isEqualTo(Status.CRIT);
              assertThat(f.result().summary()).contains("127.0.0.1:9644 did not answer");
              assertThat(f.result().details()).contains("node.reachable was not selected");
            });
  }

  @Test
  void shouldBeCriticalWhenSeedIsUnreachableAndOnlyLocalCheckPasses(@TempDir Path dataDir) {
    // given: the data dir's disk syncs fast
    FakeLocalHost local = new FakeLocalHost().fsync(java.util.Collections.nCopies(200, 100_000L));
    CheckInput input =
        new CheckInput(
            Fixtures.snapshot("seed-unreachable"), Thresholds.defaults(), local, dataDir);

    // when
    Report report =
        Doctor.run(Selection.of("performance", List.of("perf.fsync"), List.of(), true), input);

    // then
    assertThat(report.findings())
        .extracting(f -> f.result().id() + " " + f.result().status())
        .containsExactlyInAnyOrder("perf.fsync OK", "node.reachable CRIT");
    assertThat(report.verdictLine()).isEqualTo("chronik doctor: CRITICAL: 1 critical (2 checks)");
  }

  @Test
  void shouldLeaveReachabilityOutButNotSayOkWhenNodeReachableIsSkippedAndSeedIsUnreachable() {
    // when: the operator asks explicitly not to judge whether the nodes answer
    Report report =
        Doctor.run(
            Selection.of(null, List.of(), List.of("node.reachable"), false),
            Fixtures.input("seed-unreachable"));

    // then: no node.reachable finding, and the checks that could not see the node are UNKNOWN
    assertThat(report.findings()).noneMatch(f -> f.result().id().equals("node.reachable"));
    assertThat(report.exitCode()).isEqualTo(3);
  }

  @Test
  void shouldWarnWhenOneOfThreeNodesIsDownAndOnlyRaftQuorumIsChecked() {
    // when
    Report report =
        Doctor.run(
            Selection.of(null, List.of("raft.quorum"), List.of(), false),
            Fixtures.input("three-one-down"));

    // then: one node down in three is a warning, reported under node.reachable
    assertThat(report.verdict()).as(report.findings().toString()).isEqualTo(Status.WARN);
    assertThat(report.findings())
        .filteredOn(f -> f.result().id().equals("node.reachable"))
        .singleElement()
        .satisfies(f -> assertThat(f.result().status()).isEqualTo(Status.WARN));
  }

  @Test
  void shouldReportTheNodeDownAndNameTheOtherClusterWhenANodeOfAnotherClusterAnswersAtItsAddress() {
    // when
    Report report =
        Doctor.run(
            Selection.of(null, List.of("raft.quorum"), List.of(), false),
            Fixtures.input("three-one-foreign"));

    // then: node 3 is down, as it is, not a healthy member
    assertThat(report.verdict()).as(report.findings().toString()).isEqualTo(Status.WARN);
    assertThat(report.findings())
        .filteredOn(f -> f.result().id().equals("node.reachable"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.result().status()).isEqualTo(Status.WARN);
              assertThat(f.result().summary() + f.result().details())
                  .contains("cluster Zz9OtherClusterIdxxxxA");
            });
  }

  @Test
  void shouldAddNothingWhenEveryNodeAnswersAndOnlyRaftQuorumIsChecked() {
    // when
    Report report =
        Doctor.run(
            Selection.of(null, List.of("raft.quorum"), List.of(), false),
            Fixtures.input("three-healthy"));

    // then
    assertThat(report.findings()).extracting(f -> f.result().id()).containsOnly("raft.quorum");
    assertThat(report.verdict()).isEqualTo(Status.OK);
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
