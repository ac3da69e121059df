package io.chronik.diagnostics.checks;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One step of a recovery plan: a {@code chronik} command to run, or a manual step for what no
 * chronik command does (yet). A command's arguments are exact, except for what doctor cannot know
 * (a down node's data dir): that is a shell variable that must be set, {@code
 * "${NODE2_DATA_DIR:?the data dir node 2 ran with}"}, so the shell refuses to run the line until it
 * is, rather than starting a node on a directory named after a placeholder.
 *
 * @param argv the command's words, starting with {@code chronik}; empty for a manual step
 * @param text what to do, for a manual step; why, for a command
 */
public record RecoveryStep(List<String> argv, String text) {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  public RecoveryStep {
    argv = List.copyOf(argv);
  }

  static RecoveryStep manual(String text) {
    return new RecoveryStep(List.of(), text);
  }

  static RecoveryStep run(String why, List<String> argv) {
    return new RecoveryStep(argv, why);
  }

  /** A value the operator must supply: {@code ${NAME:?what it is}}. */
  static String placeholder(String variable, String what) {
    return "${" + variable + ":?" + what + "}";
  }

  public boolean isCommand() {
    return !argv.isEmpty();
  }

  /** The command as a shell line; arguments with special characters are single-quoted. */
  public String commandLine() {
    return argv.stream().map(RecoveryStep::quote).collect(Collectors.joining(" "));
  }

  private static String quote(String arg) {
    if (arg.startsWith("${") && arg.endsWith("}")) {
      return "\"" + arg + "\"";
    }
    return SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  /** {@code run: chronik ... (why)} or {@code manual: text}. */
  public String render() {
    return isCommand()
        ? "run: " + commandLine() + (text.isEmpty() ? "" : "   # " + text)
        : "manual: " + text;
  }
}
