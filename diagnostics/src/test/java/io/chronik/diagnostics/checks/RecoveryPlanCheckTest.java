package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryPlanCheckTest {
  private final RecoveryPlanCheck check = new RecoveryPlanCheck();

  @Test
  void shouldHaveNothingToDoWhenClusterIsHealthy() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("nothing to recover: every node answered");
  }

  @Test
  void shouldRestartMissingReplicasWithTheirAddressesWhenQuorumIsLost() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-quorum-lost"));

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.code()).isEqualTo("CHR-1202");
    assertThat(result.details().lines())
        .contains(
            "quorum lost on 4 groups: __meta, orders-0, orders-1 and orders-2",
            "steps:",
            "  3. run: chronik standalone --node-id 2 --data-dir"
                + " \"${NODE2_DATA_DIR:?the data dir node 2 ran with}\" --advertise 10.0.0.2"
                + " --kafka-port 9092 --raft-port 9093 --admin-port 9644 --raft --peers"
                + " 1@10.0.0.1:9093,2@10.0.0.2:9093,3@10.0.0.3:9093"
                + "   # start node 2 again with its own data dir and the flags it ran with",
            "  7. run: chronik doctor --admin 10.0.0.1:9644 --watch --exit-when-healthy"
                + " --timeout-total 5m   # wait until every check passes");
    assertThat(result.details())
        .contains(
            "1. manual: Bring back the missing replicas in this"
                + " order, each with its own data dir: nodes 2 and 3.");
    assertThat(result.details()).contains("chronik snapshot restore --from STORE");
  }

  @Test
  void shouldPrintRestoreCommandsWithTheClustersStoreWhenANodeReportsIt() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-quorum-lost-store"));

    // then
    assertThat(result.details())
        .contains(
            "first rebuild every node's data dir from the snapshot store s3://backups/chronik"
                + " with the next commands")
        .doesNotContain("--from STORE");
    assertThat(result.details().lines())
        .contains(
            "  8. run: chronik snapshot restore --from s3://backups/chronik --data-dir"
                + " \"${NODE2_DATA_DIR:?the data dir node 2 ran with}\" --node-id 2"
                + " --cluster-id Nk2tqX4bR3u0tV9cQm7w1A --peers"
                + " 1@10.0.0.1:9093,2@10.0.0.2:9093,3@10.0.0.3:9093"
                + "   # only if a majority lost their data: rebuild node 2's data dir");
    assertThat(RecoveryPlan.store(Fixtures.snapshot("three-quorum-lost-store")))
        .contains("s3://backups/chronik");
    assertThat(RecoveryPlan.store(Fixtures.snapshot("three-quorum-lost"))).isEmpty();
  }

  @Test
  void shouldWarnAndPlanOneNodeWhenQuorumHolds() {
    // when
    RecoveryPlan plan = RecoveryPlan.of(Fixtures.snapshot("three-one-down"));

    // then
    assertThat(plan.quorumLost()).isFalse();
    assertThat(plan.situation()).containsExactly("node 3 is down: connection refused");
    assertThat(plan.steps()).extracting(RecoveryStep::isCommand).containsExactly(false, true, true);
    assertThat(CheckAssertions.only(check, Fixtures.input("three-one-down")).status())
        .isEqualTo(Status.WARN);
  }

  @Test
  void shouldDescribeManualStepsWhenNothingAnswers() {
    // when
    RecoveryPlan plan = RecoveryPlan.of(Fixtures.snapshot("seed-unreachable"));

    // then
    assertThat(plan.nothingAnswered()).isTrue();
    assertThat(plan.steps())
        .extracting(RecoveryStep::render)
        .containsExactly(
            "manual: Check the address: --admin (CHRONIK_ADMIN) must be the node's admin port"
                + " (9644 by default), not its Kafka or Raft port.",
            "manual: On 127.0.0.1, check whether chronik runs (systemctl status chronik, or ps"
                + " -ef | grep chronik) and read the end of its log: an error ends in a code such"
                + " as [CHR-1004]; chronik explain CODE says what it means and how to fix it.",
            "run: chronik standalone --data-dir \"${DATA_DIR:?the data dir the node ran with}\""
                + " --admin-port 9644   # start the node again with its own data dir and the"
                + " flags it ran with",
            "run: chronik doctor --admin 127.0.0.1:9644 --watch --exit-when-healthy"
                + " --timeout-total 5m   # wait until every check passes");
  }

  @Test
  void shouldWaitForNodeWhenItIsNotReady() {
    // when
    RecoveryPlan plan = RecoveryPlan.of(Fixtures.snapshot("single-not-ready"));

    // then
    assertThat(plan.situation())
        .containsExactly(
            "node 1 is not ready: waiting for partition leaders",
            "no agreed leader on 1 group: greetings-0");
    assertThat(plan.steps()).allMatch(RecoveryStep::isCommand);
  }

  @Test
  void shouldOnlyBuildCommandsOfKnownShapesWhenPlanning() {
    // given: every command a plan printed for the fixtures
    List<List<String>> printed =
        java.util.stream.Stream.of(
                "three-quorum-lost", "three-one-down", "seed-unreachable", "single-not-ready")
            .flatMap(f -> RecoveryPlan.of(Fixtures.snapshot(f)).steps().stream())
            .filter(RecoveryStep::isCommand)
            .map(RecoveryStep::argv)
            .toList();

    // then: each has the words and flags of a shape the CLI tests parse
    List<List<String>> shapes = RecoveryPlan.commandShapes();
    assertThat(printed)
        .allSatisfy(
            argv ->
                assertThat(shapes)
                    .anySatisfy(
                        shape -> {
                          assertThat(flags(argv)).isEqualTo(flags(shape));
                          assertThat(argv.subList(0, 2)).isEqualTo(shape.subList(0, 2));
                        }));
  }

  private static List<String> flags(List<String> argv) {
    return argv.stream().filter(a -> a.startsWith("--")).toList();
  }
}
