package io.chronik.broker.snapshot.store;

/**
 * Hooks for metrics: the broker counts {@code chronik_snapshot_upload_failures_total} from {@link
 * #onUploadFailure}. Called from the uploading thread.
 */
public interface StoreListener {
  StoreListener NONE = new StoreListener() {};

  /**
   * An upload attempt failed.
   *
   * @param key the object's key
   * @param attempt 1 for the first attempt
   * @param error what failed
   * @param willRetry whether another attempt follows (after a backoff)
   */
  default void onUploadFailure(String key, int attempt, StoreException error, boolean willRetry) {}

  /** An upload completed, after {@code attempts} attempts. */
  default void onUploadSuccess(String key, long bytes, int attempts) {}
}
