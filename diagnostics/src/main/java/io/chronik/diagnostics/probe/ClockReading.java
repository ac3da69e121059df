package io.chronik.diagnostics.probe;

/**
 * A node's wall clock against the asking host's: the node's {@code clockMs} in {@code /v1/node},
 * and when the request left and the answer arrived by the asking host's clock. The node read its
 * clock somewhere in between, so the best estimate of its offset assumes the middle, give or take
 * half the round trip.
 *
 * @param nodeClockMs the node's clock (epoch ms)
 * @param sentAtMs when the request left, by the asking host's clock
 * @param receivedAtMs when the answer arrived, by the asking host's clock
 */
public record ClockReading(long nodeClockMs, long sentAtMs, long receivedAtMs) {
  /** The node's clock minus the asking host's, corrected by half the round trip. */
  public long offsetMs() {
    return nodeClockMs - (sentAtMs + (receivedAtMs - sentAtMs) / 2);
  }

  /** How far off {@link #offsetMs()} can be: half the round trip. */
  public long uncertaintyMs() {
    return (receivedAtMs - sentAtMs + 1) / 2;
  }
}
