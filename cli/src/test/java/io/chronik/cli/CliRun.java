package io.chronik.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/** One in-process run of {@code chronik}: its exit code and what it wrote. */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code chronik args} with an empty environment. */
  public static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs {@code chronik args} with the given environment. */
  public static CliRun run(Map<String, String> env, String... args) {
    return run(env, commandLine -> {}, args);
  }

  /** Runs {@code chronik args} after {@code setup} has changed the command line. */
  public static CliRun run(Map<String, String> env, Consumer<CommandLine> setup, String... args) {
    return run(noInput(), env, setup, args);
  }

  /** Runs {@code chronik args} reading {@code stdin}, which is a terminal when {@code terminal}. */
  public static CliRun withInput(String stdin, boolean terminal, String... args) {
    StandardInput input =
        new StandardInput(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), terminal);
    return run(input, Map.of(), commandLine -> {}, args);
  }

  /** Runs {@code chronik args} reading {@code stdin}, which is a terminal when {@code terminal}. */
  public static CliRun withInput(java.io.InputStream stdin, boolean terminal, String... args) {
    return run(new StandardInput(stdin, terminal), Map.of(), commandLine -> {}, args);
  }

  /** Standard input that is empty and not a terminal, as in a script. */
  private static StandardInput noInput() {
    return new StandardInput(new ByteArrayInputStream(new byte[0]), false);
  }

  private static CliRun run(
      StandardInput stdin, Map<String, String> env, Consumer<CommandLine> setup, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    // the model of the commands this run needs, as the executable builds it
    CommandLine commandLine = Chronik.create(stdin, outWriter, errWriter, env, args);
    setup.accept(commandLine);
    // the writers reach only the subcommands that exist when they are set
    commandLine.setOut(outWriter).setErr(errWriter);
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** The lines written to stdout. */
  public List<String> outLines() {
    return out.lines().toList();
  }

  /** The lines written to stderr. */
  public List<String> errLines() {
    return err.lines().toList();
  }
}
