package io.chronik.broker.snapshot.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a store's operations that failed for a retryable reason (unavailable, or an unexpected
 * answer) with bounded exponential backoff; not-found and access-denied fail at once. Every failed
 * upload attempt is reported to the {@link StoreListener}. The local file of an upload is never
 * touched, whatever happens.
 */
final class RetryingStore implements SnapshotStore {
  private static final Logger LOGGER = LoggerFactory.getLogger(RetryingStore.class);

  /** Waits between attempts; tests pass one that does not wait. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final SnapshotStore delegate;
  private final RetryPolicy policy;
  private final StoreListener listener;
  private final Sleeper sleeper;

  RetryingStore(SnapshotStore delegate, RetryPolicy policy, StoreListener listener) {
    this(delegate, policy, listener, d -> Thread.sleep(d.toMillis()));
  }

  RetryingStore(
      SnapshotStore delegate, RetryPolicy policy, StoreListener listener, Sleeper sleeper) {
    this.delegate = delegate;
    this.policy = policy;
    this.listener = listener;
    this.sleeper = sleeper;
  }

  @Override
  public URI uri() {
    return delegate.uri();
  }

  @Override
  public void put(String key, Path file, ProgressListener progress) {
    for (int attempt = 1; ; attempt++) {
      try {
        delegate.put(key, file, progress);
        listener.onUploadSuccess(key, sizeOf(file), attempt);
        return;
      } catch (StoreException e) {
        boolean retry = e.retryable() && attempt < policy.maxAttempts();
        listener.onUploadFailure(key, attempt, e, retry);
        LOGGER.warn(
            "Upload of {} to {} failed (attempt {} of {}){}: {}",
            file,
            delegate.uri(),
            attempt,
            policy.maxAttempts(),
            retry ? ", retrying in " + policy.backoff(attempt).toMillis() + " ms" : "",
            e.getMessage());
        if (!retry) {
          throw e;
        }
        pause(attempt, e);
      }
    }
  }

  @Override
  public void get(String key, Path target) {
    withRetries(
        "get " + key,
        () -> {
          delegate.get(key, target);
          return null;
        });
  }

  @Override
  public InputStream openRange(String key, long offset, long length) {
    return withRetries("read " + key, () -> delegate.openRange(key, offset, length));
  }

  @Override
  public List<StoreObject> list(String prefix) {
    return withRetries("list " + prefix, () -> delegate.list(prefix));
  }

  @Override
  public void delete(String key) {
    withRetries(
        "delete " + key,
        () -> {
          delegate.delete(key);
          return null;
        });
  }

  /** Not retried: a health check wants the truth now. */
  @Override
  public Duration probe() {
    return delegate.probe();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** The store this one retries. */
  SnapshotStore delegate() {
    return delegate;
  }

  private <T> T withRetries(String operation, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (StoreException e) {
        if (!e.retryable() || attempt >= policy.maxAttempts()) {
          throw e;
        }
        LOGGER.info(
            "{} in {} failed (attempt {}), retrying: {}",
            operation.strip(),
            delegate.uri(),
            attempt,
            e.getMessage());
        pause(attempt, e);
      }
    }
  }

  private void pause(int attempt, StoreException cause) {
    try {
      sleeper.sleep(policy.backoff(attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cause;
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
