package io.chronik.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every client command does before it reaches a broker: checks, and no broker at all. */
class ClientCommandsTest {
  private static int closedPort;

  @BeforeAll
  static void findClosedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
  }

  static Stream<List<String>> clientCommands() {
    return Stream.of(
        List.of("topic", "list"),
        List.of("topic", "describe", "t"),
        List.of("topic", "create", "t"),
        List.of("topic", "delete", "t", "--yes"),
        List.of("topic", "alter-config", "t", "--set", "a=b"),
        List.of("produce", "t"),
        List.of("consume", "t", "-n", "1"),
        List.of("group", "list"),
        List.of("group", "describe", "g"),
        List.of("group", "reset-offsets", "g", "--to-earliest", "--yes"));
  }

  @ParameterizedTest
  @MethodSource("clientCommands")
  void shouldExitUnavailableWithOneLineWhenNoBrokerListens(List<String> command) {
    // given
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("--bootstrap", "127.0.0.1:" + closedPort, "--timeout", "1s"));

    // when
    CliRun run = CliRun.withInput("x\n", false, args.toArray(String[]::new));

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: no broker answered at 127.0.0.1:"
                + closedPort
                + " within 1s ["
                + ClientErrors.UNREACHABLE
                + "]",
            "hint: start a node with 'chronik standalone', or point --bootstrap"
                + " (CHRONIK_BOOTSTRAP) at a running cluster");
  }

  @Test
  void shouldReadBootstrapFromEnvironmentWhenFlagIsAbsent() {
    // when
    CliRun run =
        CliRun.run(
            Map.of("CHRONIK_BOOTSTRAP", "127.0.0.1:" + closedPort),
            "topic",
            "list",
            "--timeout",
            "500ms");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.errLines().get(0)).contains("127.0.0.1:" + closedPort + " within 500ms");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "consume t --offset 3",
        "consume t --from-beginning --from-end",
        "consume t --format %x",
        "consume t --format %v -o json",
        "consume t -n 0",
        "consume t --timeout-idle soon",
        "produce t --header novalue",
        "produce t --acks 2",
        "produce t --key-separator=",
        "topic create t --partitions 0",
        "topic alter-config t",
        "topic alter-config t --set a=1 --delete a",
        "group reset-offsets g",
        "group reset-offsets g --to-earliest --to-latest",
        "topic list --bootstrap localhost",
        "topic list --timeout 0s"
      })
  void shouldExitWithUsageErrorBeforeConnectingWhenOptionsAreWrong(String command) {
    // when
    CliRun run = CliRun.run(command.split(" "));

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).startsWith("chronik: error: ");
    assertThat(run.errLines().get(1))
        .startsWith("Try 'chronik ")
        .endsWith("--help' for more information.");
  }
}
