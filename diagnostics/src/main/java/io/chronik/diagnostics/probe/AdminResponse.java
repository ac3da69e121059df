package io.chronik.diagnostics.probe;

/**
 * An HTTP answer of the admin API.
 *
 * @param status the HTTP status code
 * @param body the body as text
 * @param sentAtMs when the request left, by the asking host's wall clock (epoch ms); -1 when the
 *     transport does not say
 * @param receivedAtMs when the answer arrived, by the same clock; -1 when the transport does not
 *     say
 */
public record AdminResponse(int status, String body, long sentAtMs, long receivedAtMs) {
  /** An answer without timing. */
  public AdminResponse(int status, String body) {
    this(status, body, -1, -1);
  }

  /** Whether the transport recorded when the request left and the answer arrived. */
  public boolean timed() {
    return sentAtMs >= 0 && receivedAtMs >= sentAtMs;
  }
}
