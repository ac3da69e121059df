package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command that starts from a node's admin API refuses a malformed --admin as usage. */
class AdminAddressOptionTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cluster status",
        "cluster transfer-leader --meta --to 2",
        "cluster add-node --node-id 4 --raft 127.0.0.1:9",
        "cluster remove-node --node-id 3",
        "cluster move-replica --topic t --partition 0 --from 1 --to 2",
        "snapshot create"
      })
  void shouldExitUsageNamingTheOptionWhenAdminIsNotHostPort(String command) {
    // given
    String[] args = (command + " --admin nonsense").split(" ");

    // when
    CliRun run = CliRun.run(args);

    // then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(64);
    assertThat(run.err())
        .startsWith("chronik: error: Invalid value for option '--admin': 'nonsense' is not")
        .doesNotContain("Exception");
  }
}
