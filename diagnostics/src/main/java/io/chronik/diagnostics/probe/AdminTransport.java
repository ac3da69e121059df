package io.chronik.diagnostics.probe;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches one path of one node's admin API. The real one speaks HTTP ({@link HttpAdminTransport});
 * tests answer from recorded fixtures.
 */
public interface AdminTransport extends AutoCloseable {
  /**
   * {@code GET http://admin/path}. The future fails with the transport's exception (connection
   * refused, timeout, ...) and completes with any HTTP status otherwise.
   */
  CompletableFuture<AdminResponse> get(String admin, String path, Duration timeout);

  /**
   * {@code POST http://admin/path} with a JSON body (an admin action); fails and completes like
   * {@link #get}.
   */
  CompletableFuture<AdminResponse> post(String admin, String path, String json, Duration timeout);

  /**
   * Opens a TCP connection from this host to {@code host:port} and closes it again: completes with
   * how long opening took (ms), or fails with the transport's exception. Transports that cannot
   * connect (recordings) fail with {@link UnsupportedOperationException}.
   */
  default CompletableFuture<Double> tcpConnect(String host, int port, Duration timeout) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("this transport does not open connections"));
  }

  @Override
  default void close() {}
}
