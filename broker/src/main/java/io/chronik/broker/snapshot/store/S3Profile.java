package io.chronik.broker.snapshot.store;

import java.net.URI;

/**
 * How to talk to an S3-protocol service. {@link #AWS} is Amazon S3 and the S3-compatible stores
 * (MinIO, s3proxy...); {@link #GCS} is Google Cloud Storage through its S3-compatible XML API,
 * which needs HMAC keys, path-style requests, no {@code aws-chunked} encoding, and checksums only
 * where an operation requires them (the AWS SDK's default since 2.30 adds CRC32 trailers GCS
 * rejects).
 */
enum S3Profile {
  AWS(null, null, false, true),
  GCS(URI.create("https://storage.googleapis.com"), "auto", true, false);

  private final URI defaultEndpoint;
  private final String defaultRegion;
  private final boolean defaultPathStyle;
  private final boolean flexibleChecksums;

  S3Profile(
      URI defaultEndpoint,
      String defaultRegion,
      boolean defaultPathStyle,
      boolean flexibleChecksums) {
    this.defaultEndpoint = defaultEndpoint;
    this.defaultRegion = defaultRegion;
    this.defaultPathStyle = defaultPathStyle;
    this.flexibleChecksums = flexibleChecksums;
  }

  URI defaultEndpoint() {
    return defaultEndpoint;
  }

  String defaultRegion() {
    return defaultRegion;
  }

  boolean defaultPathStyle() {
    return defaultPathStyle;
  }

  /** Whether to send the SDK's default request checksums (and CRC32C part checksums). */
  boolean flexibleChecksums() {
    return flexibleChecksums;
  }
}
