package io.chronik.broker.snapshot.store;

/** Told how far a transfer got, so that a terminal can show progress. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total) -> {};

  /**
   * Called as bytes are sent, from the transferring thread.
   *
   * @param bytesDone bytes sent so far in this attempt
   * @param totalBytes the size of the whole transfer
   */
  void onProgress(long bytesDone, long totalBytes);
}
