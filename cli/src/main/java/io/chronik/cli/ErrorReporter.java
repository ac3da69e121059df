package io.chronik.cli;

import io.chronik.broker.ChronikException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports an exception that escaped a command. A {@link ChronikException} is an expected condition:
 * one line {@code chronik: error: <message> [CHR-xxxx]}, a {@code hint:} line, and the exit code of
 * its kind. Anything else is a bug or an unforeseen failure: one line, a hint to rerun with {@code
 * -v}, exit 1. Stack traces appear only in verbose mode ({@code -v} or {@code CHRONIK_DEBUG=1}).
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  private final BooleanSupplier verbose;

  ErrorReporter(BooleanSupplier verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    boolean debug = verbose.getAsBoolean();
    ChronikException chronik = findChronikException(ex);
    int exitCode;
    if (chronik != null) {
      err.println(
          "chronik: error: "
              + withoutCode(chronik.getMessage(), chronik.code())
              + " ["
              + chronik.code()
              + "]");
      if (chronik.hint() != null && !chronik.hint().isBlank()) {
        err.println("hint: " + Messages.oneLine(chronik.hint()));
      }
      exitCode = ExitCodes.of(chronik.kind());
    } else {
      err.println("chronik: error: " + describe(ex));
      if (!debug) {
        err.println("hint: rerun with -v for details");
      }
      exitCode = ExitCodes.RUNTIME;
    }
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  /**
   * The message on one line, without a trailing {@code (CHR-xxxx)} of its own code: store and
   * archive errors carry it in the message for the logs, and the line ends in {@code [CHR-xxxx]}
   * anyway.
   */
  static String withoutCode(String message, String code) {
    String line = Messages.oneLine(message);
    String suffix = " (" + code + ")";
    return line.endsWith(suffix) ? line.substring(0, line.length() - suffix.length()) : line;
  }

  /** The first {@link ChronikException} in the cause chain, or null. */
  private static ChronikException findChronikException(Throwable ex) {
    return ChronikException.in(ex).orElse(null);
  }

  private static String describe(Exception ex) {
    String message = Messages.oneLine(ex.getMessage());
    String type = ex.getClass().getSimpleName();
    return message.isEmpty() ? "unexpected " + type : "unexpected " + type + ": " + message;
  }
}
