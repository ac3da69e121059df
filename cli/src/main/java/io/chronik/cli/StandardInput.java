package io.chronik.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a command reads from: the standard input stream, and whether a person types into it (a
 * terminal). Commands ask the second question before prompting for a confirmation and to pick
 * defaults that suit scripts; tests inject both.
 */
public final class StandardInput {
  private static final Path STDIN_LINK = Path.of("/proc/self/fd/0");

  private final InputStream stream;

  /** Null until first asked, for the process's stdin; no lambda, to keep start-up cheap. */
  private Boolean terminal;

  public StandardInput(InputStream stream, boolean terminal) {
    this.stream = Objects.requireNonNull(stream, "stream");
    this.terminal = terminal;
  }

  private StandardInput(InputStream stream) {
    this.stream = Objects.requireNonNull(stream, "stream");
  }

  /** The process's standard input; whether it is a terminal is found out on first use. */
  public static StandardInput system() {
    return new StandardInput(System.in);
  }

  public InputStream stream() {
    return stream;
  }

  /** True when standard input is a terminal, so a person can answer a question. */
  public synchronized boolean terminal() {
    if (terminal == null) {
      terminal = stdinIsTerminal();
    }
    return terminal;
  }

  /**
   * On Linux, file descriptor 0 links to {@code /dev/pts/N} or {@code /dev/ttyN} when it is a
   * terminal. Elsewhere the JVM's console (stdin and stdout both terminals) is the best guess.
   */
  private static boolean stdinIsTerminal() {
    try {
      String target = Files.readSymbolicLink(STDIN_LINK).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
