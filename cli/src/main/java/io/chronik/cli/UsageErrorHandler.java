package io.chronik.cli;

import io.chronik.diagnostics.Similar;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a bad command, flag or value the way short-lived Unix tools do: one line naming the
 * problem (with picocli's "did you mean" suggestion when it has one, and the environment variable
 * or the config-file line when the bad value came from there), then a line pointing at {@code
 * --help}. No usage dump, no stack trace, exit 64.
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {
  private static final int MAX_SUGGESTIONS = 3;

  private final EnvironmentDefaults environment;

  public UsageErrorHandler(EnvironmentDefaults environment) {
    this.environment = environment;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("chronik: error: " + message(ex, args));
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * The one-line description of a usage error: picocli's message, a suggestion, and where a value
   * that was not on the command line came from.
   */
  public String message(ParameterException ex, String[] args) {
    StringBuilder message = new StringBuilder(wording(Messages.oneLine(ex.getMessage())));
    if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      List<String> suggestions = close(unmatched.getUnmatched().get(0), unmatched.getSuggestions());
      if (!suggestions.isEmpty()) {
        message.append(" (did you mean ").append(quoted(suggestions)).append("?)");
      }
    }
    ArgSpec arg = ex.getArgSpec();
    if (arg instanceof OptionSpec option && !given(option, args)) {
      environment.origin(option).ifPresent(origin -> message.append("; set by ").append(origin));
    }
    return message.toString();
  }

  /**
   * picocli's message with its wording mended: for a KEY=VALUE option it says "Value for option
   * option '--set' (KEY=VALUE) ...", the word doubled, and its message for options that exclude
   * each other starts with its own "Error: " after ours.
   */
  static String wording(String message) {
    return message
        .replaceFirst("^Value for option (option|positional parameter) ", "Value for $1 ")
        .replaceFirst("^Error: ", "");
  }

  /**
   * The suggestions that look like a typo of {@code typed}. picocli suggests something for almost
   * any input ('nosuchcmd' gets 'bench'); a suggestion only helps when it is close.
   */
  static List<String> close(String typed, List<String> suggestions) {
    String word = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
    int limit = Math.max(2, word.length() / 3);
    return suggestions.stream()
        .filter(s -> s.startsWith(word) || word.startsWith(s) || Similar.distance(word, s) <= limit)
        .toList();
  }

  private static String quoted(List<String> suggestions) {
    String list =
        suggestions.stream()
            .limit(MAX_SUGGESTIONS)
            .map(s -> "'" + s + "'")
            .collect(Collectors.joining(", "));
    return suggestions.size() == 1 ? list : "one of " + list;
  }

  private static boolean given(OptionSpec option, String[] args) {
    return Arrays.stream(args)
        .anyMatch(
            arg ->
                Arrays.stream(option.names())
                    .anyMatch(name -> arg.equals(name) || arg.startsWith(name + "=")));
  }
}
