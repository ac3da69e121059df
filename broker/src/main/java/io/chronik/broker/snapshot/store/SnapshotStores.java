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
          case "file" -> new LocalStore(localDirectory(uri));
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

  /**
   * Parses a store URI; a plain absolute path is taken as {@code file://}. A {@code file} URI is
   * checked here, so that a bad one is refused before anything starts.
   *
   * @throws ChronikException CHR-3205 (a usage error) when it is not a store URI
   */
  public static URI parseUri(String value) {
    if (value.startsWith("/")) {
      return Path.of(value).toUri();
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw invalid("store URI " + value + " is not a URI: " + e.getMessage());
    }
    if (uri.getScheme() == null) {
      throw invalid("store URI " + value + " has no scheme (file://, s3://, gs://, azure://)");
    }
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      localDirectory(uri);
    }
    return uri;
  }

  /**
   * The directory of a {@code file} URI. {@code file://tmp/store} (two slashes) names a host {@code
   * tmp}, not a directory: it is refused with the three-slash form to use instead.
   */
  private static Path localDirectory(URI uri) {
    if (uri.getRawAuthority() != null) {
      throw invalid(
          "store URI "
              + uri
              + " names a host ('"
              + uri.getRawAuthority()
              + "'); a local store is file:///absolute/path, with three slashes");
    }
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException e) {
      throw invalid(
          "store URI "
              + uri
              + " is not a local directory ("
              + e.getMessage()
              + "); use"
              + " file:///absolute/path");
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
