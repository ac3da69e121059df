package io.chronik.cli;

import io.chronik.cli.bench.BenchCommand;
import io.chronik.cli.doctor.DoctorCommand;
import io.chronik.cli.explain.ExplainCommand;
import io.chronik.cli.standalone.StandaloneCommand;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code chronik} command: the entry point of the executable.
 *
 * <p>Start-up matters here: scripts call the short commands in loops. The top command and every
 * command class (picocli instantiates them all eagerly) must not load Vert.x, Ratis or Kafka
 * classes; commands reach those only from method bodies, through helper classes that the JVM loads
 * on first use.
 *
 * <p>Command-level attributes (help and version options, the exit-code list, the "Examples"
 * heading) are inherited by every subcommand.
 */
@Command(
    name = "chronik",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A Kafka-compatible broker replicated with Raft, and its operations toolkit.",
    subcommands = {
      StandaloneCommand.class,
      BenchCommand.class,
      DoctorCommand.class,
      ExplainCommand.class,
      VersionCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # one node on 127.0.0.1:9092, data in ./chronik-data",
      "  chronik standalone",
      "",
      "  # a produce benchmark against it",
      "  chronik bench produce --records 100000",
      "",
      "  # the options and examples of one command",
      "  chronik standalone --help"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:success",
      " 1:runtime failure",
      "64:usage error (a bad command, flag or value)",
      "65:data or integrity error (checksum, manifest, format)",
      "69:cluster, node or store unavailable"
    })
public final class Chronik {

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors (also: CHRONIK_DEBUG=1).")
  private boolean verbose;

  private Chronik() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int exitCode = create(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(exitCode);
  }

  /** The command line, writing to the given streams and reading the process environment. */
  public static CommandLine create(PrintWriter out, PrintWriter err) {
    return create(out, err, System.getenv());
  }

  /**
   * The command line, writing to the given streams and reading option defaults from {@code env}
   * instead of the process environment.
   */
  public static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> env) {
    Chronik chronik = new Chronik();
    EnvironmentDefaults environment = new EnvironmentDefaults(env);
    boolean debugEnv = "1".equals(environment.get("CHRONIK_DEBUG"));
    CommandLine commandLine = new CommandLine(chronik);
    commandLine
        .setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(environment)
        .setParameterExceptionHandler(new UsageErrorHandler(environment))
        .setExecutionExceptionHandler(new ErrorReporter(() -> chronik.verbose || debugEnv));
    return commandLine;
  }
}
