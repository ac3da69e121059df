package io.chronik.cli.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {

  @Test
  void shouldPrintCauseConfirmationAndFixWhenCodeIsKnown() {
    // when
    CliRun run = CliRun.run("explain", "CHR-1202");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().toList())
        .startsWith(
            "CHR-1202: Raft quorum lost",
            "raised by: chronik doctor (raft.quorum); broker log (a group without a leader for 5 s)",
            "exit code: none (logged or reported; it ends no command)",
            "",
            "Cause")
        .contains("How to confirm", "Fix");
    assertThat(run.out().lines()).allMatch(line -> line.length() <= 92);
  }

  @Test
  void shouldAcceptLowerCaseAndBareDigitsWhenCodeIsWrittenLoosely() {
    // when / then
    assertThat(CliRun.run("explain", "chr-1004").out()).startsWith("CHR-1004: ");
    assertThat(CliRun.run("explain", "1004").out()).startsWith("CHR-1004: ");
  }

  @Test
  void shouldPrintEveryFieldAsJsonWhenOutputIsJson() throws Exception {
    // when
    CliRun run = CliRun.run("explain", "CHR-1004", "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("code", "title", "raisedBy", "cause", "confirm", "fix", "exitCode");
    assertThat(json.get("exitCode").asInt()).isEqualTo(69);
    JsonNode logged =
        new ObjectMapper().readTree(CliRun.run("explain", "CHR-2001", "-o", "json").out());
    assertThat(logged.get("exitCode").isNull()).isTrue();
  }

  @Test
  void shouldSuggestCloseCodeAndExitUsageWhenCodeIsUnknown() {
    // when
    CliRun run = CliRun.run("explain", "CHR-1020");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: unknown error code 'CHR-1020' (did you mean one of 'CHR-8020',"
                + " 'CHR-1002'?); chronik explain --list lists them",
            "Try 'chronik explain --help' for more information.");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void shouldExitUsageWithoutSuggestionWhenNothingIsClose() {
    // when
    CliRun run = CliRun.run("explain", "CHR-9999");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: unknown error code 'CHR-9999'; chronik explain --list lists them");
  }

  @Test
  void shouldExitUsageWhenArgumentIsNotACode() {
    // when
    CliRun run = CliRun.run("explain", "quorum");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0)).contains("'quorum' is not an error code");
  }

  @Test
  void shouldExitUsageWhenNoCodeIsGiven() {
    // when
    CliRun run = CliRun.run("explain");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0)).contains("chronik explain CHR-1202");
  }

  @Test
  void shouldListEveryCodeWhenListIsGiven() throws Exception {
    // when
    CliRun text = CliRun.run("explain", "--list");
    CliRun json = CliRun.run("explain", "--list", "-o", "json");

    // then
    assertThat(text.exitCode()).isZero();
    assertThat(text.out().lines().count()).isEqualTo(ErrorCatalogue.all().size());
    assertThat(text.out()).contains("CHR-1202  Raft quorum lost");
    assertThat(new ObjectMapper().readTree(json.out()).size())
        .isEqualTo(ErrorCatalogue.all().size());
  }
}
