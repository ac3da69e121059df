package io.chronik.cli.client;

import java.time.Duration;

/**
 * Where a client command connects and how long it waits.
 *
 * @param bootstrap Kafka bootstrap servers, {@code HOST:PORT[,HOST:PORT...]}
 * @param timeout how long to wait for the cluster to answer before giving up (exit 69)
 */
public record Connection(String bootstrap, Duration timeout) {

  /** The timeout in milliseconds, capped at {@link Integer#MAX_VALUE} for Kafka's int configs. */
  public int timeoutMs() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  /** The timeout for people: {@code 15s}, {@code 500ms}. */
  public String timeoutText() {
    long millis = timeout.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
