package io.chronik.broker.kafka;

import org.apache.kafka.common.requests.RequestHeader;

/**
 * What a handler knows about a request besides its body.
 *
 * @param header the parsed request header
 * @param clientHost the client's IP address
 * @param connectionId a per-connection id for logs
 */
public record RequestContext(RequestHeader header, String clientHost, long connectionId) {
  public short apiVersion() {
    return header.apiVersion();
  }

  public String clientId() {
    return header.clientId() == null ? "" : header.clientId();
  }
}
