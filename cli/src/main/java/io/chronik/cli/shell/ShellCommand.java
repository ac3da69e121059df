package io.chronik.cli.shell;

import io.chronik.cli.Chronik;
import io.chronik.cli.EnvVar;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chronik shell}: the chronik commands at an interactive prompt (JLine: line editing, tab
 * completion, history), or read line by line from a pipe. JLine is reached only through {@link
 * Shell}, so that loading this class for the command model costs nothing.
 */
@Command(
    name = "shell",
    description = {
      "Run chronik commands at a prompt: tab completes commands, options and topic names;"
          + " history is kept in ~/.chronik_history.",
      "",
      "Besides every chronik command (without the word chronik), the shell knows:",
      "  connect [--bootstrap HOST:PORT] [--admin HOST:PORT]   defaults for this session",
      "  help                                                  the commands",
      "  exit                                                  leave (also Ctrl-D)",
      "The servers (standalone, dev-cluster) and shell itself do not run inside the shell."
          + " Commands inside the shell read no standard input: confirmations need --yes.",
      "",
      "When standard input is not a terminal, each line is run as a command (blank lines and"
          + " lines starting with # are skipped) and nothing else is printed; the exit status is"
          + " that of the last command that failed, or 0."
    },
    footer = {
      "  chronik shell",
      "  chronik> connect --bootstrap 10.0.0.1:9092 --admin 10.0.0.1:9644",
      "  chronik> topic list",
      "",
      "  # from a script",
      "  printf 'topic create t1\\ntopic list\\n' | chronik shell"
    })
public final class ShellCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @EnvVar("CHRONIK_HISTORY")
  @Option(
      names = "--history",
      paramLabel = "FILE",
      description =
          "Where the prompt's history is kept (env: CHRONIK_HISTORY; default: ~/.chronik_history).")
  private Path history;

  @Override
  public Integer call() throws Exception {
    Path file =
        history != null ? history : Path.of(System.getProperty("user.home"), ".chronik_history");
    Shell shell =
        new Shell(
            Chronik.environment(spec).variables(),
            spec.commandLine().getOut(),
            spec.commandLine().getErr());
    if (Chronik.stdin(spec).terminal()) {
      return shell.interactive(file);
    }
    return shell.piped(Chronik.stdin(spec).stream());
  }
}
