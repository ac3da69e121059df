package io.chronik.broker.snapshot.store;

import java.net.URI;

/**
 * The store contract through the GCS profile ({@code gs://}: checksums only when required, no
 * aws-chunked encoding, path style, region {@code auto}) against s3proxy standing in for
 * storage.googleapis.com.
 */
class GcsProfileStoreIT extends S3StoreIT {

  @Override
  protected URI storeUri() {
    return URI.create("gs://" + BUCKET + "/chronik");
  }

  @Override
  protected StoreSettings settings() {
    return contractSettings()
        .endpoint(s3Proxy.getUri())
        .credentials(ACCESS_KEY, SECRET_KEY)
        .build();
  }
}
