package io.chronik.broker.log;

import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The bytes the {@link LogCleaner} reads from segment files and writes to cleaned ones, counted at
 * the reads and writes themselves over every run of one cleaner, and held to at most {@code
 * maxBytesPerSecond} together (the node's {@code log.cleaner.io.max.bytes.per.second}, as Kafka's).
 *
 * <p>The limit is a budget that fills at {@code maxBytesPerSecond}, up to {@value #BURST_MILLIS} ms
 * worth, and starts empty: each read or write spends its bytes, and when the budget goes below zero
 * the cleaner's thread sleeps until it is back at zero. So X bytes take at least X / limit seconds
 * from the cleaner's first byte, and after a pause at most {@value #BURST_MILLIS} ms worth of bytes
 * go through without a wait. {@link #stop} ends a sleep at once ({@link InterruptedIOException}).
 *
 * <p>Threads: only the cleaner's thread reads, writes and sleeps; any thread may read the totals or
 * call {@link #stop}.
 */
public final class CleanerIo {
  /** No limit (Kafka's default). */
  public static final long UNLIMITED = -1;

  /** The most time's worth of bytes the budget holds after a pause. */
  static final long BURST_MILLIS = 300;

  /** Waits for a given time; {@link CleanerIo} sleeps through it (tests pass a fake one). */
  @FunctionalInterface
  interface Sleeper {
    /** Sleeps {@code nanos}; false when woken early because the cleaner stops. */
    boolean sleep(long nanos) throws InterruptedException;
  }

  private final long maxBytesPerSecond;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private final CountDownLatch stopping = new CountDownLatch(1);

  private volatile long bytesRead;
  private volatile long bytesWritten;
  private volatile long throttledNanos;

  /** Bytes the budget holds; negative while owed. Set on the first byte. */
  private double budget;

  private long budgetAt = Long.MIN_VALUE;

  private CleanerIo(long maxBytesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    if (maxBytesPerSecond != UNLIMITED && maxBytesPerSecond < 1) {
      throw new IllegalArgumentException(
          "the log cleaner's I/O limit must be at least 1 byte/s, or "
              + UNLIMITED
              + " for none; got "
              + maxBytesPerSecond);
    }
    this.maxBytesPerSecond = maxBytesPerSecond;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  /** No limit. */
  public static CleanerIo unlimited() {
    return limitedTo(UNLIMITED);
  }

  /** At most {@code maxBytesPerSecond} read and written together ({@link #UNLIMITED}: no limit). */
  public static CleanerIo limitedTo(long maxBytesPerSecond) {
    return new CleanerIo(maxBytesPerSecond, System::nanoTime, null);
  }

  /** Like {@link #limitedTo}, with the clock and the sleep that tests control. */
  static CleanerIo limitedTo(long maxBytesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    return new CleanerIo(maxBytesPerSecond, nanoClock, sleeper);
  }

  /** The limit in bytes per second, or {@link #UNLIMITED}. */
  public long maxBytesPerSecond() {
    return maxBytesPerSecond;
  }

  /**
   * Bytes read from segment files, to build offset maps, to filter segments and for the delete
   * horizons in batch headers.
   */
  public long bytesRead() {
    return bytesRead;
  }

  /**
   * Bytes of batches written to cleaned segment files (swapped in, or refused because the log
   * changed meanwhile); a segment that comes out of its cleaning unchanged writes none.
   */
  public long bytesWritten() {
    return bytesWritten;
  }

  /** How long the limit made the cleaner wait, in nanoseconds. */
  public long throttledNanos() {
    return throttledNanos;
  }

  /** Ends a sleep under way, and makes every later one fail. */
  void stop() {
    stopping.countDown();
  }

  /** Whether {@link #stop} was called: the cleaner's reads fail from then on. */
  boolean stopping() {
    return stopping.getCount() == 0;
  }

  void read(long bytes) throws InterruptedIOException {
    bytesRead += bytes;
    spend(bytes);
  }

  void wrote(long bytes) throws InterruptedIOException {
    bytesWritten += bytes;
    spend(bytes);
  }

  private void spend(long bytes) throws InterruptedIOException {
    if (maxBytesPerSecond == UNLIMITED || bytes <= 0) {
      return;
    }
    long now = nanoClock.getAsLong();
    double burst = maxBytesPerSecond * (BURST_MILLIS / 1000.0);
    if (budgetAt != Long.MIN_VALUE) {
      budget = Math.min(burst, budget + (now - budgetAt) / 1e9 * maxBytesPerSecond);
    }
    budgetAt = now;
    budget -= bytes;
    if (budget >= 0) {
      return;
    }
    long owed = (long) Math.ceil(-budget / maxBytesPerSecond * 1e9);
    sleep(owed);
    long woke = nanoClock.getAsLong();
    throttledNanos += woke - now;
    budget = Math.min(burst, budget + (woke - now) / 1e9 * maxBytesPerSecond);
    budgetAt = woke;
  }

  private void sleep(long nanos) throws InterruptedIOException {
    boolean slept;
    try {
      slept =
          sleeper != null
              ? stopping.getCount() > 0 && sleeper.sleep(nanos)
              : !stopping.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      slept = false;
    }
    if (!slept) {
      throw new InterruptedIOException("the log cleaner is stopping");
    }
  }
}
