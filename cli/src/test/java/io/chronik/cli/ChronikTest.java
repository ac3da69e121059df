package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
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

  /** Runs {@code chronik args} in-process with the whole command tree built. */
  private static CliRun runWithWholeTree(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    StandardInput none = new StandardInput(new ByteArrayInputStream(new byte[0]), false);
    int exitCode =
        Chronik.create(none, new PrintWriter(out, true), new PrintWriter(err, true), Map.of())
            .execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** Command lines whose output must not depend on how much of the tree a run builds. */
  static Stream<List<String>> commandLines() {
    List<List<String>> lines = new ArrayList<>();
    commands()
        .forEach(
            command -> {
              List<String> help = new ArrayList<>(command);
              help.add("--help");
              lines.add(help);
              List<String> badFlag = new ArrayList<>(command);
              badFlag.add("--no-such-flag");
              lines.add(badFlag);
            });
    lines.add(List.of("--version"));
    lines.add(List.of("-V"));
    lines.add(List.of("version"));
    lines.add(List.of("version", "-o", "json"));
    lines.add(List.of("-v", "version"));
    lines.add(List.of("version", "--version"));
    lines.add(List.of("version", "extra"));
    lines.add(List.of("--help", "version"));
    lines.add(List.of("--version", "version"));
    lines.add(List.of("topic", "lst"));
    lines.add(List.of("versoin"));
    lines.add(List.of("explain", "CHR-7201"));
    lines.add(List.of("config", "show"));
    lines.add(List.of());
    return lines.stream();
  }

  @ParameterizedTest
  @MethodSource("commandLines")
  void shouldPrintWhatTheWholeTreePrintsWhenOnlyTheCommandRunIsBuilt(List<String> args) {
    // given
    String[] given = args.toArray(String[]::new);

    // when
    CliRun lean = CliRun.run(given);
    CliRun whole = runWithWholeTree(given);

    // then
    assertThat(lean).isEqualTo(whole);
  }

  @Test
  void shouldBuildOnlyTheCommandRunWhenItIsNamedFirst() {
    // when / then
    assertThat(Chronik.commandsFor("version")).containsExactly("version");
    assertThat(Chronik.commandsFor("version", "-o", "json")).containsExactly("version");
    assertThat(Chronik.commandsFor("-v", "topic", "list")).containsExactly("topic");
    assertThat(Chronik.commandsFor("config", "show")).containsExactly("config");
    assertThat(Chronik.commandsFor("--version")).isEmpty();
  }

  @Test
  void shouldBuildTheWholeTreeWhenRunNeedsIt() {
    // when / then: help, suggestions, and the commands that walk the tree
    assertThat(Chronik.commandsFor()).isEqualTo(Chronik.COMMANDS);
    assertThat(Chronik.commandsFor("--help", "version")).isEqualTo(Chronik.COMMANDS);
    assertThat(Chronik.commandsFor("--version", "version")).isEqualTo(Chronik.COMMANDS);
    assertThat(Chronik.commandsFor("versoin")).isEqualTo(Chronik.COMMANDS);
    assertThat(Chronik.commandsFor("completion", "bash")).isEqualTo(Chronik.COMMANDS);
    assertThat(Chronik.commandsFor("shell")).isEqualTo(Chronik.COMMANDS);
  }

  @Test
  void shouldNameEveryCommandAsItsOwnModelDoesWhenTheWholeTreeIsBuilt() {
    // when
    CommandLine root =
        Chronik.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

    // then
    assertThat(root.getSubcommands().keySet()).containsExactlyElementsOf(Chronik.COMMANDS);
    root.getSubcommands()
        .forEach((name, sub) -> assertThat(sub.getCommandSpec().name()).isEqualTo(name));
  }

  @ParameterizedTest
  @MethodSource("versionOnlyLines")
  void shouldPrintWhatPicocliPrintsWhenVersionIsPrintedWithoutIt(String arg) {
    // given
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    // when
    int exitCode = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), arg);
    CliRun picocli = runWithWholeTree(arg);

    // then
    assertThat(Main.versionOnly(arg)).isTrue();
    assertThat(new CliRun(exitCode, out.toString(), err.toString())).isEqualTo(picocli);
    assertThat(picocli.out()).startsWith("chronik ");
  }

  static Stream<String> versionOnlyLines() {
    return Stream.of("version", "--version", "-V");
  }

  @Test
  void shouldLeaveEveryOtherVersionLineToPicocliWhenRunning() {
    // when / then: options, help and JSON go through the command model
    assertThat(Main.versionOnly("version", "-o", "json")).isFalse();
    assertThat(Main.versionOnly("version", "--help")).isFalse();
    assertThat(Main.versionOnly("-v", "version")).isFalse();
    assertThat(Main.versionOnly("--version", "version")).isFalse();
    assertThat(Main.versionOnly()).isFalse();
  }
}
