package io.chronik.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import io.chronik.diagnostics.Checks;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options of chronik doctor; runs against a live node are in DoctorCommandIT. */
class DoctorCommandTest {

  @Test
  void shouldListEveryCheckWithItsPlaybooksWhenListChecksIsGiven() {
    // when
    CliRun run = CliRun.run("doctor", "--list-checks");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().findFirst())
        .get()
        .asString()
        .startsWith("ID")
        .contains("PLAYBOOKS");
    assertThat(run.out())
        .contains("raft.quorum")
        .contains("perf.fsync")
        .contains("(local: needs --data-dir)");
    assertThat(run.out().lines().count()).isEqualTo(Checks.ids().size() + 1);
  }

  @Test
  void shouldListOnlyPlaybookChecksAsJsonWhenPlaybookIsGiven() throws Exception {
    // when
    CliRun run = CliRun.run("doctor", "network", "--list-checks", "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json)
        .extracting(n -> n.get("id").asText())
        .containsExactly(
            "node.reachable",
            "net.peer-reachable",
            "net.advertised-reachable",
            "raft.quorum",
            "partition.under-replicated");
    assertThat(json.get(0).properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("id", "title", "playbooks", "local", "description");
  }

  @Test
  void shouldSuggestPlaybookAndExitUsageWhenPlaybookIsUnknown() {
    // when
    CliRun run = CliRun.run("doctor", "qiuck");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: unknown playbook 'qiuck' (did you mean 'quick'?)");
    assertThat(run.errLines().get(1))
        .isEqualTo("Try 'chronik doctor --help' for more information.");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void shouldSuggestCheckAndExitUsageWhenCheckIsUnknown() {
    // when
    CliRun run = CliRun.run("doctor", "--check", "raft.leader");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: Invalid value for option '--check': unknown check"
                + " 'raft.leader' (did you mean 'raft.leader-present'?); chronik doctor --list-checks"
                + " lists them");
  }

  @Test
  void shouldExitUsageWhenSkipNamesUnknownCheck() {
    // when
    CliRun run = CliRun.run("doctor", "--skip", "disk.fre");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0)).contains("'--skip'").contains("did you mean 'disk.free'?");
  }

  @Test
  void shouldExitUsageWhenLocalCheckIsNamedWithoutDataDir() {
    // when
    CliRun run = CliRun.run("doctor", "--check", "perf.fsync");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .contains("perf.fsync runs on the node's host and needs --data-dir");
  }

  @Test
  void shouldExitUsageWhenExitWhenHealthyComesWithoutWatch() {
    // when
    CliRun run = CliRun.run("doctor", "--exit-when-healthy");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: Invalid value for option '--exit-when-healthy': it works with"
                + " --watch: add --watch");
  }

  @Test
  void shouldExitUsageWhenBundleComesWithWatch() {
    // when
    CliRun run = CliRun.run("doctor", "--bundle", "b.zip", "--watch");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: Invalid value for option '--bundle': a bundle does not change:"
                + " leave out --watch");
  }

  @Test
  void shouldExitDataErrorWithOneLineWhenBundleIsNotABundle(@TempDir Path dir) throws Exception {
    // given
    Path file = Files.writeString(dir.resolve("notes.zip"), "not a zip");

    // when
    CliRun run = CliRun.run("doctor", "--bundle", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: cannot read the bundle " + file + ": ")
        .endsWith("[CHR-7302]");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void shouldExitUsageAndNameVariableWhenAdminFromEnvironmentIsMalformed() {
    // when
    CliRun run = CliRun.run(Map.of("CHRONIK_ADMIN", "localhost"), "doctor");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: Invalid value for option '--admin': 'localhost' is not"
                + " HOST:PORT, for example 127.0.0.1:9644; set by CHRONIK_ADMIN");
  }

  @Test
  void shouldExitUsageWhenTimeoutIsZero() {
    // when
    CliRun run = CliRun.run("doctor", "--timeout", "0s");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  /** A loopback port nobody listens on. */
  private static String closedAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void shouldExitCriticalAndSayWhyWhenOneCheckIsScriptedAndAdminDoesNotAnswer() throws Exception {
    // given
    String nowhere = closedAddress();

    // when: the scripting example of doctor --help
    CliRun run =
        CliRun.run(
            "doctor",
            "--check",
            "raft.quorum",
            "--admin",
            nowhere,
            "--timeout",
            "2s",
            "-o",
            "json");

    // then
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("verdict").asText()).isEqualTo("CRITICAL");
    assertThat(json.get("checks").get(0).get("id").asText()).isEqualTo("node.reachable");
    assertThat(json.get("checks").get(0).get("status").asText()).isEqualTo("CRIT");
    assertThat(json.get("checks").get(0).get("summary").asText())
        .isEqualTo(nowhere + " did not answer: connection refused");
    assertThat(json.get("checks").get(1).get("id").asText()).isEqualTo("raft.quorum");
  }

  @Test
  void shouldExitCriticalWhenLocalCheckPassesButAdminDoesNotAnswer(@TempDir Path dataDir)
      throws Exception {
    // given
    String nowhere = closedAddress();

    // when
    CliRun run =
        CliRun.run(
            "doctor",
            "performance",
            "--data-dir",
            dataDir.toString(),
            "--check",
            "perf.fsync",
            "--admin",
            nowhere,
            "--timeout",
            "2s");

    // then
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    // (perf.fsync itself may pass or warn, as this host's disk goes)
    assertThat(run.out())
        .contains("0 of 1 node answered")
        .contains("CRIT    node.reachable  " + nowhere + " did not answer");
    assertThat(run.outLines().get(run.outLines().size() - 1))
        .startsWith("chronik doctor: CRITICAL: 1 critical")
        .endsWith("(2 checks)");
  }

  @Test
  void shouldJudgeOnlyTheDiskWhenNodeReachableIsSkippedOnAHostWhoseNodeIsStopped(
      @TempDir Path dataDir) throws Exception {
    // given
    String nowhere = closedAddress();

    // when
    CliRun run =
        CliRun.run(
            "doctor",
            "performance",
            "--data-dir",
            dataDir.toString(),
            "--check",
            "perf.fsync",
            "--skip",
            "node.reachable",
            "--admin",
            nowhere,
            "--timeout",
            "2s");

    // then: the node stays in the report's rows, but no finding is made about it
    assertThat(run.out()).contains("perf.fsync").doesNotContain("CRIT    node.reachable");
    assertThat(run.outLines().get(run.outLines().size() - 1)).endsWith("(1 check)");
  }

  @Test
  void shouldDocumentMonitoringExitCodesWhenHelpIsShown() {
    // when
    CliRun run = CliRun.run("doctor", "--help");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("0   OK: every check passed")
        .contains("2   CRITICAL")
        .contains("3   UNKNOWN")
        .contains("--exit-when-healthy")
        .doesNotContain("65   data or integrity error");
  }
}
