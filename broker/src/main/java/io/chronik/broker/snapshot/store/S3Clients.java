package io.chronik.broker.snapshot.store;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the AWS SDK v2 client for a store: always the JDK {@code url-connection-client} (no netty,
 * no Apache HTTP: DESIGN.md §7), region, endpoint, path style and credentials from the settings,
 * falling back to the SDK's standard chains, and the profile's checksum behaviour.
 */
final class S3Clients {
  private static final String FALLBACK_REGION = "us-east-1";

  private S3Clients() {}

  static S3Client create(StoreSettings settings, S3Profile profile) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .region(Region.of(region(settings, profile)))
            .credentialsProvider(credentials(settings))
            .forcePathStyle(
                settings.pathStyle() != null ? settings.pathStyle() : profile.defaultPathStyle());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    } else if (profile.defaultEndpoint() != null) {
      builder.endpointOverride(profile.defaultEndpoint());
    }
    if (!profile.flexibleChecksums()) {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
    }
    return builder.build();
  }

  private static String region(StoreSettings settings, S3Profile profile) {
    if (settings.region() != null) {
      return settings.region();
    }
    if (profile.defaultRegion() != null) {
      return profile.defaultRegion();
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      return FALLBACK_REGION;
    }
  }

  private static AwsCredentialsProvider credentials(StoreSettings settings) {
    if (settings.accessKey() != null && settings.secretKey() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
