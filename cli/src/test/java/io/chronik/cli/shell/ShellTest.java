package io.chronik.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronik shell} in process: through JLine's terminal over streams (what a person types, Tab
 * included) and through a pipe.
 */
class ShellTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Shell shell(Map<String, String> env) {
    return new Shell(env, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Types {@code keys} into a terminal session; returns what the terminal showed. */
  private String type(String keys, Path history) throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    try (Terminal terminal =
        TerminalBuilder.builder()
            .system(false)
            .streams(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen)
            .type("xterm")
            .size(new org.jline.terminal.Size(120, 40))
            .build()) {
      int code = shell(Map.of()).interactive(terminal, history);
      assertThat(code).as(err.toString()).isZero();
    }
    return screen.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldCompleteAndRunCommandWhenTabIsPressedAtPrompt() throws Exception {
    // when: "vers", Tab, Enter, then "exit"
    String screen = type("vers\t\rexit\r", dir.resolve("history"));

    // then
    assertThat(screen).contains(Shell.PROMPT).contains("version");
    assertThat(out.toString()).startsWith("chronik ").contains("java:");
  }

  @Test
  void shouldCompleteOptionWhenTabIsPressedAfterDashes() throws Exception {
    // when: "explain --li", Tab, Enter
    type("explain --li\t\rexit\r", dir.resolve("history"));

    // then: explain --list ran
    assertThat(out.toString()).contains("CHR-7202");
  }

  @Test
  void shouldKeepHistoryInFileWhenSessionEnds() throws Exception {
    // given
    Path history = dir.resolve("chronik_history");

    // when
    type("version\rexit\r", history);

    // then
    assertThat(Files.readString(history)).contains("version").contains("exit");
  }

  @Test
  void shouldOfferSubcommandsBuiltInsAndOptionsWhenCompleting() {
    // given
    Shell shell = shell(Map.of());
    CommandCompleter completer =
        new CommandCompleter(shell.model(), new TopicNames(() -> "127.0.0.1:1"));

    // when
    List<String> first = CommandCompleter.candidates(completer, "co");
    List<String> topic = CommandCompleter.candidates(completer, "topic ");
    List<String> options = CommandCompleter.candidates(completer, "config show --con");

    // then
    assertThat(first).contains("connect", "consume", "config", "completion");
    assertThat(CommandCompleter.candidates(completer, "")).doesNotContain("standalone", "shell");
    assertThat(topic).contains("list", "describe", "create", "delete", "alter-config");
    assertThat(options).containsExactly("--config");
  }

  @Test
  void shouldRunEachLineAndReturnLastFailureWhenInputIsPiped() throws Exception {
    // given
    String script = "# a comment\nversion\n\nexplain CHR-0000\nversion -o json\n";

    // when
    int code =
        shell(Map.of()).piped(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));

    // then
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString()).startsWith("chronik ").contains("\"version\"");
    assertThat(err.toString()).contains("CHR-0000");
  }

  @Test
  void shouldSendLaterCommandsToConnectedClusterWhenConnectIsGiven() throws Exception {
    // given: nothing listens on port 1
    String script = "connect --bootstrap 127.0.0.1:1\ntopic list --timeout 1s\n";

    // when
    int code =
        shell(Map.of()).piped(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));

    // then: the later command went there, and standard output holds only commands' output
    assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("127.0.0.1:1").contains("CHR-7001");
  }

  @Test
  void shouldRefuseServersAndStopAtExitWhenPiped() throws Exception {
    // given
    String script = "standalone\nexit 3\nversion\n";

    // when
    int code =
        shell(Map.of()).piped(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));

    // then
    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("'standalone' does not run inside the shell");
    assertThat(out.toString()).doesNotContain("java:");
  }

  @Test
  void shouldKeepLastFailureWhenPipedInputEndsWithPlainExit() throws Exception {
    // given: a usage error, then exit without a status
    String script = "explain CHR-0000\nexit\nversion\n";

    // when
    int code =
        shell(Map.of()).piped(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));

    // then
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString()).doesNotContain("java:");
  }

  @Test
  void shouldKeepUnavailableStatusWhenPipedCommandFailsBeforeExit() throws Exception {
    // given: nothing listens on port 1
    String script = "connect --bootstrap 127.0.0.1:1\ntopic list --timeout 1s\nexit\n";

    // when
    int code =
        shell(Map.of()).piped(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));

    // then
    assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
  }

  @Test
  void shouldReturnExplicitStatusWhenPipedExitGivesOne() throws Exception {
    // given: a failure, then exit 0
    String script = "explain CHR-0000\nexit 0\n";

    // when
    int code =
        shell(Map.of()).piped(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));

    // then
    assertThat(code).isZero();
  }
}
