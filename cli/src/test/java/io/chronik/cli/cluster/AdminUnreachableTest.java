package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin-API actions say why a closed admin port did not answer, in words. */
class AdminUnreachableTest {

  @ParameterizedTest
  @ValueSource(strings = {"cluster transfer-leader --meta --to 1", "snapshot create"})
  void shouldSayConnectionRefusedWhenAdminPortIsClosed(String command) throws IOException {
    // given
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String[] args = (command + " --timeout 2s --admin 127.0.0.1:" + port).split(" ");

    // when
    CliRun run = CliRun.run(args);

    // then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: the admin API at 127.0.0.1:"
                + port
                + " did not answer: connection refused [CHR-8001]");
  }
}
