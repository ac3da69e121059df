package io.chronik.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chronik version}: the version, git commit and Java runtime. */
@Command(
    name = "version",
    description = {
      "Print the chronik version, the git commit it was built from and the Java runtime.",
      "The JSON form is {\"version\": ..., \"commit\": ..., \"java\": ...}; every field is always"
          + " present."
    },
    footer = {"  chronik version", "  chronik version -o json | jq -r .commit"})
public final class VersionCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private OutputOptions output;

  @Override
  public Integer call() {
    BuildInfo info = BuildInfo.current();
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(info));
    } else {
      info.textLines().forEach(out::println);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
