package io.chronik.cli.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.cli.CliRun;
import io.chronik.cli.InJvmBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronik consume} as a real process, the way a shell runs it: its reader goes away ({@code
 * | head -1}), or Ctrl-C. Both must end it cleanly, exit 0, with nothing on stderr.
 */
class ConsumeExecutableIT {
  @RegisterExtension static final InJvmBroker BROKER = new InJvmBroker();

  private static final Path EXECUTABLE =
      Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();

  /** Enough records to overflow a pipe's buffer many times over (64 KiB on Linux). */
  private static final int RECORDS = 20_000;

  @TempDir Path workDir;

  @BeforeAll
  static void fillTopic() {
    CliRun.run("topic", "create", "stream", "--partitions", "1", "--bootstrap", BROKER.bootstrap());
    String lines =
        IntStream.range(0, RECORDS)
            .mapToObj(i -> String.format("record-%05d %s", i, "x".repeat(80)))
            .collect(Collectors.joining("\n", "", "\n"));
    CliRun produced =
        CliRun.withInput(lines, false, "produce", "stream", "--bootstrap", BROKER.bootstrap());
    assertThat(produced.exitCode()).isZero();
  }

  private ProcessBuilder shell(String script, String... args) {
    String[] command = new String[args.length + 4];
    command[0] = "bash";
    command[1] = "-c";
    command[2] = script;
    command[3] = EXECUTABLE.toString();
    System.arraycopy(args, 0, command, 4, args.length);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("CHRONIK_JAVA_OPTS");
    return builder;
  }

  @Test
  void shouldExitZeroWithoutStackTraceWhenReaderClosesThePipe() throws Exception {
    // given: waits forever for records unless it notices that stdout is gone
    Path err = workDir.resolve("err.txt");
    ProcessBuilder builder =
        shell(
            "set -o pipefail; \"$0\" consume stream --bootstrap \"$1\" --from-beginning"
                + " --timeout-idle 0 2>\"$2\" | head -1",
            BROKER.bootstrap(),
            err.toString());

    // when
    Process pipeline = builder.start();
    String out = new String(pipeline.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    // then
    assertThat(pipeline.waitFor(60, TimeUnit.SECONDS)).as("pipeline finished").isTrue();
    assertThat(pipeline.exitValue()).as("exit code of chronik (pipefail)").isZero();
    assertThat(out).startsWith("record-00000 ").hasLineCount(1);
    assertThat(Files.readString(err)).isEmpty();
  }

  @Test
  void shouldCommitWhatWasPrintedAndExitZeroWhenInterrupted() throws Exception {
    // given
    Path out = workDir.resolve("out.txt");
    Path err = workDir.resolve("err.txt");
    // (env --default-signal=INT: Ctrl-C must reach it even where the build itself runs in the
    // background, whose children inherit SIGINT ignored; a JVM cannot take back an ignored signal)
    ProcessBuilder builder =
        new ProcessBuilder(
                "env",
                "--default-signal=INT",
                EXECUTABLE.toString(),
                "consume",
                "stream",
                "--bootstrap",
                BROKER.bootstrap(),
                "--group",
                "interrupted",
                "--from-beginning",
                "--timeout-idle",
                "0")
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process consumer = builder.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(out).lines().count() >= RECORDS);

    // when
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(consumer.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).as("consumer stopped").isTrue();
    assertThat(consumer.exitValue()).isZero();
    assertThat(Files.readString(err)).isEmpty();
    assertThat(Files.readString(out).lines().count()).isEqualTo(RECORDS);
    CliRun described =
        CliRun.run("group", "describe", "interrupted", "--bootstrap", BROKER.bootstrap());
    assertThat(described.out())
        .containsPattern("(?m)^stream +0 +" + RECORDS + " +" + RECORDS + " +0 +-$");
  }
}
