package io.chronik.broker.snapshot.store;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a store needs besides its URI: S3 region, endpoint, path style and keys; Azure
 * account, key, connection string and endpoint; multipart sizes; the retry policy and a listener
 * for metrics. A null value means "use the backend's default or the SDK's standard chain". {@link
 * #toString()} never shows a secret.
 *
 * @param partSize bytes per part of a multipart upload (S3 requires at least 5 MiB)
 * @param multipartThreshold files larger than this are uploaded in parts
 */
public record StoreSettings(
    String region,
    URI endpoint,
    Boolean pathStyle,
    String accessKey,
    String secretKey,
    String azureAccountName,
    String azureAccountKey,
    String azureConnectionString,
    URI azureEndpoint,
    long partSize,
    long multipartThreshold,
    RetryPolicy retry,
    StoreListener listener) {

  public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

  public StoreSettings {
    if (partSize < 1 || multipartThreshold < 0) {
      throw new IllegalArgumentException("partSize and multipartThreshold must be positive");
    }
    retry = retry == null ? RetryPolicy.DEFAULT : retry;
    listener = listener == null ? StoreListener.NONE : listener;
  }

  public static StoreSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.region = region;
    b.endpoint = endpoint;
    b.pathStyle = pathStyle;
    b.accessKey = accessKey;
    b.secretKey = secretKey;
    b.azureAccountName = azureAccountName;
    b.azureAccountKey = azureAccountKey;
    b.azureConnectionString = azureConnectionString;
    b.azureEndpoint = azureEndpoint;
    b.partSize = partSize;
    b.multipartThreshold = multipartThreshold;
    b.retry = retry;
    b.listener = listener;
    return b;
  }

  /**
   * Maps the environment onto a store: {@code CHRONIK_SNAPSHOT_STORE} (a URI) wins; otherwise the
   * seed's {@code OBJECT_STORE_BACKEND} (s3|gcs|azure|local) with {@code S3_BUCKET}, {@code
   * GCS_BUCKET} or {@code AZURE_CONTAINER}, and {@code S3_PREFIX}. The settings come from {@code
   * S3_REGION}, {@code S3_ENDPOINT}, {@code S3_PATH_STYLE}, {@code S3_ACCESS_KEY}, {@code
   * S3_SECRET_KEY}, {@code AZURE_ACCOUNT_NAME}, {@code AZURE_ACCOUNT_KEY}, {@code
   * AZURE_STORAGE_CONNECTION_STRING} and {@code AZURE_ENDPOINT}. See docs/snapshots.md.
   *
   * @return empty when no store is configured, or the backend is {@code local} without a URI
   *     (snapshots then stay in the data dir)
   */
  public static Optional<StoreTarget> fromEnvironment(Map<String, String> env) {
    StoreSettings settings = settingsFromEnvironment(env);
    String explicit = value(env, "CHRONIK_SNAPSHOT_STORE");
    if (explicit != null) {
      return Optional.of(new StoreTarget(SnapshotStores.parseUri(explicit), settings));
    }
    String backend = value(env, "OBJECT_STORE_BACKEND");
    if (backend == null) {
      return Optional.empty();
    }
    String prefix =
        StoreLocation.trimSlashes(Optional.ofNullable(value(env, "S3_PREFIX")).orElse(""));
    return switch (backend.toLowerCase(Locale.ROOT)) {
      case "s3" -> Optional.of(target("s3", required(env, "S3_BUCKET", backend), prefix, settings));
      case "gcs", "gs" -> {
        String bucket = value(env, "GCS_BUCKET");
        yield Optional.of(
            target(
                "gs",
                bucket != null ? bucket : required(env, "S3_BUCKET", backend),
                prefix,
                settings));
      }
      case "azure" ->
          Optional.of(target("azure", required(env, "AZURE_CONTAINER", backend), prefix, settings));
      case "local" -> Optional.empty();
      default ->
          throw SnapshotStores.invalid(
              "OBJECT_STORE_BACKEND=" + backend + " is not one of s3|gcs|azure|local");
    };
  }

  /**
   * The store settings (region, endpoint, path style, keys, Azure account) from the same variables
   * as {@link #fromEnvironment}, for a store whose URI is given some other way (a command-line
   * flag).
   */
  public static StoreSettings settingsFromEnvironment(Map<String, String> env) {
    Builder b = builder();
    b.region = value(env, "S3_REGION");
    String endpoint = value(env, "S3_ENDPOINT");
    b.endpoint = endpoint == null ? null : endpointUri("S3_ENDPOINT", endpoint);
    String pathStyle = value(env, "S3_PATH_STYLE");
    b.pathStyle = pathStyle == null ? null : parseBoolean("S3_PATH_STYLE", pathStyle);
    b.accessKey = value(env, "S3_ACCESS_KEY");
    b.secretKey = value(env, "S3_SECRET_KEY");
    b.azureAccountName = value(env, "AZURE_ACCOUNT_NAME");
    b.azureAccountKey = value(env, "AZURE_ACCOUNT_KEY");
    b.azureConnectionString = value(env, "AZURE_STORAGE_CONNECTION_STRING");
    String azureEndpoint = value(env, "AZURE_ENDPOINT");
    b.azureEndpoint = azureEndpoint == null ? null : endpointUri("AZURE_ENDPOINT", azureEndpoint);
    return b.build();
  }

  private static StoreTarget target(
      String scheme, String bucket, String prefix, StoreSettings settings) {
    return new StoreTarget(
        SnapshotStores.parseUri(scheme + "://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)),
        settings);
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String required(Map<String, String> env, String name, String backend) {
    String v = value(env, name);
    if (v == null) {
      throw SnapshotStores.invalid("OBJECT_STORE_BACKEND=" + backend + " needs " + name);
    }
    return v;
  }

  /** An endpoint; one without a scheme ({@code minio:9000}) is taken as https. */
  private static URI endpointUri(String name, String value) {
    String withScheme = value.contains("://") ? value : "https://" + value;
    try {
      return URI.create(withScheme);
    } catch (IllegalArgumentException e) {
      throw SnapshotStores.invalid(name + "=" + value + " is not a URL");
    }
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw SnapshotStores.invalid(name + "=" + value + " is not true or false");
    };
  }

  @Override
  public String toString() {
    return "StoreSettings[region="
        + region
        + ", endpoint="
        + endpoint
        + ", pathStyle="
        + pathStyle
        + ", accessKey="
        + (accessKey == null ? null : "(set)")
        + ", secretKey="
        + (secretKey == null ? null : "(redacted)")
        + ", azureAccountName="
        + azureAccountName
        + ", azureAccountKey="
        + (azureAccountKey == null ? null : "(redacted)")
        + ", azureConnectionString="
        + (azureConnectionString == null ? null : "(redacted)")
        + ", azureEndpoint="
        + azureEndpoint
        + ", partSize="
        + partSize
        + ", multipartThreshold="
        + multipartThreshold
        + ", retry="
        + retry
        + "]";
  }

  /** Builds settings; every value is optional. */
  public static final class Builder {
    private String region;
    private URI endpoint;
    private Boolean pathStyle;
    private String accessKey;
    private String secretKey;
    private String azureAccountName;
    private String azureAccountKey;
    private String azureConnectionString;
    private URI azureEndpoint;
    private long partSize = DEFAULT_PART_SIZE;
    private long multipartThreshold = DEFAULT_PART_SIZE;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private StoreListener listener = StoreListener.NONE;

    private Builder() {}

    public Builder region(String v) {
      region = v;
      return this;
    }

    public Builder endpoint(URI v) {
      endpoint = v;
      return this;
    }

    public Builder pathStyle(Boolean v) {
      pathStyle = v;
      return this;
    }

    public Builder credentials(String access, String secret) {
      accessKey = access;
      secretKey = secret;
      return this;
    }

    public Builder azureAccount(String name, String key) {
      azureAccountName = name;
      azureAccountKey = key;
      return this;
    }

    public Builder azureConnectionString(String v) {
      azureConnectionString = v;
      return this;
    }

    public Builder azureEndpoint(URI v) {
      azureEndpoint = v;
      return this;
    }

    /** Part size and threshold of multipart uploads. */
    public Builder multipart(long partSizeBytes, long thresholdBytes) {
      partSize = partSizeBytes;
      multipartThreshold = thresholdBytes;
      return this;
    }

    public Builder retry(RetryPolicy v) {
      retry = v;
      return this;
    }

    public Builder listener(StoreListener v) {
      listener = v;
      return this;
    }

    public StoreSettings build() {
      return new StoreSettings(
          region,
          endpoint,
          pathStyle,
          accessKey,
          secretKey,
          azureAccountName,
          azureAccountKey,
          azureConnectionString,
          azureEndpoint,
          partSize,
          multipartThreshold,
          retry,
          listener);
    }
  }
}
