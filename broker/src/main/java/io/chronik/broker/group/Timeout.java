package io.chronik.broker.group;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-shot timeout that can be re-armed and cancelled. Guarded by its group's lock.
 *
 * <p>Invariant: a firing acts only when {@link #isCurrent} holds for the epoch it was armed with.
 * Arming or cancelling bumps the epoch, so a task that lost the race with a cancel (it was already
 * running and waiting for the group lock) finds a stale epoch and does nothing.
 */
final class Timeout {

  private static final Logger LOGGER = LoggerFactory.getLogger(Timeout.class);

  private long epoch;
  private ScheduledFuture<?> task;
  private long firesAtNanos;

  /**
   * Arms the timeout, cancelling an earlier arming. {@code onFire} receives the epoch to check with
   * {@link #isCurrent} once it holds the group lock.
   */
  void arm(ScheduledExecutorService timer, long delayMs, LongConsumer onFire) {
    cancel();
    long armedEpoch = epoch;
    firesAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
    try {
      task = timer.schedule(() -> onFire.accept(armedEpoch), delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOGGER.warn("The group timer refused a timeout of {} ms; is it shut down?", delayMs);
    }
  }

  void cancel() {
    epoch++;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  boolean isCurrent(long armedEpoch) {
    return task != null && armedEpoch == epoch;
  }

  boolean isArmed() {
    return task != null;
  }

  /** Whether the armed task fires later than {@code deadlineNanos} (a nanoTime). */
  boolean firesAfter(long deadlineNanos) {
    return firesAtNanos - deadlineNanos > 0;
  }

  /** Marks the armed task as fired, so that a later {@link #isArmed} is false. */
  void fired() {
    task = null;
  }
}
