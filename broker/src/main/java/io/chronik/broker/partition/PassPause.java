package io.chronik.broker.partition;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The wait of a background thread between two passes ({@link LogCleanerService}). {@link #await}
 * returns when the time is up, once {@link #wake} was called, or at once when {@code stopped} says
 * so. Tests pass one they hold and release, so that no test sleeps through a real interval.
 */
interface PassPause {

  /** Waits up to {@code ms}; see the class comment. */
  void await(long ms, BooleanSupplier stopped) throws InterruptedException;

  /** Ends the wait under way, and every later one: the thread stops. */
  void wake();

  /** A wait on a monitor that {@link #wake} notifies. */
  static PassPause onMonitor() {
    return new PassPause() {
      private boolean woken;

      @Override
      public synchronized void await(long ms, BooleanSupplier stopped) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long left = TimeUnit.MILLISECONDS.toNanos(ms);
        while (!woken && !stopped.getAsBoolean() && left > 0) {
          TimeUnit.NANOSECONDS.timedWait(this, left);
          left = deadline - System.nanoTime();
        }
      }

      @Override
      public synchronized void wake() {
        woken = true;
        notifyAll();
      }
    };
  }
}
