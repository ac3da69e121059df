package io.chronik.cli.snapshot;

import java.util.Map;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The in-process S3 (s3proxy) that snapshot ITs store in: its credentials, a client to look into
 * it, and the environment through which chronik reaches it.
 */
final class TestS3 {
  static final String ACCESS_KEY = "chronik-access";
  static final String SECRET_KEY = "chronik-secret";

  private TestS3() {}

  /**
   * An s3proxy with the test credentials; register it as an instance {@code @RegisterExtension}.
   */
  static S3ProxyExtension proxy() {
    return S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();
  }

  /** A path-style client of {@code proxy}. */
  static S3Client client(S3ProxyExtension proxy) {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(proxy.getUri())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** The variables that point chronik's S3 store at {@code proxy}. */
  static Map<String, String> env(S3ProxyExtension proxy) {
    return Map.of(
        "S3_ENDPOINT",
        proxy.getUri().toString(),
        "S3_REGION",
        "us-east-1",
        "S3_PATH_STYLE",
        "true",
        "S3_ACCESS_KEY",
        ACCESS_KEY,
        "S3_SECRET_KEY",
        SECRET_KEY);
  }
}
