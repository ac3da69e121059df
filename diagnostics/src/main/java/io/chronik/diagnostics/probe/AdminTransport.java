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

  @Override
  default void close() {}
}
