package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.ChronikException;
import io.chronik.broker.ChronikException.Kind;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Command;

class ErrorReporterTest {

  @Command(name = "fail", description = "Fails on purpose.")
  static final class FailingCommand implements Callable<Integer> {
    private final Exception failure;

    FailingCommand(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  private static CliRun runFailing(Exception failure, Map<String, String> env, String... args) {
    return CliRun.run(env, cl -> cl.addSubcommand(new FailingCommand(failure)), args);
  }

  @ParameterizedTest
  @CsvSource({"RUNTIME, 1", "USAGE, 64", "DATA, 65", "UNAVAILABLE, 69"})
  void shouldMapKindToExitCodeWhenChronikExceptionEscapes(Kind kind, int exitCode) {
    // given
    ChronikException failure =
        new ChronikException("CHR-9999", kind, "the disk is on fire", "call the fire brigade");

    // when
    CliRun run = runFailing(failure, Map.of(), "fail");

    // then
    assertThat(run.exitCode()).isEqualTo(exitCode);
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: the disk is on fire [CHR-9999]", "hint: call the fire brigade");
  }

  @Test
  void shouldPrintTheCodeOnceWhenTheMessageEndsWithIt() {
    // given: store and archive errors carry their code in the message, for the logs
    ChronikException failure =
        new ChronikException(
            "CHR-3205", Kind.USAGE, "store URI x:y is bad (CHR-3205)", "fix the URI");

    // when
    CliRun run = runFailing(failure, Map.of(), "fail");

    // then
    assertThat(run.errLines())
        .containsExactly("chronik: error: store URI x:y is bad [CHR-3205]", "hint: fix the URI");
  }

  @Test
  void shouldFindChronikExceptionWhenItIsWrapped() {
    // given
    Exception failure =
        new IllegalStateException(
            "wrapper",
            new ChronikException("CHR-9998", Kind.DATA, "bad checksum", "restore a snapshot"));

    // when
    CliRun run = runFailing(failure, Map.of(), "fail");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.errLines().get(0)).isEqualTo("chronik: error: bad checksum [CHR-9998]");
  }

  @Test
  void shouldPrintOneLineAndHintWhenExceptionIsUnexpected() {
    // given
    Exception failure = new IllegalStateException("boom\nsecond line");

    // when
    CliRun run = runFailing(failure, Map.of(), "fail");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: unexpected IllegalStateException: boom; second line",
            "hint: rerun with -v for details");
  }

  @Test
  void shouldPrintStackTraceWhenVerbose() {
    // given
    Exception failure = new IllegalStateException("boom");

    // when
    CliRun run = runFailing(failure, Map.of(), "-v", "fail");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines().get(0))
        .isEqualTo("chronik: error: unexpected IllegalStateException: boom");
    assertThat(run.err()).contains("at io.chronik.cli.ErrorReporterTest");
  }

  @Test
  void shouldPrintStackTraceWhenDebugIsSetInEnvironment() {
    // given
    ChronikException failure =
        new ChronikException("CHR-9999", Kind.RUNTIME, "the disk is on fire", "wait");

    // when
    CliRun run = runFailing(failure, Map.of("CHRONIK_DEBUG", "1"), "fail");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.err()).contains("hint: wait").contains("at io.chronik.cli.ErrorReporterTest");
  }

  @Test
  void shouldNotPrintStackTraceWhenNotVerbose() {
    // given
    ChronikException failure =
        new ChronikException("CHR-9999", Kind.UNAVAILABLE, "no leader", "start more nodes");

    // when
    CliRun run = runFailing(failure, Map.of(), "fail");

    // then
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }
}
