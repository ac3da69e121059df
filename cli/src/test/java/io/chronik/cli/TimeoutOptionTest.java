package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every timeout, wait and interval refuses zero and negative durations as a usage error. */
class TimeoutOptionTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cluster status --timeout 0",
        "cluster status --timeout PT-5S",
        "cluster status --timeout PT0S",
        "cluster transfer-leader --meta --to 1 --timeout 0",
        "cluster add-node --node-id 4 --raft 127.0.0.1:9 --timeout 0",
        "cluster add-node --node-id 4 --raft 127.0.0.1:9 --wait 0",
        "cluster remove-node --node-id 3 --timeout 0",
        "cluster move-replica --topic t --partition 0 --from 1 --to 2 --timeout 0",
        "snapshot create --timeout 0",
        "topic list --timeout 0",
        "topic list --timeout PT-5S",
        "bench produce --timeout 0",
        "doctor --timeout PT-5S",
        "doctor --watch --interval 0",
        "debug bundle -o bundle.zip --timeout 0",
        "snapshot prune --keep 1 --older-than 0",
        "snapshot prune --keep 1 --older-than PT-1H"
      })
  void shouldExitUsageNamingTheOptionWhenDurationIsNotPositive(String command) {
    // given
    String[] args = command.split(" ");
    String option = args[args.length - 2];

    // when
    CliRun run = CliRun.run(args);

    // then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: Invalid value for option '"
                + option
                + "': the duration must be positive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"consume t --timeout-idle PT-1S"})
  void shouldExitUsageWhenDurationIsNegative(String command) {
    // given
    String[] args = command.split(" ");
    String option = args[args.length - 2];

    // when
    CliRun run = CliRun.run(args);

    // then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: Invalid value for option '"
                + option
                + "': the duration must not be negative");
  }
}
