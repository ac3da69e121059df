package io.chronik.broker.log;

/**
 * The bytes the {@link LogCleaner} read from segment files and wrote to cleaned ones, counted at
 * the reads and writes themselves, over every run of one cleaner.
 *
 * <p>Threads: only the cleaner's thread counts; any thread may read the totals.
 */
public final class CleanerIo {
  private volatile long bytesRead;
  private volatile long bytesWritten;

  /** Bytes read from segment files, to build offset maps and to filter segments. */
  public long bytesRead() {
    return bytesRead;
  }

  /** Bytes of batches written to cleaned segment files (swapped in or not). */
  public long bytesWritten() {
    return bytesWritten;
  }

  void read(long bytes) {
    bytesRead += bytes;
  }

  void wrote(long bytes) {
    bytesWritten += bytes;
  }
}
