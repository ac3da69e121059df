package io.chronik.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script, loaded into a real bash and asked what it would complete. */
class CompletionCommandTest {
  @TempDir Path dir;

  /** Sources the script, runs the completion function for the words, prints COMPREPLY. */
  private List<String> complete(String shell, String... words) throws Exception {
    CliRun script = CliRun.run("completion", shell);
    assertThat(script.exitCode()).isZero();
    Path file = dir.resolve("chronik.bash");
    Files.writeString(file, script.out());
    String line = String.join(" ", words);
    String program =
        "source \"$1\" || exit 9\n"
            + "complete -p chronik >&2 || exit 8\n"
            + "COMP_WORDS=("
            + String.join(" ", quoted(words))
            + ")\n"
            + "COMP_CWORD="
            + (words.length - 1)
            + "\n"
            + "COMP_LINE='"
            + line
            + "'\n"
            + "COMP_POINT=${#COMP_LINE}\n"
            + "_complete_chronik\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process bash = new ProcessBuilder("bash", "-c", program, "bash", file.toString()).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(err).isZero();
    assertThat(err).contains("-F _complete_chronik").contains("chronik");
    return out.lines().filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> quoted(String... words) {
    return List.of(words).stream().map(w -> "'" + w + "'").toList();
  }

  @Test
  void shouldOfferTopicWhenCompletingTop() throws Exception {
    // when
    List<String> offered = complete("bash", "chronik", "top");

    // then
    assertThat(offered).containsExactly("topic");
  }

  @Test
  void shouldOfferSubcommandsWhenCompletingAfterTopic() throws Exception {
    // when
    List<String> offered = complete("bash", "chronik", "topic", "");

    // then
    assertThat(offered).contains("list", "describe", "create", "delete", "alter-config");
  }

  @Test
  void shouldOfferOptionsWhenCompletingDashDash() throws Exception {
    // when
    List<String> offered = complete("bash", "chronik", "consume", "--from-");

    // then
    assertThat(offered).containsExactlyInAnyOrder("--from-beginning", "--from-end");
  }

  @Test
  void shouldPrintTheBashScriptWhenZshIsAsked() {
    // when
    CliRun zsh = CliRun.run("completion", "zsh");

    // then
    assertThat(zsh.exitCode()).isZero();
    assertThat(zsh.out())
        .isEqualTo(CliRun.run("completion", "bash").out())
        .contains("autoload -U +X bashcompinit && bashcompinit");
  }

  @Test
  void shouldExitWithUsageErrorWhenShellIsUnknown() {
    // when
    CliRun run = CliRun.run("completion", "fish");

    // then
    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.errLines().get(0)).contains("fish");
  }
}
