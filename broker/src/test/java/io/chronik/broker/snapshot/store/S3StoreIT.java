package io.chronik.broker.snapshot.store;

import java.net.URI;
import java.util.OptionalInt;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The store contract against an S3 server (s3proxy, in-process on an ephemeral loopback port). */
class S3StoreIT extends SnapshotStoreContract {
  static final String ACCESS_KEY = "chronik-access";
  static final String SECRET_KEY = "chronik-secret";
  static final String BUCKET = "snapshots";

  @RegisterExtension
  final S3ProxyExtension s3Proxy =
      S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();

  private S3Client admin;
  private SnapshotStore store;

  /** The URI of the store under test; the GCS profile subclass uses {@code gs://}. */
  protected URI storeUri() {
    return URI.create("s3://" + BUCKET + "/chronik/cluster-1");
  }

  protected StoreSettings settings() {
    return contractSettings()
        .endpoint(s3Proxy.getUri())
        .region("us-east-1")
        .pathStyle(true)
        .credentials(ACCESS_KEY, SECRET_KEY)
        .build();
  }

  @BeforeEach
  void createBucketAndOpenStore() {
    admin =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(s3Proxy.getUri())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
    admin.createBucket(b -> b.bucket(BUCKET));
    store = SnapshotStores.open(storeUri(), settings());
  }

  @AfterEach
  void close() {
    store.close();
    admin.close();
  }

  @Override
  protected SnapshotStore store() {
    return store;
  }

  /** S3 gives a multipart object the ETag {@code "<md5 of part md5s>-<parts>"}. */
  @Override
  protected OptionalInt partsOf(String key) {
    String etag =
        admin
            .headObject(b -> b.bucket(BUCKET).key(StoreLocation.of(storeUri()).key(key)))
            .eTag()
            .replace("\"", "");
    int dash = etag.lastIndexOf('-');
    return OptionalInt.of(dash < 0 ? 0 : Integer.parseInt(etag.substring(dash + 1)));
  }
}
