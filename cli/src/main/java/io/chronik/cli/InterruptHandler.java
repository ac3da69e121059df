package io.chronik.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs an action on SIGINT (Ctrl-C) instead of letting the JVM exit with status 130, so that a
 * long-running command can stop cleanly: finish what it is doing, commit, close, and exit 0. The
 * previous handler comes back on {@link #close}.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}), the one way to handle a signal
 * in Java. Where it cannot be installed (a JVM run with {@code -Xrs}), SIGINT keeps its default.
 */
public final class InterruptHandler implements AutoCloseable {
  private static final String SIGINT = "INT";

  private final SignalHandler previous;

  private InterruptHandler(SignalHandler previous) {
    this.previous = previous;
  }

  /** Calls {@code action} on the signal-dispatch thread whenever SIGINT arrives. */
  public static InterruptHandler install(Runnable action) {
    try {
      return new InterruptHandler(Signal.handle(new Signal(SIGINT), signal -> action.run()));
    } catch (IllegalArgumentException e) {
      return new InterruptHandler(null);
    }
  }

  @Override
  public void close() {
    if (previous != null) {
      Signal.handle(new Signal(SIGINT), previous);
    }
  }
}
