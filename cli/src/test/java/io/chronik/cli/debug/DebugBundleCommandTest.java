package io.chronik.cli.debug;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chronik debug bundle's options and failures; a bundle of a live cluster is in DoctorClusterIT.
 */
class DebugBundleCommandTest {
  @TempDir Path dir;

  private static String closedAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void shouldExitUsageWhenOutputIsMissing() {
    // when
    CliRun run = CliRun.run("debug", "bundle");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("-o");
  }

  @Test
  void shouldExitRuntimeWithOneLineWhenDirectoryDoesNotExist() {
    // given
    Path zip = dir.resolve("missing/b.zip");

    // when
    CliRun run = CliRun.run("debug", "bundle", "-o", zip.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: cannot write "
                + zip
                + ": the directory "
                + zip.getParent()
                + " does not exist [CHR-7301]");
  }

  @Test
  void shouldRecordTheErrorAndExitUnavailableWhenNoNodeAnswers() throws Exception {
    // given
    Path zip = dir.resolve("b.zip");
    String nowhere = closedAddress();

    // when
    CliRun run =
        CliRun.run("debug", "bundle", "-o", zip.toString(), "--admin", nowhere, "--timeout", "2s");
    CliRun offline = CliRun.run("doctor", "--bundle", zip.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.out()).contains("0 of 1 node answered");
    assertThat(run.errLines().get(0)).contains("no node answered at " + nowhere);
    assertThat(Files.exists(zip)).isTrue();
    assertThat(offline.exitCode()).isEqualTo(2);
    assertThat(offline.out()).contains(nowhere + " did not answer: connection refused");
  }
}
