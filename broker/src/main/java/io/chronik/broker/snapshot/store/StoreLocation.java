package io.chronik.broker.snapshot.store;

import java.net.URI;

/**
 * The bucket (or container) and key prefix of an object-store URI such as {@code
 * s3://bucket/some/prefix}. The prefix has no leading or trailing {@code /}.
 */
record StoreLocation(String bucket, String prefix) {

  static StoreLocation of(URI uri) {
    String bucket = uri.getAuthority();
    if (bucket == null || bucket.isBlank()) {
      throw SnapshotStores.invalid("store URI " + uri + " names no bucket or container");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    return new StoreLocation(bucket, trimSlashes(path));
  }

  /** The full object key of {@code key}. */
  String key(String key) {
    SnapshotStores.checkKey(key);
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  /** The full key prefix for listing keys that start with {@code keyPrefix}. */
  String listPrefix(String keyPrefix) {
    return prefix.isEmpty() ? keyPrefix : prefix + "/" + keyPrefix;
  }

  /** The store key of a full object key. */
  String relative(String fullKey) {
    return prefix.isEmpty() ? fullKey : fullKey.substring(prefix.length() + 1);
  }

  static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
