package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageErrorHandlerTest {

  @Test
  void shouldKeepSuggestionWhenItIsATypo() {
    // when
    List<String> close =
        UsageErrorHandler.close("--kafka-prot", List.of("--kafka-port", "--raft-port"));

    // then
    assertThat(close).containsExactly("--kafka-port");
  }

  @Test
  void shouldDropSuggestionsWhenTheyAreFarOff() {
    // when
    List<String> close = UsageErrorHandler.close("nosuchcmd", List.of("bench", "version"));

    // then
    assertThat(close).isEmpty();
  }

  @Test
  void shouldKeepSuggestionWhenTypedIsAPrefix() {
    // when
    List<String> close = UsageErrorHandler.close("--retention", List.of("--retention-ms"));

    // then
    assertThat(close).containsExactly("--retention-ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"topic alter-config t --set foo", "topic create t --config foo"})
  void shouldSayOptionOnceWhenKeyValueOptionHasNoEquals(String command) {
    // when
    CliRun run = CliRun.run(command.split(" "));

    // then
    String option = command.split(" ")[3];
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: Value for option '"
                + option
                + "' (KEY=VALUE) should be in KEY=VALUE format but was foo");
  }

  @Test
  void shouldSayErrorOnceWhenOptionsExcludeEachOther() {
    // when
    CliRun run =
        CliRun.run(
            "cluster",
            "transfer-leader",
            "--meta",
            "--topic",
            "t",
            "--partition",
            "0",
            "--to",
            "1");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: --meta and ")
        .contains("are mutually exclusive");
  }

  @Test
  void shouldCountEditsWhenComputingDistance() {
    // then
    assertThat(io.chronik.diagnostics.Similar.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(io.chronik.diagnostics.Similar.distance("", "abc")).isEqualTo(3);
    assertThat(io.chronik.diagnostics.Similar.distance("same", "same")).isZero();
  }
}
