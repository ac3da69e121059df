package io.chronik.cli.explain;

import io.chronik.cli.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chronik explain CHR-xxxx}: what an error code means, how to confirm it and how to fix it,
 * from the error catalogue. The options live here; {@link Explanation} does the work, so that
 * picocli loads this class cheaply.
 */
@Command(
    name = "explain",
    description = {
      "Explain an error code: its cause, how to confirm it, and the fix.",
      "",
      "Every error chronik prints or logs for an operator ends in a code such as [CHR-1004];"
          + " chronik doctor names one with each finding. The JSON form is {\"code\",\"title\","
          + "\"raisedBy\",\"cause\",\"confirm\",\"fix\",\"exitCode\"} (exitCode is null for an"
          + " error that ends no command); with --list, an array of them.",
      ""
    },
    footer = {
      "  chronik explain CHR-1202",
      "  chronik explain 1004",
      "  chronik explain --list",
      "  chronik explain CHR-1202 -o json | jq -r .fix"
    },
    exitCodeList = {" 0:the code was explained", "64:an unknown code, or a bad flag"})
public final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "CODE",
      description = "The code, for example CHR-1202 (chr-1202 and 1202 work too).")
  String code;

  @Option(names = "--list", description = "List every code with its title.")
  boolean list;

  @Override
  public Integer call() {
    return new Explanation(this).call();
  }
}
