package io.chronik.cli;

import io.chronik.cli.bench.BenchCommand;
import io.chronik.cli.cluster.ClusterCommand;
import io.chronik.cli.completion.CompletionCommand;
import io.chronik.cli.config.ConfigCommand;
import io.chronik.cli.debug.DebugCommand;
import io.chronik.cli.devcluster.DevClusterCommand;
import io.chronik.cli.doctor.DoctorCommand;
import io.chronik.cli.explain.ExplainCommand;
import io.chronik.cli.group.GroupCommand;
import io.chronik.cli.record.ConsumeCommand;
import io.chronik.cli.record.ProduceCommand;
import io.chronik.cli.shell.ShellCommand;
import io.chronik.cli.snapshot.SnapshotCommand;
import io.chronik.cli.standalone.StandaloneCommand;
import io.chronik.cli.topic.TopicCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code chronik} command: the root of the command model. The executable enters through {@link
 * Main}.
 *
 * <p>Start-up matters here: scripts call the short commands in loops. A bare {@code version} or
 * {@code --version} prints without picocli ({@link Main}). Any other run builds the picocli model
 * of the command it runs only ({@link #create(StandardInput, PrintWriter, PrintWriter, Map,
 * String[])}): building every command's model costs more than the JVM's own start. The full tree is
 * built when the run needs it: no command or an unknown one (help, did-you-mean), and the commands
 * that walk the tree (completion, shell). No command class may load Vert.x, Ratis or Kafka classes
 * while its model is built; commands reach those only from method bodies, through helper classes
 * that the JVM loads on first use.
 *
 * <p>Command-level attributes (the version provider, the exit-code list, the "Examples" heading),
 * {@code -v} and the help and version options are inherited by every subcommand.
 */
@Command(
    name = "chronik",
    scope = ScopeType.INHERIT,
    versionProvider = VersionProvider.class,
    description = "A Kafka-compatible broker replicated with Raft, and its operations toolkit.",
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
  private final EnvironmentDefaults environment;

  private Chronik(StandardInput stdin, EnvironmentDefaults environment) {
    this.stdin = stdin;
    this.environment = environment;
  }

  /**
   * Runs {@code chronik args} through picocli, with the process's standard input and environment,
   * on the model of the commands the run needs ({@link Main} runs the bare version lines itself).
   */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return create(StandardInput.system(), out, err, System.getenv(), args).execute(args);
  }

  /**
   * The top-level commands, in the order {@code chronik --help} lists them. A command's class is
   * named only in {@link #commandClass}, so that a run loads the class of its own command alone.
   */
  static final List<String> COMMANDS =
      List.of(
          "standalone",
          "dev-cluster",
          "cluster",
          "topic",
          "produce",
          "consume",
          "group",
          "snapshot",
          "doctor",
          "config",
          "explain",
          "debug",
          "bench",
          "shell",
          "completion",
          "version");

  /** Commands that read the whole command tree: the completion script and the shell. */
  private static final Set<String> NEED_TREE = Set.of("completion", "shell");

  /** The class of a top-level command; null for a name that is not one. */
  private static Class<?> commandClass(String name) {
    return switch (name) {
      case "standalone" -> StandaloneCommand.class;
      case "dev-cluster" -> DevClusterCommand.class;
      case "cluster" -> ClusterCommand.class;
      case "topic" -> TopicCommand.class;
      case "produce" -> ProduceCommand.class;
      case "consume" -> ConsumeCommand.class;
      case "group" -> GroupCommand.class;
      case "snapshot" -> SnapshotCommand.class;
      case "doctor" -> DoctorCommand.class;
      case "config" -> ConfigCommand.class;
      case "explain" -> ExplainCommand.class;
      case "debug" -> DebugCommand.class;
      case "bench" -> BenchCommand.class;
      case "shell" -> ShellCommand.class;
      case "completion" -> CompletionCommand.class;
      case "version" -> VersionCommand.class;
      default -> null;
    };
  }

  /**
   * The top-level commands that a run of {@code chronik args} needs in its model: the one command
   * it names, none for a bare {@code --version}, and all of them otherwise. Only leading {@code -v}
   * flags may precede the command: any other option before it (such as {@code --help}) reads the
   * whole tree.
   */
  static List<String> commandsFor(String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return List.of();
    }
    int first = 0;
    while (first < args.length && (args[first].equals("-v") || args[first].equals("--verbose"))) {
      first++;
    }
    if (first < args.length
        && commandClass(args[first]) != null
        && !NEED_TREE.contains(args[first])) {
      return List.of(args[first]);
    }
    return COMMANDS;
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
    return create(stdin, out, err, env, COMMANDS);
  }

  /**
   * The command line for one run of {@code chronik args}: like {@link #create(StandardInput,
   * PrintWriter, PrintWriter, Map)}, but with the model of only the commands that the run needs
   * ({@link #commandsFor}). It runs {@code args} exactly as the whole tree would.
   */
  public static CommandLine create(
      StandardInput stdin,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      String... args) {
    return create(stdin, out, err, env, commandsFor(args));
  }

  private static CommandLine create(
      StandardInput stdin,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      List<String> commands) {
    EnvironmentDefaults environment = new EnvironmentDefaults(env);
    Chronik chronik = new Chronik(stdin, environment);
    boolean debugEnv = "1".equals(environment.get("CHRONIK_DEBUG"));
    CommandLine commandLine = new CommandLine(chronik);
    // before the settings below, which reach only the subcommands that exist when they are made
    for (String name : commands) {
      commandLine.addSubcommand(name, commandClass(name));
    }
    // --help and --version, added last and inherited by every command, so that each command lists
    // its own options, then -v, then these (the order of the man pages and of --help)
    commandLine.getCommandSpec().mixinStandardHelpOptions(true);
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

  /** Where the run that {@code spec} belongs to reads option defaults: environment, config file. */
  public static EnvironmentDefaults environment(CommandSpec spec) {
    return of(spec).environment;
  }

  /** True when {@code -v} was given anywhere on the command line. */
  public static boolean verbose(CommandSpec spec) {
    return of(spec).verbose;
  }

  private static Chronik of(CommandSpec spec) {
    return (Chronik) spec.root().userObject();
  }
}
