package io.chronik.broker.snapshot.store;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where snapshot archives are kept off the node: a directory, an S3 or GCS bucket, an Azure
 * container, named by a URI ({@link SnapshotStores#open}). Keys are relative to the URI's prefix
 * and {@code /}-separated. Every failure is a {@link StoreException}; none is an SDK type.
 *
 * <p>Invariants every implementation keeps (and {@code SnapshotStoreContract} tests): an object is
 * visible whole or not at all (a failed put leaves no partial object under the key); {@code put}
 * never modifies or deletes the local file; {@code get} writes its target atomically; {@code
 * delete} of a missing key is not an error.
 */
public interface SnapshotStore extends AutoCloseable {

  /** The store's URI, e.g. {@code s3://bucket/prefix}. */
  URI uri();

  /**
   * Uploads {@code file} under {@code key}, replacing any object there. Object stores upload a file
   * above the multipart threshold in parts.
   */
  void put(String key, Path file, ProgressListener progress);

  /** Downloads {@code key} to {@code target} (written to a sibling, then renamed). */
  void get(String key, Path target);

  /**
   * Opens {@code length} bytes of {@code key} from {@code offset}: a ranged GET on object stores.
   * Fewer bytes come back when the object ends first; none when {@code offset} is past its end.
   */
  InputStream openRange(String key, long offset, long length);

  /** The objects whose key starts with {@code prefix} ("" for all), in key order. */
  List<StoreObject> list(String prefix);

  /** Deletes {@code key}; a missing key is not an error. */
  void delete(String key);

  /**
   * Writes, reads back and deletes a small probe object: proves the credentials may do all three.
   *
   * @return how long the round trip took
   */
  Duration probe();

  @Override
  default void close() {}
}
