package io.chronik.broker.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locking and the failure policy of one {@link PartitionLog}.
 *
 * <p>Invariants: reads of whole batches run under the read lock; every operation that deletes or
 * cuts data, or replaces segment files, runs under the write lock, so it waits for the reads in
 * flight. Appends take neither (a reader sees only what the log end offset publishes). Once a write
 * failed, the log is failed: it refuses further writes ({@link IllegalStateException}) until it is
 * replaced by a snapshot or reopened. Once closed, it refuses reads too.
 *
 * <p>Threads: {@code failed} changes under the owning log's monitor; {@code closed} is volatile, so
 * readers see it without the monitor.
 */
final class LogGuard {
  private static final Logger LOGGER = LoggerFactory.getLogger(PartitionLog.class);

  private final Path dir;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private boolean failed;

  LogGuard(Path dir) {
    this.dir = dir;
  }

  /** An I/O action on the segments. */
  interface SegmentIo<T> {
    T run() throws IOException;
  }

  /** A read of whole batches, {@code what} the log, under the read lock: I/O errors unchecked. */
  <T> T underReadLock(String what, SegmentIo<T> read) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return read.run();
    } catch (IOException e) {
      throw new UncheckedIOException(what + " partition log " + dir + " failed", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * A write that deletes or cuts data, under the write lock: an I/O error fails the log ({@link
   * #fail}). The caller holds the log's monitor.
   */
  <T> T underWriteLock(String operation, SegmentIo<T> write) {
    lock.writeLock().lock();
    try {
      return write.run();
    } catch (IOException e) {
      throw fail(operation, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The write lock, for the operations that handle their failure themselves. */
  ReentrantReadWriteLock.WriteLock writeLock() {
    return lock.writeLock();
  }

  boolean closed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  boolean failed() {
    return failed;
  }

  /** Sets or clears the failed state (a replacement by a snapshot clears it, or sets it). */
  void failed(boolean value) {
    failed = value;
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("partition log " + dir + " is closed");
    }
  }

  void ensureWritable() {
    ensureOpen();
    if (failed) {
      throw new IllegalStateException(
          "partition log " + dir + " failed an earlier write; reopen it to recover");
    }
  }

  /** Marks the log failed after {@code operation} failed; the exception to throw. */
  UncheckedIOException fail(String operation, IOException e) {
    failed = true;
    LOGGER.error("partition log {}: {} failed; refusing further writes", dir, operation, e);
    return new UncheckedIOException(operation + " of partition log " + dir + " failed", e);
  }
}
