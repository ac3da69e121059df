package io.chronik.broker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waits at start-up until a condition holds. It gives up after {@code patience} without progress,
 * not after {@code patience} in all: a node that replays or receives a long Raft log (a wiped node
 * catching up) keeps its applied index moving and may take as long as that takes, while a node that
 * waits for peers that never answer fails within {@code patience}.
 *
 * <p>It also holds the other waits of the start-up ({@link #join} for a Raft submission) and the
 * one error every one of them reports when the starting thread is interrupted (CHR-1008).
 */
final class StartupWait {
  /** How long a start-up step may go without progress: {@link #standard()}'s patience. */
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

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

  /** The wait a starting node uses: {@link #STARTUP_TIMEOUT}, looking every 20 ms. */
  static StartupWait standard() {
    return new StartupWait(STARTUP_TIMEOUT, System::nanoTime, () -> Thread.sleep(20));
  }

  /** Returns once {@code condition} holds; gives up after {@code patience} in all. */
  void until(BooleanSupplier condition, String what) {
    until(condition, () -> 0L, what);
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
        throw interrupted();
      }
    }
  }

  /**
   * The result of a Raft submission made at start-up, within {@link #STARTUP_TIMEOUT}.
   *
   * @param what what the submission does, for the error ("register this node's addresses")
   * @throws ChronikException CHR-1007 when it fails or times out, CHR-1008 when interrupted
   */
  static <T> T join(CompletableFuture<T> future, String what) {
    try {
      return future.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ChronikException(
          "CHR-1007",
          ChronikException.Kind.UNAVAILABLE,
          "cannot " + what + ": " + ListenerBinding.rootCause(e).getMessage(),
          "check that a majority of the Raft peers is running and reachable",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted();
    }
  }

  /** CHR-1008: the starting thread was interrupted (the caller restores the interrupt flag). */
  static ChronikException interrupted() {
    return new ChronikException(
        "CHR-1008", ChronikException.Kind.RUNTIME, "interrupted while starting", "start again");
  }
}
