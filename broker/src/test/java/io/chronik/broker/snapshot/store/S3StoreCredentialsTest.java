package io.chronik.broker.snapshot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.ChronikException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 or GCS store without credentials: one short line naming the ways to give them. */
class S3StoreCredentialsTest {

  /** A store whose credential chain finds nothing, as the SDK's default chain on a bare host. */
  private static S3Store storeWithoutCredentials(String uri, S3Profile profile) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AwsCredentialsProviderChain chain =
        AwsCredentialsProviderChain.builder()
            .credentialsProviders(
                () -> {
                  throw SdkClientException.create(
                      "Unable to load credentials from system settings. Access key must be"
                          + " specified either via environment variable (AWS_ACCESS_KEY_ID) or"
                          + " system property (aws.accessKeyId).");
                })
            .build();
    S3Client client =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .forcePathStyle(true)
            .credentialsProvider(chain)
            .build();
    return new S3Store(URI.create(uri), client, profile, StoreSettings.builder().build());
  }

  @Test
  void shouldNameWaysToGiveCredentialsWhenNoneAreFound() throws IOException {
    // given
    try (S3Store store = storeWithoutCredentials("s3://bucket/p", S3Profile.AWS)) {

      // when / then
      assertThatThrownBy(() -> store.get("a.chrsnap", Path.of("unused")))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.code()).isEqualTo("CHR-3202");
                assertThat(e.kind()).isEqualTo(ChronikException.Kind.UNAVAILABLE);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "get a.chrsnap in s3://bucket/p failed: no credentials: set S3_ACCESS_KEY"
                            + " and S3_SECRET_KEY, or use the AWS SDK's standard chain"
                            + " (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ~/.aws/credentials,"
                            + " an instance or container role) (CHR-3202)");
                assertThat(e.hint()).contains("docs/snapshots.md");
              });
    }
  }

  @Test
  void shouldNameHmacKeysAndKeepOneSpaceWhenGcsListingHasNoCredentials() throws IOException {
    // given
    try (S3Store store = storeWithoutCredentials("gs://b/x", S3Profile.GCS)) {

      // when / then: the whole store is listed (empty prefix)
      assertThatThrownBy(() -> store.list(""))
          .isInstanceOfSatisfying(
              StoreException.class,
              e ->
                  assertThat(e.getMessage())
                      .startsWith("list in gs://b/x failed: no credentials: set S3_ACCESS_KEY")
                      .contains("(the bucket's HMAC keys)")
                      .doesNotContain("AwsCredentialsProviderChain")
                      .hasSizeLessThan(300));
    }
  }
}
