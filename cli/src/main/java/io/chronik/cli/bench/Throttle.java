package io.chronik.cli.bench;

import java.util.concurrent.TimeUnit;

/**
 * Holds a sender to a target rate: after each send it sleeps while the sender is ahead of the
 * schedule {@code sent / targetPerSecond}. Sleeps shorter than a millisecond are skipped; they add
 * up and are paid later, so the average rate still holds.
 */
final class Throttle {
  private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final long targetPerSecond;
  private final long startNanos;

  /** A throttle for {@code targetPerSecond} (0 or less: unlimited), starting now. */
  Throttle(long targetPerSecond, long startNanos) {
    this.targetPerSecond = targetPerSecond;
    this.startNanos = startNanos;
  }

  /** How long to wait after {@code sent} sends at time {@code nowNanos}; 0 when behind. */
  long delayNanos(long sent, long nowNanos) {
    if (targetPerSecond <= 0) {
      return 0;
    }
    long dueNanos = (long) (sent * (1e9 / targetPerSecond));
    long ahead = dueNanos - (nowNanos - startNanos);
    return ahead >= MIN_SLEEP_NANOS ? ahead : 0;
  }

  /** Sleeps as long as {@link #delayNanos} says. */
  void pace(long sent) throws InterruptedException {
    long delay = delayNanos(sent, System.nanoTime());
    if (delay > 0) {
      TimeUnit.NANOSECONDS.sleep(delay);
    }
  }
}
