package io.chronik.diagnostics.errors;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the error catalogue: a stable code and what an operator needs to act on it.
 *
 * @param code {@code CHR-} and four digits; never reused for another meaning
 * @param title a short name for the problem
 * @param raisedBy which component prints or logs it (broker start, broker log, a command, {@code
 *     chronik doctor}), and whether it is reserved for a component still being built
 * @param cause why it happens
 * @param confirm how to confirm that this is what happened
 * @param fix what to do
 * @param exitCode the exit code of the command it ends, or {@link #NO_EXIT} when it is logged or
 *     reported without ending a command
 */
public record ErrorCode(
    String code,
    String title,
    String raisedBy,
    String cause,
    String confirm,
    String fix,
    int exitCode) {

  /** The exit code of an error that is logged or reported and ends no command. */
  public static final int NO_EXIT = -1;

  /** The shape of every code. */
  public static final Pattern FORMAT = Pattern.compile("CHR-\\d{4}");

  public ErrorCode {
    Objects.requireNonNull(code, "code");
    if (!FORMAT.matcher(code).matches()) {
      throw new IllegalArgumentException(code + " is not CHR- and four digits");
    }
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(raisedBy, "raisedBy");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(confirm, "confirm");
    Objects.requireNonNull(fix, "fix");
  }

  /** Whether the error ends a command with an exit code. */
  public boolean endsCommand() {
    return exitCode != NO_EXIT;
  }
}
