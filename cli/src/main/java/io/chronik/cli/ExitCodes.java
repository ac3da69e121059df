package io.chronik.cli;

import io.chronik.broker.ChronikException;

/**
 * The exit codes of every chronik command (DESIGN §5), after the BSD {@code sysexits.h} values.
 * {@code doctor} and {@code health} use the monitoring-plugin codes instead.
 */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int OK = 0;

  /** Something failed at run time. */
  public static final int RUNTIME = 1;

  /** A bad command, flag or value ({@code EX_USAGE}). */
  public static final int USAGE = 64;

  /** A data or integrity error: checksum, manifest, format ({@code EX_DATAERR}). */
  public static final int DATA = 65;

  /** A node, cluster or store could not be reached ({@code EX_UNAVAILABLE}). */
  public static final int UNAVAILABLE = 69;

  private ExitCodes() {}

  /** The exit code for an operator error of the given kind. */
  public static int of(ChronikException.Kind kind) {
    return switch (kind) {
      case RUNTIME -> RUNTIME;
      case USAGE -> USAGE;
      case DATA -> DATA;
      case UNAVAILABLE -> UNAVAILABLE;
    };
  }
}
