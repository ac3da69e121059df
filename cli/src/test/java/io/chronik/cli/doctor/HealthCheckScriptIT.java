package io.chronik.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/health-check.sh as cron or Nagios runs it: a real process of the script, which runs the
 * built executable against a node started in this JVM.
 */
class HealthCheckScriptIT {
  private static final Path SCRIPT =
      Path.of("../scripts/health-check.sh").toAbsolutePath().normalize();
  private static final Path EXECUTABLE =
      Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();

  @TempDir static Path dataDir;
  private static Broker broker;

  record Result(int exitCode, String out) {}

  @BeforeAll
  static void startNode() {
    broker = Broker.start(BrokerConfig.defaults().withDataDir(dataDir).withPorts(0, 0, 0));
  }

  @AfterAll
  static void stopNode() {
    if (broker != null) {
      broker.close();
    }
  }

  private static Result script(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("CHRONIK_ADMIN");
    builder.environment().remove("CHRONIK_JAVA_OPTS");
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out);
  }

  @Test
  void shouldPrintOkLineAndExitZeroWhenNodeIsHealthy() throws Exception {
    // when
    Result result =
        script(
            Map.of("CHRONIK_BIN", EXECUTABLE.toString()), "-a", "127.0.0.1:" + broker.adminPort());

    // then
    assertThat(result.exitCode()).as(result.out()).isZero();
    assertThat(result.out()).isEqualTo("CHRONIK OK - 10 checks | crit=0 warn=0 unknown=0\n");
  }

  @Test
  void shouldPrintCriticalLineAndExitTwoWhenAdminIsUnreachable() throws Exception {
    // given
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    // when
    Result result =
        script(Map.of("CHRONIK_BIN", EXECUTABLE.toString()), "-a", "127.0.0.1:" + port, "-t", "2s");

    // then
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out())
        .isEqualTo(
            "CHRONIK CRITICAL - node.reachable: 127.0.0.1:"
                + port
                + " did not answer: connection refused | crit=1 warn=0 unknown=9\n");
  }

  @Test
  void shouldRunTheNamedPlaybookWhenPlaybookIsGiven() throws Exception {
    // when
    Result result =
        script(
            Map.of("CHRONIK_BIN", EXECUTABLE.toString()),
            "-a",
            "127.0.0.1:" + broker.adminPort(),
            "-p",
            "network");

    // then
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("CHRONIK OK - 5 checks | crit=0 warn=0 unknown=0\n");
  }

  @Test
  void shouldNameAFindingOfTheVerdictsStatusWhenUnknownFindingsComeFirst(@TempDir Path bin)
      throws Exception {
    // given: a chronik whose doctor lists an UNKNOWN finding before the WARN one, as it does when
    // a node is down
    String report =
        "{\"verdict\":\"WARNING\",\"counts\":{\"ok\":7,\"warn\":1,\"crit\":0,\"unknown\":2},"
            + "\"checks\":[{\"id\":\"node.ready\",\"playbook\":\"quick\",\"status\":\"UNKNOWN\","
            + "\"summary\":\"could not check node 3: /ready did not answer\",\"details\":\"\","
            + "\"remedy\":\"\",\"code\":\"\",\"node\":3},"
            + "{\"id\":\"node.reachable\",\"playbook\":\"quick\",\"status\":\"WARN\","
            + "\"summary\":\"node 3 did not answer: connection refused\","
            + "\"details\":\"not {\\\"id\\\":\\\"x\\\"}\",\"remedy\":\"start it\","
            + "\"code\":\"CHR-8001\",\"node\":3}],\"nodes\":[],\"skipped\":[]}";
    Path chronik = bin.resolve("chronik");
    Files.writeString(chronik, "#!/bin/sh\ncat <<'EOF'\n" + report + "\nEOF\nexit 1\n");
    assertThat(chronik.toFile().setExecutable(true)).isTrue();

    // when
    Result result = script(Map.of("CHRONIK_BIN", chronik.toString()));

    // then
    assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
    assertThat(result.out())
        .isEqualTo(
            "CHRONIK WARNING - node.reachable: node 3 did not answer: connection refused"
                + " | crit=0 warn=1 unknown=2\n");
  }

  @Test
  void shouldBeUnknownWhenExecutableIsMissing(@TempDir Path empty) throws Exception {
    // when
    Result result = script(Map.of("CHRONIK_BIN", empty.resolve("chronik").toString()));

    // then
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).startsWith("CHRONIK UNKNOWN - chronik executable not found at ");
  }

  @Test
  void shouldBeUnknownWhenDoctorRefusesTheOptions() throws Exception {
    // when
    Result result = script(Map.of("CHRONIK_BIN", EXECUTABLE.toString()), "-p", "nosuch");

    // then
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out())
        .startsWith(
            "CHRONIK UNKNOWN - chronik doctor gave no report (exit 64): chronik: error:"
                + " unknown playbook 'nosuch'");
  }
}
