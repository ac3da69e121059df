package io.chronik.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What a command reads from: the standard input stream, and whether a person types into it (a
 * terminal). Commands ask the second question before prompting for a confirmation and to pick
 * defaults that suit scripts; tests inject both.
 */
public final class StandardInput {
  private static final Path STDIN_LINK = Path.of("/proc/self/fd/0");

  private final InputStream stream;
  private final BooleanSupplier terminal;

  public StandardInput(InputStream stream, boolean terminal) {
    this(stream, () -> terminal);
  }

  private StandardInput(InputStream stream, BooleanSupplier terminal) {
    this.stream = Objects.requireNonNull(stream, "stream");
    this.terminal = terminal;
  }

  /** The process's standard input; whether it is a terminal is found out on first use. */
  public static StandardInput system() {
    return new StandardInput(System.in, StandardInput::stdinIsTerminal);
  }

  public InputStream stream() {
    return stream;
  }

  /** True when standard input is a terminal, so a person can answer a question. */
  public boolean terminal() {
    return terminal.getAsBoolean();
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
