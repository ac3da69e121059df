package io.chronik.cli;

import io.chronik.cli.bench.BenchCommand;
import io.chronik.cli.cluster.ClusterCommand;
import io.chronik.cli.completion.CompletionCommand;
import io.chronik.cli.debug.DebugCommand;
import io.chronik.cli.devcluster.DevClusterCommand;
import io.chronik.cli.doctor.DoctorCommand;
import io.chronik.cli.explain.ExplainCommand;
import io.chronik.cli.group.GroupCommand;
import io.chronik.cli.record.ConsumeCommand;
import io.chronik.cli.record.ProduceCommand;
import io.chronik.cli.standalone.StandaloneCommand;
import io.chronik.cli.topic.TopicCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
      DevClusterCommand.class,
      ClusterCommand.class,
      TopicCommand.class,
      ProduceCommand.class,
      ConsumeCommand.class,
      GroupCommand.class,
      DoctorCommand.class,
      ExplainCommand.class,
      DebugCommand.class,
      BenchCommand.class,
      CompletionCommand.class,
      VersionCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # one node on 127.0.0.1:9092, data in ./chronik-data",
      "  chronik standalone",
      "",
      "  # a topic, three records, and the records read back",
      "  chronik topic create greetings --partitions 3",
      "  printf 'one\\ntwo\\nthree\\n' | chronik produce greetings",
      "  chronik consume greetings --from-beginning -n 3",
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

  private final StandardInput stdin;

  private Chronik(StandardInput stdin) {
    this.stdin = stdin;
  }

  public static void main(String[] args) {
    PrintWriter out = writer(FileDescriptor.out);
    PrintWriter err = writer(FileDescriptor.err);
    int exitCode = create(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(exitCode);
  }

  /**
   * UTF-8 on the raw file descriptor rather than {@code System.out}: a {@code PrintStream} swallows
   * the EPIPE of a closed pipe, which {@code consume} must see ({@link PrintWriter#checkError()})
   * to stop when its reader goes away.
   */
  private static PrintWriter writer(FileDescriptor fd) {
    return new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
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
    return create(StandardInput.system(), out, err, env);
  }

  /**
   * The command line, reading from {@code stdin}, writing to the given streams and reading option
   * defaults from {@code env}.
   */
  public static CommandLine create(
      StandardInput stdin, PrintWriter out, PrintWriter err, Map<String, String> env) {
    Chronik chronik = new Chronik(stdin);
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

  /** The standard input of the run that {@code spec} belongs to. */
  public static StandardInput stdin(CommandSpec spec) {
    return of(spec).stdin;
  }

  /** True when {@code -v} was given anywhere on the command line. */
  public static boolean verbose(CommandSpec spec) {
    return of(spec).verbose;
  }

  private static Chronik of(CommandSpec spec) {
    return (Chronik) spec.root().userObject();
  }
}
