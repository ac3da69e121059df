package io.chronik.diagnostics.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /ready}: 200 when the node serves Kafka requests, 503 with the reason otherwise.
 *
 * @param ready whether the node is ready
 * @param reason why it is not, empty when it is
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Readiness(boolean ready, String reason) {
  public Readiness {
    reason = reason == null ? "" : reason;
  }
}
