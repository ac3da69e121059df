package io.chronik.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportTest {

  private static Finding finding(String playbook, String id, Status status, Integer node) {
    return new Finding(playbook, new CheckResult(id, status, id + " " + status, "", "", "", node));
  }

  private static Report report(Status... statuses) {
    List<Finding> findings = new java.util.ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      findings.add(finding("quick", "node.reachable", statuses[i], i + 1));
    }
    return new Report(List.of("quick"), findings, List.of(), List.of());
  }

  @ParameterizedTest(name = "{0} -> {1} (exit {2})")
  @CsvSource({
    "OK OK, OK, 0",
    "OK WARN, WARNING, 1",
    "OK CRIT, CRITICAL, 2",
    "OK UNKNOWN, UNKNOWN, 3",
    "WARN UNKNOWN, UNKNOWN, 3",
    "UNKNOWN CRIT, CRITICAL, 2",
    "CRIT UNKNOWN WARN OK, CRITICAL, 2"
  })
  void shouldLetWorstStatusWinWhenFindingsDiffer(String statuses, String verdict, int exitCode) {
    // given
    Status[] parsed =
        java.util.Arrays.stream(statuses.split(" ")).map(Status::valueOf).toArray(Status[]::new);

    // when
    Report report = report(parsed);

    // then
    assertThat(report.verdict().verdict()).isEqualTo(verdict);
    assertThat(report.exitCode()).isEqualTo(exitCode);
  }

  @Test
  void shouldBeOkWhenThereAreNoFindings() {
    // when / then
    assertThat(report().verdict()).isEqualTo(Status.OK);
    assertThat(report().verdictLine()).isEqualTo("chronik doctor: OK (0 checks)");
  }

  @Test
  void shouldCountChecksWhenVerdictIsOk() {
    // when / then
    assertThat(report(Status.OK, Status.OK, Status.OK).verdictLine())
        .isEqualTo("chronik doctor: OK (3 checks)");
  }

  @Test
  void shouldListNonOkCountsWhenVerdictIsNotOk() {
    // when
    Report report = report(Status.CRIT, Status.WARN, Status.WARN, Status.OK, Status.UNKNOWN);

    // then
    assertThat(report.verdictLine())
        .isEqualTo("chronik doctor: CRITICAL: 1 critical, 2 warnings, 1 unknown (5 checks)");
    assertThat(report.counts())
        .containsEntry(Status.OK, 1L)
        .containsEntry(Status.WARN, 2L)
        .containsEntry(Status.CRIT, 1L)
        .containsEntry(Status.UNKNOWN, 1L);
  }

  @Test
  void shouldGroupByPlaybookAndPutWorstFirstWhenSorting() {
    // given
    List<Finding> findings =
        List.of(
            finding("election", "raft.leader-present", Status.CRIT, null),
            finding("quick", "node.reachable", Status.OK, 1),
            finding("quick", "disk.free", Status.WARN, 1),
            finding("quick", "node.reachable", Status.CRIT, 2));

    // when
    Report report = new Report(List.of("quick", "election"), findings, List.of(), List.of());

    // then
    assertThat(report.findings())
        .extracting(f -> f.playbook() + " " + f.result().id() + " " + f.result().status())
        .containsExactly(
            "quick node.reachable CRIT",
            "quick disk.free WARN",
            "quick node.reachable OK",
            "election raft.leader-present CRIT");
    assertThat(report.worstFirst())
        .extracting(f -> f.result().status())
        .containsExactly(Status.CRIT, Status.CRIT, Status.WARN, Status.OK);
    assertThat(report.worstFirst().get(0).playbook()).isEqualTo("quick");
  }

  @Test
  void shouldWeighUnknownsAboutADownNodeAsWarningWhenNodeReachableReportsIt() {
    // given: node 3 answers nothing, node.reachable warns (a majority is up), and another check
    // could not look at node 3
    List<Finding> findings =
        List.of(
            finding("quick", "node.reachable", Status.OK, 1),
            finding("quick", "node.reachable", Status.WARN, 3),
            finding("quick", "perf.gc", Status.UNKNOWN, 3));
    List<NodeRow> nodes =
        List.of(new NodeRow(1, "a:1", true, ""), new NodeRow(3, "a:3", false, "refused"));

    // when
    Report explained = new Report(List.of("quick"), findings, nodes, List.of());
    Report alone = new Report(List.of("quick"), List.of(findings.get(2)), nodes, List.of());

    // then
    assertThat(explained.verdict()).isEqualTo(Status.WARN);
    assertThat(explained.verdictLine())
        .isEqualTo("chronik doctor: WARNING: 1 warning, 1 unknown (3 checks)");
    assertThat(alone.verdict()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void shouldWarnWhenOneOfThreeNodesIsDown() {
    // when: (the recording predates the free space in /v1/node and /v1/snapshots)
    Report report =
        Doctor.run(
            Selection.of("quick", List.of(), List.of("disk.free", "snapshot.fresh"), false),
            Fixtures.input("three-one-down"));

    // then
    assertThat(report.verdict()).as(report.findings().toString()).isEqualTo(Status.WARN);
  }
}
