package io.chronik.broker;

/**
 * An error meant for an operator: it carries a stable {@code CHR-xxxx} code, a message that names
 * the problem and a hint that names the fix. Expected conditions throw this and are reported
 * without a stack trace.
 */
public class ChronikException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How the CLI maps the error onto an exit code. */
  public enum Kind {
    /** Something went wrong at run time (exit 1). */
    RUNTIME,
    /** Bad flags or arguments (exit 64). */
    USAGE,
    /** Data or integrity: checksum, manifest, format, foreign data dir (exit 65). */
    DATA,
    /** A node, cluster or store could not be reached, or a port was taken (exit 69). */
    UNAVAILABLE
  }

  private final String code;
  private final Kind kind;
  private final String hint;

  public ChronikException(String code, Kind kind, String message, String hint) {
    super(message);
    this.code = code;
    this.kind = kind;
    this.hint = hint;
  }

  public ChronikException(String code, Kind kind, String message, String hint, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.kind = kind;
    this.hint = hint;
  }

  public String code() {
    return code;
  }

  public Kind kind() {
    return kind;
  }

  public String hint() {
    return hint;
  }

  /**
   * The first ChronikException in the cause chain of {@code e} ({@code e} itself included), looked
   * for down to 16 causes deep: the one that names the code and the fix.
   */
  public static java.util.Optional<ChronikException> in(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 16; depth++) {
      if (t instanceof ChronikException c) {
        return java.util.Optional.of(c);
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return java.util.Optional.empty();
  }
}
