package io.chronik.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock on a data dir's {@code .lock} file that keeps a second chronik process (or a second node
 * in this JVM) off a data dir in use. It is held from the start of the node's start-up until the
 * end of its shutdown.
 */
final class DataDirLock {
  private final Path dataDir;
  private FileChannel channel;
  private FileLock lock;

  DataDirLock(Path dataDir) {
    this.dataDir = dataDir;
  }

  /**
   * Takes the lock.
   *
   * @throws ChronikException CHR-1004 when another process (or node) holds it
   */
  void acquire() {
    try {
      channel =
          FileChannel.open(
              dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new ChronikException(
          "CHR-1004",
          ChronikException.Kind.UNAVAILABLE,
          "data dir " + dataDir + " is in use by another chronik process",
          "stop the other process, or give this one its own --data-dir");
    }
  }

  /** Releases the lock if it was taken; {@link #closeChannel} follows. */
  void release() throws IOException {
    if (lock != null) {
      lock.release();
    }
  }

  /** Closes the lock file if it was opened (also when the lock was not taken). */
  void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
