package io.chronik.cli.config;

import io.chronik.broker.ChronikException;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.standalone.StandaloneCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chronik config validate FILE}: every bad line of a node's config file, the way {@code
 * chronik standalone --config FILE} would refuse it, without starting anything.
 */
@Command(
    name = "validate",
    description = {
      "Check a node's config file: every line must be KEY = VALUE with a known key"
          + " (docs/configuration.md) and a value the setting accepts, including the node's range"
          + " and combination checks (a port above 65535, --raft without peers). Every bad line"
          + " is named; the combination checks run once the file has no other problem.",
      "",
      "Each problem is printed on stdout as FILE:LINE: KEY: PROBLEM. The file is checked on its"
          + " own: flags and environment variables are not taken into account.",
      "",
      "Exit status: 0 when the file is valid; 65 when it has a bad line (the file is bad data, so"
          + " scripts can tell it from a misused command); 64 when the file cannot be read or the"
          + " command is misused.",
      "",
      "The JSON form is {\"file\", \"valid\", \"settings\", \"combinationsChecked\","
          + " \"problems\": [{\"line\", \"key\", \"message\"}]}; line is 0 and key null when a"
          + " problem belongs to no one line; combinationsChecked is false when other problems"
          + " kept the combination checks from running."
    },
    footer = {
      "  chronik config validate /etc/chronik/chronik.properties",
      "",
      "  # before a rolling restart, on every node",
      "  chronik config validate /etc/chronik/chronik.properties && sudo systemctl restart chronik"
    })
public final class ConfigValidateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private OutputOptions output;

  @Parameters(paramLabel = "FILE", description = "The config file to check.")
  private Path file;

  /** One problem in the JSON form. */
  public record Problem(int line, String key, String message) {}

  /** The JSON document. */
  public record Validation(
      String file,
      boolean valid,
      int settings,
      boolean combinationsChecked,
      List<Problem> problems) {}

  @Override
  public Integer call() {
    ConfigFile parsed;
    try {
      parsed = ConfigFile.read(file);
    } catch (IOException e) {
      String reason = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
      throw new ChronikException(
          "CHR-7201",
          ChronikException.Kind.USAGE,
          "cannot read config file " + file + ": " + reason,
          "give the path of a readable file");
    }
    CommandSpec node = new CommandLine(new StandaloneCommand()).getCommandSpec();
    ConfigCheck.Result result = ConfigCheck.check(parsed, node, true);
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      List<Problem> problems = new ArrayList<>();
      for (ConfigFile.Problem problem : result.problems()) {
        problems.add(new Problem(problem.line(), problem.key(), problem.message()));
      }
      out.println(
          Json.write(
              new Validation(
                  file.toString(),
                  result.valid(),
                  result.values().size(),
                  result.combinationsChecked(),
                  problems)));
    } else if (result.valid()) {
      out.println(file + ": valid, " + result.values().size() + " settings");
    } else {
      for (ConfigFile.Problem problem : result.problems()) {
        String where = problem.line() > 0 ? file + ":" + problem.line() : file.toString();
        out.println(
            where + ": " + (problem.key() == null ? "" : problem.key() + ": ") + problem.message());
      }
    }
    out.flush();
    if (result.valid()) {
      return ExitCodes.OK;
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "chronik: error: "
            + file
            + " has "
            + result.problems().size()
            + (result.problems().size() == 1 ? " problem" : " problems")
            + (result.combinationsChecked()
                ? ""
                : "; the combination checks (--peers with --raft and --node-id, --join with"
                    + " --raft) run once they are fixed")
            + " [CHR-7202]");
    err.flush();
    return ExitCodes.DATA;
  }
}
