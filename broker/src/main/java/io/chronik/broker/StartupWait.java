package io.chronik.broker;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waits at start-up until a condition holds. It gives up after {@code patience} without progress,
 * not after {@code patience} in all: a node that replays or receives a long Raft log (a wiped node
 * catching up) keeps its applied index moving and may take as long as that takes, while a node that
 * waits for peers that never answer fails within {@code patience}.
 */
final class StartupWait {
  /** Nanosecond clock, injectable for tests. */
  interface Clock {
    long nanoTime();
  }

  /** What to do between two looks at the condition (a sleep in production). */
  interface Pause {
    void pause() throws InterruptedException;
  }

  private final Duration patience;
  private final Clock clock;
  private final Pause pause;

  StartupWait(Duration patience, Clock clock, Pause pause) {
    this.patience = patience;
    this.clock = clock;
    this.pause = pause;
  }

  /**
   * Returns once {@code condition} holds.
   *
   * @param progress a number that grows while the node makes progress toward the condition (the
   *     applied indexes of its groups); each increase restarts the patience
   * @param what what is waited for, for the error
   * @throws ChronikException CHR-1007 after {@code patience} without progress, CHR-1008 when
   *     interrupted
   */
  void until(BooleanSupplier condition, LongSupplier progress, String what) {
    long seen = progress.getAsLong();
    long deadline = clock.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      long now = progress.getAsLong();
      if (now > seen) {
        seen = now;
        deadline = clock.nanoTime() + patience.toNanos();
      }
      if (clock.nanoTime() - deadline > 0) {
        throw new ChronikException(
            "CHR-1007",
            ChronikException.Kind.UNAVAILABLE,
            "timed out after " + patience.toSeconds() + "s without progress waiting for " + what,
            "check that a majority of the Raft peers is running and reachable; run 'chronik doctor'");
      }
      try {
        pause.pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChronikException(
            "CHR-1008", ChronikException.Kind.RUNTIME, "interrupted while starting", "start again");
      }
    }
  }
}
