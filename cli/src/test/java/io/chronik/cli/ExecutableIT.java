package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the built executable {@code cli/target/chronik} as a real process, the way a user or a
 * script does: from another working directory, through the shell stub.
 */
class ExecutableIT {
  private static final Path EXECUTABLE =
      Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();

  @TempDir Path workDir;

  record Result(int exitCode, String out, String err) {}

  private Result chronik(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(EXECUTABLE.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("CHRONIK_JAVA_OPTS");
    builder.environment().putAll(env);
    Path out = workDir.resolve("out.txt");
    Path err = workDir.resolve("err.txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chronik finished").isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void shouldPrintVersionAndExitZeroWhenRunFromAnotherDirectory() throws Exception {
    // when
    Result result = chronik(Map.of(), "--version");

    // then
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("chronik ").contains("commit:").contains("java:");
    assertThat(result.err()).as("stderr of --version").isEmpty();
  }

  @Test
  void shouldExitWithUsageErrorWhenCommandIsUnknown() throws Exception {
    // when
    Result result = chronik(Map.of(), "nosuchcmd");

    // then
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines().toList())
        .containsExactly(
            "chronik: error: Unmatched argument at index 0: 'nosuchcmd'",
            "Try 'chronik --help' for more information.");
  }

  @Test
  void shouldLoadNoBrokerLibrariesWhenPrintingVersion() throws Exception {
    // when
    Result result = chronik(Map.of("CHRONIK_JAVA_OPTS", "-verbose:class"), "--version");

    // then
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("io.chronik.cli.Main");
    assertThat(result.out().lines()).noneMatch(line -> line.matches(".*(vertx|ratis|kafka).*"));
  }

  @Test
  void shouldPrintVersionWithoutPicocliWhenNothingElseIsAsked() throws Exception {
    // when
    Result result = chronik(Map.of("CHRONIK_JAVA_OPTS", "-verbose:class"), "version");

    // then: what scripts call in loops skips the command model altogether
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("chronik ").contains("commit:");
    assertThat(result.out().lines())
        .filteredOn(line -> line.contains("[class,load]"))
        .noneMatch(line -> line.contains(" picocli."));
  }

  @Test
  void shouldLoadNoOtherCommandWhenRunningVersionWithOptions() throws Exception {
    // when
    Result result = chronik(Map.of("CHRONIK_JAVA_OPTS", "-verbose:class"), "version", "-v");

    // then: only the model of the command run is built, and no broker library is loaded
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("io.chronik.cli.VersionCommand ");
    assertThat(result.out().lines()).noneMatch(line -> line.matches(".*(vertx|ratis|kafka).*"));
    assertThat(result.out().lines())
        .filteredOn(line -> line.contains("[class,load]"))
        .noneMatch(line -> line.matches(".*io\\.chronik\\.cli\\.\\w+\\.\\w+Command .*"));
  }

  @Test
  void shouldLoadNoBrokerLibrariesWhenShowingConfig() throws Exception {
    // given
    Path file = workDir.resolve("chronik.properties");
    Files.writeString(file, "kafka.port = 19092\n");

    // when
    Result result =
        chronik(
            Map.of("CHRONIK_JAVA_OPTS", "-verbose:class"),
            "config",
            "show",
            "--config",
            file.toString());

    // then
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("io.chronik.cli.config.ConfigShowCommand");
    assertThat(result.out().lines())
        .filteredOn(line -> line.contains("[class,load]"))
        .noneMatch(line -> line.matches(".*(vertx|ratis|kafka|jackson).*"));
    assertThat(result.out().lines())
        .as("command models built besides config and the node's")
        .filteredOn(line -> line.contains("[class,load]"))
        .noneMatch(
            line ->
                line.matches(".*io\\.chronik\\.cli\\.\\w+\\.\\w+Command .*")
                    && !line.matches(".*io\\.chronik\\.cli\\.(config|standalone)\\..*"));
  }

  @Test
  void shouldUseClassDataArchiveWhenItSitsNextToExecutable() throws Exception {
    // given
    assumeTrue(Files.exists(EXECUTABLE.resolveSibling("chronik.jsa")), "no AppCDS archive built");

    // when
    Result result = chronik(Map.of("CHRONIK_JAVA_OPTS", "-Xlog:class+load"), "version");

    // then
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("io.chronik.cli.Main source: shared objects file");
  }

  @Test
  void shouldIgnoreArchiveSilentlyWhenItDoesNotMatchExecutable() throws Exception {
    // given: a copy of the executable whose archive was made for another file
    Path copy = workDir.resolve("bin/chronik");
    Files.createDirectories(copy.getParent());
    Files.copy(EXECUTABLE, copy);
    Files.write(copy.resolveSibling("chronik.jsa"), new byte[] {1, 2, 3, 4});
    copy.toFile().setExecutable(true);

    // when
    ProcessBuilder builder =
        new ProcessBuilder(copy.toString(), "version").directory(workDir.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("CHRONIK_JAVA_OPTS");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    // then
    assertThat(process.waitFor()).isZero();
    assertThat(out).startsWith("chronik ");
    assertThat(err).isEmpty();
  }

  @Test
  void shouldExplainWhenJavaHomeIsWrong() throws Exception {
    // when
    Result result = chronik(Map.of("JAVA_HOME", workDir.resolve("no-jdk").toString()), "version");

    // then
    assertThat(result.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(result.err()).startsWith("chronik: error: JAVA_HOME is ").contains("hint:");
  }
}
