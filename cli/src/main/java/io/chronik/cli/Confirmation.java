package io.chronik.cli;

import io.chronik.broker.ChronikException;
import io.chronik.broker.ChronikException.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The confirmation a destructive command asks for (DESIGN §5): {@code --yes} skips it; on a
 * terminal the question goes to stderr and the answer comes from stdin; without a terminal nobody
 * can answer, so the command refuses (exit 64) rather than guess.
 */
public final class Confirmation {
  /** The code for "confirmation needed"; see docs/exit-codes.md. */
  public static final String NEEDED = "CHR-7006";

  private Confirmation() {}

  /**
   * True when the operator confirmed {@code question}, or gave {@code --yes}.
   *
   * @throws ChronikException (exit 64) when stdin is not a terminal and {@code --yes} is missing
   */
  public static boolean confirm(CommandSpec spec, boolean yes, String question) {
    if (yes) {
      return true;
    }
    StandardInput stdin = Chronik.stdin(spec);
    if (!stdin.terminal()) {
      throw new ChronikException(
          NEEDED,
          Kind.USAGE,
          "refusing to " + question + " without confirmation: stdin is not a terminal",
          "pass --yes to confirm, or --dry-run to see what would change");
    }
    PrintWriter err = spec.commandLine().getErr();
    err.print(Character.toUpperCase(question.charAt(0)) + question.substring(1) + "? [y/N] ");
    err.flush();
    try {
      // not closed: it wraps the process's stdin
      String answer =
          new BufferedReader(new InputStreamReader(stdin.stream(), StandardCharsets.UTF_8))
              .readLine();
      String word = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
      return word.equals("y") || word.equals("yes");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the answer from stdin", e);
    }
  }
}
