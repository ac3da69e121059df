package io.chronik.broker.raft;

import java.io.IOException;
import java.net.BindException;
import org.apache.ratis.util.ExitUtils;

/**
 * Keeps Ratis from ending the JVM. Ratis 3.3 calls {@code System.exit(1)} when its gRPC server
 * cannot start (the Raft port is taken), which would end a chronik node with a stack trace instead
 * of CHR-1005, and would end every other node and test running in the same JVM. Once {@link
 * #disableSystemExit()} ran, that failure is an {@link ExitUtils.ExitException} thrown from {@code
 * RaftServer.start()}, which {@link #startFailure} turns back into the {@link IOException} under
 * it.
 *
 * <p>Ratis installs a JVM-wide default uncaught-exception handler the first time its exit state is
 * touched; the handler in place before is put back, so an uncaught exception in a chronik thread is
 * reported as before and never ends the process.
 */
final class RatisExit {
  private static boolean disabled;

  private RatisExit() {}

  /** Makes Ratis throw instead of calling {@code System.exit}; idempotent. */
  static synchronized void disableSystemExit() {
    if (disabled) {
      return;
    }
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    ExitUtils.disableSystemExit();
    Thread.setDefaultUncaughtExceptionHandler(before);
    disabled = true;
  }

  /**
   * The failure under Ratis' exit request as an {@link IOException}: a {@link BindException} when
   * gRPC could not bind the Raft port (it says "Failed to bind to address", with the system's
   * reason, such as "Address already in use", at the root; the gRPC failure is kept as suppressed),
   * else the I/O failure as it is.
   */
  static IOException startFailure(ExitUtils.ExitException e) {
    if (!(e.getCause() instanceof IOException io)) {
      return new IOException(e.getMessage(), e);
    }
    if (io instanceof BindException
        || io.getMessage() == null
        || !io.getMessage().startsWith("Failed to bind")) {
      return io;
    }
    Throwable root = io;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = root.getMessage() == null ? io.getMessage() : root.getMessage();
    BindException bind = new BindException(reason.substring(reason.indexOf(':') + 1).trim());
    bind.addSuppressed(io);
    return bind;
  }
}
