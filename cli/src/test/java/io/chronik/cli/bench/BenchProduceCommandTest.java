package io.chronik.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BenchProduceCommandTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--acks=2",
        "--records=0",
        "--record-size=0",
        "--partitions=0",
        "--replication-factor=0",
        "--throughput=0",
        "--linger-ms=-1",
        "--bootstrap=localhost",
        "--bootstrap=localhost:port",
        "--timeout=soon",
        "--timeout=0s"
      })
  void shouldExitWithUsageErrorWhenValueIsInvalid(String flag) {
    // when
    CliRun run = CliRun.run("bench", "produce", flag);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).contains(flag.substring(0, flag.indexOf('=')));
    assertThat(run.errLines().get(1))
        .isEqualTo("Try 'chronik bench produce --help' for more information.");
  }

  @Test
  void shouldExitUnavailableWhenNoBrokerListensAtBootstrap() throws IOException {
    // given
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    // when
    CliRun run =
        CliRun.run(
            "bench",
            "produce",
            "--bootstrap",
            "127.0.0.1:" + closedPort,
            "--timeout",
            "1s",
            "--records",
            "1");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: no broker answered at 127.0.0.1:"
                + closedPort
                + " within 1s ["
                + BenchErrors.UNREACHABLE
                + "]",
            "hint: start a node with 'chronik standalone', or point --bootstrap at a running one");
  }
}
