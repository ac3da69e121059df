package io.chronik.cli.completion;

import io.chronik.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik completion}: the shell completion script, generated from the command tree. */
@Command(
    name = "completion",
    description = {
      "Print a shell completion script for chronik: commands, subcommands and options.",
      "",
      "bash: load it in the current shell with 'source <(chronik completion bash)', or install"
          + " it as /usr/share/bash-completion/completions/chronik (scripts/install.sh does).",
      "",
      "zsh: the script is a bash completion script that zsh runs through its bash completion"
          + " emulation: when sourced by zsh it runs 'autoload -U +X compinit && compinit' (unless"
          + " completion is already set up) and 'autoload -U +X bashcompinit && bashcompinit'"
          + " itself. Put this line in ~/.zshrc:",
      "  source <(chronik completion zsh)"
    },
    footer = {
      "  # this shell only",
      "  source <(chronik completion bash)",
      "",
      "  # every new bash",
      "  chronik completion bash > ~/.local/share/bash-completion/completions/chronik"
    })
public final class CompletionCommand implements Callable<Integer> {
  /** The shells a script can be printed for. */
  public enum Shell {
    bash,
    zsh
  }

  @Spec private CommandSpec spec;

  /** The same script serves both shells: it sets up bashcompinit itself when zsh sources it. */
  @Parameters(
      paramLabel = "SHELL",
      description = "The shell: bash or zsh (zsh uses the bash script through bashcompinit).")
  private Shell shell;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String script = AutoComplete.bash("chronik", spec.root().commandLine());
    out.print(script);
    out.flush();
    return ExitCodes.OK;
  }
}
