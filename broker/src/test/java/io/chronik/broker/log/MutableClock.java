package io.chronik.broker.log;

import java.time.Instant;
import java.time.InstantSource;

/** A clock that tests move by hand. */
final class MutableClock implements InstantSource {

  private volatile long millis;

  MutableClock(long millis) {
    this.millis = millis;
  }

  void advance(long deltaMs) {
    millis += deltaMs;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public long millis() {
    return millis;
  }
}
