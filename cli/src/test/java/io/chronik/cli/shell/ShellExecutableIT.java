package io.chronik.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chronik.cli.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built executable's {@code chronik shell}: fed through a pipe, as a script does, and on a real
 * pseudo-terminal inside tmux, as a person uses it (Tab, Enter, the history file).
 */
class ShellExecutableIT {
  private static final Path EXECUTABLE =
      Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();

  /** The prompt as tmux shows it: capture-pane drops trailing blanks. */
  private static final String PROMPT = Shell.PROMPT.strip();

  @TempDir Path dir;

  @Test
  void shouldRunPipedLinesAndExitWithLastFailureWhenStdinIsNotTerminal() throws Exception {
    // given
    ProcessBuilder builder =
        new ProcessBuilder(EXECUTABLE.toString(), "shell").directory(dir.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("CHRONIK_JAVA_OPTS");
    builder.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    Process shell = builder.start();

    // when
    try (var stdin = shell.getOutputStream()) {
      stdin.write(
          "# checks\nversion\nexplain CHR-0000\nexplain CHR-7202 -o json\n"
              .getBytes(StandardCharsets.UTF_8));
    }

    // then
    assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(dir.resolve("out"));
    String err = Files.readString(dir.resolve("err"));
    assertThat(shell.exitValue()).as(err).isEqualTo(ExitCodes.USAGE);
    assertThat(out)
        .startsWith("chronik ")
        .contains("\"code\":\"CHR-7202\"")
        .doesNotContain(Shell.PROMPT);
    assertThat(err).contains("CHR-0000");
  }

  @Test
  void shouldCompleteAndRunCommandWhenUsedOnPseudoTerminal() throws Exception {
    // given: a shell on a tmux pseudo-terminal
    assumeTrue(onPath("tmux"), "tmux is not installed");
    String session = "chronik-it-" + ProcessHandle.current().pid();
    Path history = dir.resolve("history");
    Path socket = dir.resolve("tmux.sock");
    tmux(
        socket,
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "120",
        "-y",
        "40",
        "env JAVA_HOME='"
            + System.getProperty("java.home")
            + "' '"
            + EXECUTABLE
            + "' shell --history '"
            + history
            + "'");
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> screen(socket, session).contains(PROMPT));

      // when: "vers", Tab, Enter
      tmux(socket, "send-keys", "-t", session, "vers", "Tab");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> screen(socket, session).contains(Shell.PROMPT + "version"));
      tmux(socket, "send-keys", "-t", session, "Enter");

      // then: the command ran, and the prompt came back
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                String screen = screen(socket, session);
                return screen.contains("java:")
                    && screen.indexOf(PROMPT, screen.indexOf("java:")) > 0;
              });
      tmux(socket, "send-keys", "-t", session, "exit", "Enter");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Files.exists(history) && Files.readString(history).contains("exit"));
      assertThat(Files.readString(history)).contains(":version");
    } finally {
      new ProcessBuilder("tmux", "-S", socket.toString(), "kill-server")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String screen(Path socket, String session) throws Exception {
    return tmux(socket, "capture-pane", "-p", "-t", session);
  }

  private static String tmux(Path socket, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && List.of(path.split(File.pathSeparator)).stream()
            .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }
}
