package io.chronik.cli.shell;

import io.chronik.cli.Chronik;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.StandardInput;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One shell session: the environment its commands see (the process environment, with {@code
 * connect}'s {@code CHRONIK_BOOTSTRAP} and {@code CHRONIK_ADMIN} on top), and the loop that reads
 * lines from a JLine terminal or from a pipe. Each command runs on a fresh {@link Chronik} command
 * line, so no option value leaks from one command into the next.
 */
public final class Shell implements AutoCloseable {
  /** The prompt of an interactive session. */
  public static final String PROMPT = "chronik> ";

  /** Commands that do not run inside the shell: the servers, and the shell itself. */
  static final Set<String> REFUSED = Set.of("shell", "standalone", "dev-cluster");

  /** The shell's own commands. */
  static final List<String> BUILT_INS = List.of("connect", "help", "exit", "quit");

  static final String BOOTSTRAP = "CHRONIK_BOOTSTRAP";
  static final String ADMIN = "CHRONIK_ADMIN";

  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final TopicNames topics;
  private boolean exitRequested;

  /** Whether lines come from a terminal; a piped session keeps standard output for the commands. */
  private boolean atTerminal;

  /** The status {@code exit N} asked for; null after a plain {@code exit} or none. */
  private Integer exitCode;

  public Shell(Map<String, String> env, PrintWriter out, PrintWriter err) {
    this.env = new HashMap<>(env);
    this.out = out;
    this.err = err;
    this.topics = new TopicNames(this::bootstrap);
  }

  /** Reads lines from the process's terminal until {@code exit} or Ctrl-D. */
  public int interactive(Path history) throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).name("chronik").build()) {
      return interactive(terminal, history);
    }
  }

  /** Reads lines from {@code terminal} until {@code exit} or end of input. */
  public int interactive(Terminal terminal, Path history) throws IOException {
    atTerminal = true;
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("chronik")
            .parser(new DefaultParser())
            .completer(new CommandCompleter(model(), topics))
            .variable(LineReader.HISTORY_FILE, history)
            .build();
    int last = ExitCodes.OK;
    try {
      while (!exitRequested) {
        String line;
        try {
          line = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        List<String> words = words(reader.getParsedLine().words());
        if (!words.isEmpty()) {
          last = run(words);
        }
        if (line.isBlank()) {
          continue;
        }
      }
    } finally {
      reader.getHistory().save();
      close();
    }
    return exitCode != null ? exitCode : last;
  }

  /**
   * Runs each line of {@code in} as a command, skipping blank lines and {@code #} comments.
   *
   * @return the exit status of the last command that failed, or 0
   */
  public int piped(InputStream in) throws IOException {
    DefaultParser parser = new DefaultParser();
    int failure = ExitCodes.OK;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while (!exitRequested && (line = reader.readLine()) != null) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        List<String> words;
        try {
          words = words(parser.parse(text, text.length()).words());
        } catch (org.jline.reader.SyntaxError e) {
          err.println("chronik: error: cannot split the line into words: " + e.getMessage());
          err.flush();
          failure = ExitCodes.USAGE;
          continue;
        }
        int code = run(words);
        if (code != ExitCodes.OK) {
          failure = code;
        }
      }
    } finally {
      close();
    }
    return exitCode != null ? exitCode : failure;
  }

  /** Runs one command line of the shell and returns its exit status. */
  int run(List<String> words) {
    String command = words.get(0);
    int code;
    switch (command) {
      case "exit", "quit" -> code = exit(words);
      case "help" -> code = help();
      case "connect" -> code = connect(words.subList(1, words.size()));
      default -> {
        if (REFUSED.contains(command)) {
          err.println(
              "chronik: error: '"
                  + command
                  + "' does not run inside the shell; run 'chronik "
                  + command
                  + "' from your shell instead");
          code = ExitCodes.USAGE;
        } else {
          code = chronik().execute(words.toArray(String[]::new));
        }
      }
    }
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Ends the session. {@code exit N} makes N the session's status; a plain {@code exit} leaves the
   * status to the commands before it.
   */
  private int exit(List<String> words) {
    if (words.size() > 1) {
      try {
        exitCode = Integer.parseInt(words.get(1));
      } catch (NumberFormatException e) {
        err.println("chronik: error: exit takes a number, not '" + words.get(1) + "'");
        return ExitCodes.USAGE;
      }
    }
    exitRequested = true;
    return exitCode != null ? exitCode : ExitCodes.OK;
  }

  private int help() {
    CommandLine root = chronik();
    root.getCommandSpec().usageMessage().footer(new String[0]);
    root.usage(out);
    out.println();
    out.println("Shell commands:");
    out.println("  connect [--bootstrap HOST:PORT] [--admin HOST:PORT]  defaults for this session");
    out.println("  help                                                 this text");
    out.println("  exit [CODE]                                          leave the shell (Ctrl-D)");
    out.println("Type a command and --help for its options; Tab completes.");
    return ExitCodes.OK;
  }

  private int connect(List<String> args) {
    CommandLine connect = new CommandLine(new ConnectCommand());
    connect.setOut(out).setErr(err);
    int code = connect.execute(args.toArray(String[]::new));
    if (code != ExitCodes.OK) {
      return code;
    }
    ConnectCommand given = connect.getCommand();
    if (given.bootstrap != null) {
      env.put(
          BOOTSTRAP,
          OptionChecks.bootstrap(connect.getCommandSpec(), "--bootstrap", given.bootstrap));
      topics.forget();
    }
    if (given.admin != null) {
      env.put(ADMIN, given.admin.strip());
    }
    if (atTerminal) {
      // a script's output is its commands' output (a JSON document for jq, say), so a piped
      // connect says nothing
      out.println(
          "bootstrap: " + bootstrap() + "  admin: " + env.getOrDefault(ADMIN, "127.0.0.1:9644"));
    }
    return ExitCodes.OK;
  }

  /** The session's Kafka bootstrap servers. */
  String bootstrap() {
    String value = env.get(BOOTSTRAP);
    return value == null || value.isBlank() ? "127.0.0.1:9092" : value;
  }

  /** A fresh command line with the session's environment and no standard input. */
  private CommandLine chronik() {
    StandardInput none = new StandardInput(new ByteArrayInputStream(new byte[0]), false);
    return Chronik.create(none, out, err, env);
  }

  /** The command model that completion walks. */
  CommandSpec model() {
    return chronik().getCommandSpec();
  }

  /** The words of a line, without the empty word JLine adds after a trailing blank. */
  private static List<String> words(List<String> parsed) {
    List<String> words = new ArrayList<>();
    for (String word : parsed) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  @Override
  public void close() {
    topics.close();
  }
}
