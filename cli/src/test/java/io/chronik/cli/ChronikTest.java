package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ChronikTest {

  /** Every command of the tree, as the words that name it: [], [version], [bench, produce]... */
  static Stream<List<String>> commands() {
    CommandLine root =
        Chronik.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<List<String>> paths = new ArrayList<>();
    collect(root, new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandName().equals(name)) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                collect(sub, subPath, paths);
              }
            });
  }

  @ParameterizedTest
  @MethodSource("commands")
  void shouldPrintHelpWithExamplesWhenHelpIsAskedFor(List<String> command) {
    // given
    List<String> args = new ArrayList<>(command);
    args.add("--help");

    // when
    CliRun run = CliRun.run(args.toArray(String[]::new));

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: chronik")
        .contains("Examples:")
        .contains("Exit codes:")
        .contains("64");
    assertThat(run.err()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("commands")
  void shouldDescribeEveryOptionWhenHelpIsPrinted(List<String> command) {
    // given
    CommandLine root =
        Chronik.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine target = root;
    for (String name : command) {
      target = target.getSubcommands().get(name);
    }

    // when
    var spec = target.getCommandSpec();

    // then
    assertThat(spec.usageMessage().description()).as("description of %s", command).isNotEmpty();
    assertThat(spec.options())
        .allSatisfy(
            option ->
                assertThat(option.description())
                    .as("description of %s", option.longestName())
                    .isNotEmpty());
  }

  @ParameterizedTest
  @MethodSource("commands")
  void shouldFormatEveryHelpTextWhenItHasPercentSigns(List<String> command) {
    // given: picocli runs help texts through String.format, so a bare % breaks them
    CommandLine target =
        Chronik.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    for (String name : command) {
      target = target.getSubcommands().get(name);
    }
    var spec = target.getCommandSpec();
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().footer()));

    // then
    assertThat(texts)
        .allSatisfy(
            text ->
                assertThatCode(() -> String.format(text))
                    .as("%s", text)
                    .doesNotThrowAnyException());
  }

  @Test
  void shouldExitWithUsageErrorInOneLineWhenFlagIsUnknown() {
    // when
    CliRun run = CliRun.run("version", "--outptu", "json");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: ")
        .contains("'--outptu'")
        .contains("did you mean '--output'?");
    assertThat(run.errLines().get(1))
        .isEqualTo("Try 'chronik version --help' for more information.");
    assertThat(run.err()).doesNotContain("at io.").doesNotContain("Usage:");
  }

  @Test
  void shouldSuggestCommandWhenCommandIsMisspelled() {
    // when
    CliRun run = CliRun.run("versoin");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).contains("'versoin'").contains("did you mean 'version'?");
    assertThat(run.errLines().get(1)).isEqualTo("Try 'chronik --help' for more information.");
  }

  @Test
  void shouldNotSuggestAnythingWhenCommandIsNothingLikeOne() {
    // when
    CliRun run = CliRun.run("nosuchcmd");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).contains("'nosuchcmd'").doesNotContain("did you mean");
  }

  @Test
  void shouldExitWithUsageErrorWhenNoCommandIsGiven() {
    // when
    CliRun run = CliRun.run();

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).startsWith("chronik: error: ").contains("subcommand");
  }

  @Test
  void shouldPrintVersionWhenVersionFlagIsGiven() {
    // when
    CliRun run = CliRun.run("--version");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("chronik ").contains("commit:").contains("java:");
  }

  @Test
  void shouldPrintTheSameAsVersionCommandWhenVersionFlagIsGiven() {
    // when
    CliRun flag = CliRun.run("--version");
    CliRun command = CliRun.run("version");

    // then
    assertThat(flag.out()).isEqualTo(command.out());
  }

  @Test
  void shouldAcceptVerboseFlagWhenGivenAfterCommand() {
    // when
    CliRun run = CliRun.run(Map.of(), "version", "-v");

    // then
    assertThat(run.exitCode()).isZero();
  }
}
