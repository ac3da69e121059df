package io.chronik.broker.snapshot.store;

import java.time.Duration;

/**
 * Bounded exponential backoff: attempt n waits {@code initialBackoff * 2^(n-1)}, at most {@code
 * maxBackoff}, before attempt n+1; there are at most {@code maxAttempts} attempts.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration backoff(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 30);
    Duration wait = initialBackoff.multipliedBy(factor);
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
