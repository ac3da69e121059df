package io.chronik.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.cli.CliRun;
import io.chronik.diagnostics.ReportJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chronik doctor against a real node started in this JVM, and against an address nobody serves. */
class DoctorCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  private static Broker broker;
  private static String admin;

  @BeforeAll
  static void startNode() {
    broker = Broker.start(BrokerConfig.defaults().withDataDir(dataDir).withPorts(0, 0, 0));
    admin = "127.0.0.1:" + broker.adminPort();
  }

  @AfterAll
  static void stopNode() {
    if (broker != null) {
      broker.close();
    }
  }

  /** A loopback port nobody listens on. */
  private static String closedAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void shouldExitZeroWithOkVerdictWhenNodeIsHealthy() {
    // when
    CliRun run = CliRun.run("doctor", "--admin", admin);

    // then
    assertThat(run.exitCode()).as(run.out()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("chronik doctor quick via " + admin + ": 1 of 1 node answered");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("chronik doctor: OK (10 checks)");
    assertThat(run.out()).contains("reported by the node").doesNotContain("UNKNOWN");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void shouldPrintEveryDocumentedFieldWhenOutputIsJson() throws Exception {
    // when
    CliRun run = CliRun.run("doctor", "--admin", admin, "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("verdict").asText()).isEqualTo("OK");
    assertThat(json.get("exitCode").asInt()).isZero();
    assertThat(json.get("counts").get("ok").asInt()).isEqualTo(10);
    assertThat(json.get("checks")).hasSize(10);
    assertThat(json.get("nodes"))
        .singleElement()
        .satisfies(
            node -> {
              assertThat(node.get("nodeId").asInt()).isEqualTo(1);
              assertThat(node.get("admin").asText()).isEqualTo(admin);
              assertThat(node.get("reachable").asBoolean()).isTrue();
              assertThat(node.get("error").asText()).isEmpty();
            });
    assertThat(paths(json))
        .containsExactlyElementsOf(
            ReportJson.FIELDS.keySet().stream().filter(f -> !f.startsWith("skipped")).toList());
    for (JsonNode check : json.get("checks")) {
      assertThat(check.properties())
          .extracting(Map.Entry::getKey)
          .containsExactly(
              "id", "playbook", "status", "summary", "details", "remedy", "code", "node");
      assertThat(check.get("status").asText()).isEqualTo("OK");
    }
  }

  @Test
  void shouldKeepNodeRowAndExitCriticalWhenAdminIsUnreachable() throws Exception {
    // given
    String nowhere = closedAddress();

    // when
    CliRun run = CliRun.run("doctor", "--admin", nowhere, "--timeout", "2s", "-o", "json");

    // then
    assertThat(run.exitCode()).isEqualTo(2);
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("verdict").asText()).isEqualTo("CRITICAL");
    assertThat(json.get("nodes"))
        .singleElement()
        .satisfies(
            node -> {
              assertThat(node.get("nodeId").isNull()).isTrue();
              assertThat(node.get("admin").asText()).isEqualTo(nowhere);
              assertThat(node.get("reachable").asBoolean()).isFalse();
              assertThat(node.get("error").asText()).isEqualTo("connection refused");
            });
    assertThat(json.get("checks").get(0).get("id").asText()).isEqualTo("node.reachable");
    assertThat(json.get("checks").get(0).get("code").asText()).isEqualTo("CHR-8001");
    assertThat(json.get("counts").get("ok").asInt()).isZero();
  }

  @Test
  void shouldCheckStoreOfflineWhenBundleOfNodeWithoutStoreIsGiven(@TempDir Path scratch)
      throws Exception {
    // given
    Path zip = scratch.resolve("b.zip");
    CliRun collected = CliRun.run("debug", "bundle", "-o", zip.toString(), "--admin", admin);

    // when
    CliRun offline = CliRun.run("doctor", "snapshots", "--bundle", zip.toString(), "-o", "json");

    // then
    assertThat(collected.exitCode()).as(collected.err()).isZero();
    JsonNode json = JSON.readTree(offline.out());
    JsonNode probe = null;
    for (JsonNode check : json.get("checks")) {
      if (check.get("id").asText().equals("snapshot.store-reachable")) {
        probe = check;
      }
    }
    assertThat(probe).as(offline.out()).isNotNull();
    assertThat(probe.get("status").asText()).isEqualTo("OK");
    assertThat(probe.get("summary").asText())
        .isEqualTo("node 1 has no snapshot store: archives" + " stay on the nodes' disks");
  }

  @Test
  void shouldRunOnlyNamedChecksWhenCheckIsGiven() throws Exception {
    // when
    CliRun run =
        CliRun.run("doctor", "--admin", admin, "--check", "raft.quorum,node.ready", "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(JSON.readTree(run.out()).get("checks"))
        .extracting(c -> c.get("id").asText())
        .containsExactlyInAnyOrder("raft.quorum", "node.ready");
  }

  @Test
  void shouldLeaveOutSkippedChecksWhenSkipIsGiven() throws Exception {
    // when
    CliRun run =
        CliRun.run(
            "doctor", "--admin", admin, "--skip", "perf.gc", "--skip", "disk.free", "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(JSON.readTree(run.out()).get("checks"))
        .extracting(c -> c.get("id").asText())
        .hasSize(8)
        .doesNotContain("perf.gc", "disk.free");
  }

  @Test
  void shouldMeasureFsyncAndSayWhatWasSkippedWhenPlaybookHasLocalChecks(@TempDir Path scratch)
      throws Exception {
    // when
    CliRun without = CliRun.run("doctor", "performance", "--admin", admin, "-o", "json");
    CliRun with =
        CliRun.run(
            "doctor",
            "performance",
            "--admin",
            admin,
            "--data-dir",
            scratch.toString(),
            "-o",
            "json");

    // then
    JsonNode skipped = JSON.readTree(without.out()).get("skipped");
    assertThat(skipped)
        .singleElement()
        .satisfies(s -> assertThat(s.get("id").asText()).isEqualTo("perf.fsync"));
    JsonNode checks = JSON.readTree(with.out()).get("checks");
    assertThat(checks)
        .anySatisfy(
            c -> {
              assertThat(c.get("id").asText()).isEqualTo("perf.fsync");
              assertThat(c.get("summary").asText()).containsPattern("^(PASS|FAIL): fsync p99 ");
            });
    assertThat(JSON.readTree(with.out()).get("skipped")).isEmpty();
  }

  @Test
  void shouldExitZeroAtOnceWhenWatchingForHealthOfHealthyNode() {
    // when
    CliRun run =
        CliRun.run(
            "doctor", "--admin", admin, "--watch", "--exit-when-healthy", "--interval", "100ms");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).endsWith("chronik doctor: OK (10 checks)\n");
  }

  @Test
  void shouldPrintOneJsonDocumentPerRoundWhenWatching() throws Exception {
    // when
    CliRun run =
        CliRun.run(
            "doctor",
            "--admin",
            admin,
            "--watch",
            "--interval",
            "100ms",
            "--timeout-total",
            "2s",
            "-o",
            "json");

    // then
    assertThat(run.exitCode()).isZero();
    List<String> rounds = run.out().lines().toList();
    assertThat(rounds).hasSizeGreaterThanOrEqualTo(2);
    for (String round : rounds) {
      assertThat(JSON.readTree(round).get("verdict").asText()).isEqualTo("OK");
    }
  }

  @Test
  void shouldGiveUpWithLastVerdictWhenNodeStaysUnreachable() throws Exception {
    // when
    CliRun run =
        CliRun.run(
            "doctor",
            "--admin",
            closedAddress(),
            "--watch",
            "--exit-when-healthy",
            "--interval",
            "100ms",
            "--timeout-total",
            "500ms",
            "-o",
            "json");

    // then: one report, the last round's
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out().lines()).hasSize(1);
    assertThat(run.err()).contains("still not healthy after 500ms; giving up");
  }

  @Test
  void shouldPrintRecoveryStepsWhenRecoveryPlaybookRunsOnHealthyNode() {
    // when
    CliRun run = CliRun.run("doctor", "recovery", "--admin", admin);

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("recovery.plan").contains("nothing to recover");
  }

  private static List<String> paths(JsonNode node) {
    List<String> paths = new ArrayList<>();
    collect("", node, paths);
    return paths;
  }

  private static void collect(String prefix, JsonNode node, List<String> paths) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode child = node.get(name);
      if (child.isObject()) {
        collect(prefix + name + ".", child, paths);
      } else if (child.isArray()) {
        if (!child.isEmpty() && child.get(0).isObject()) {
          collect(prefix + name + "[].", child.get(0), paths);
        }
      } else {
        paths.add(prefix + name);
      }
    }
  }
}
