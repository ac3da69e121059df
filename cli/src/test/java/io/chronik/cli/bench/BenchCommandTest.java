package io.chronik.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

  @Test
  void shouldExitWithUsageErrorWhenBenchHasNoSubcommand() {
    // when
    CliRun run = CliRun.run("bench");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(1)).isEqualTo("Try 'chronik bench --help' for more information.");
  }
}
