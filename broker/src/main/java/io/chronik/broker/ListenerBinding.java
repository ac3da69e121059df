package io.chronik.broker;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a listener (Kafka, admin HTTP, Raft) to bind and turns a failure to bind into the one
 * error a user sees for it: CHR-1005, naming the listener, the address and the root cause ("Address
 * already in use"), with the hint to free the port or pick another.
 */
final class ListenerBinding {
  private ListenerBinding() {}

  /**
   * The bound server, once {@code future} completes (at most 30 s).
   *
   * @throws ChronikException CHR-1005 when it fails or times out, CHR-1008 when interrupted
   */
  static <T> T await(Future<T> future, String listener, String host, int port) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw portTaken(listener, host, port, e);
    } catch (TimeoutException e) {
      throw portTaken(listener, host, port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StartupWait.interrupted();
    }
  }

  /** CHR-1005: {@code listener} cannot listen on {@code host:port}. */
  static ChronikException portTaken(String listener, String host, int port, Throwable e) {
    return new ChronikException(
        "CHR-1005",
        ChronikException.Kind.UNAVAILABLE,
        "cannot listen for "
            + listener
            + " on "
            + host
            + ":"
            + port
            + ": "
            + rootCause(e).getMessage(),
        "another process uses the port; stop it or choose another port (0 picks a free one)",
        e);
  }

  /** The innermost cause of {@code e} (a BindException under Vert.x's and Ratis' wrappers). */
  static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
