package io.chronik.broker.snapshot.store;

import io.chronik.broker.ChronikException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a store by URI: {@code file:///dir}, {@code s3://bucket/prefix}, {@code gs://bucket/prefix}
 * (GCS through its S3-compatible API) or {@code azure://container/prefix}. The store returned
 * retries failed operations with bounded backoff ({@link RetryingStore}).
 */
public final class SnapshotStores {
  /** Keys under which {@link SnapshotStore#probe()} writes its short-lived objects. */
  static final String PROBE_PREFIX = ".chronik-probe/";

  private SnapshotStores() {}

  public static SnapshotStore open(StoreTarget target) {
    return open(target.uri(), target.settings());
  }

  public static SnapshotStore open(URI uri, StoreSettings settings) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    SnapshotStore store =
        switch (scheme) {
          case "file" -> new LocalStore(Path.of(uri));
          case "s3", "gs" -> S3Store.open(uri, settings);
          case "azure" -> AzureStore.open(uri, settings);
          default ->
              throw invalid(
                  "store URI "
                      + uri
                      + " has an unknown scheme: use file:///dir, s3://bucket/prefix,"
                      + " gs://bucket/prefix or azure://container/prefix");
        };
    return new RetryingStore(store, settings.retry(), settings.listener());
  }

  /** Parses a store URI; a plain absolute path is taken as {@code file://}. */
  public static URI parseUri(String value) {
    if (value.startsWith("/")) {
      return Path.of(value).toUri();
    }
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null) {
        throw invalid("store URI " + value + " has no scheme (file://, s3://, gs://, azure://)");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid("store URI " + value + " is not a URI: " + e.getMessage());
    }
  }

  static void checkKey(String key) {
    if (key == null
        || key.isEmpty()
        || key.startsWith("/")
        || key.contains("\\")
        || ("/" + key + "/").contains("/../")
        || ("/" + key + "/").contains("/./")) {
      throw new IllegalArgumentException(
          "store key '" + key + "' must be relative, /-separated, without . or .. segments");
    }
  }

  static byte[] probePayload() {
    return "chronik snapshot store probe".getBytes(StandardCharsets.US_ASCII);
  }

  /** A bad store URI or setting: a usage error. */
  static ChronikException invalid(String message) {
    return new ChronikException(
        "CHR-3205",
        ChronikException.Kind.USAGE,
        message + " (CHR-3205)",
        "see docs/snapshots.md for store URIs and their environment variables");
  }
}
