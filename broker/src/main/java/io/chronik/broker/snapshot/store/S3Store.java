package io.chronik.broker.snapshot.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A store in an S3 bucket ({@code s3://bucket/prefix}) or a GCS bucket through its S3-compatible
 * API ({@code gs://bucket/prefix}). A file above the multipart threshold is uploaded in parts of
 * {@code partSize} bytes, each read from the file on demand (so a retried part is re-read, never
 * buffered); the object appears only when the upload completes, and a failed upload is aborted.
 */
public final class S3Store implements SnapshotStore {
  private static final Logger LOGGER = LoggerFactory.getLogger(S3Store.class);
  private static final String CONTENT_TYPE = "application/octet-stream";

  /** S3's limit on the parts of one upload: larger files get larger parts. */
  private static final long MAX_PARTS = 10_000;

  private final S3Client client;
  private final StoreLocation location;
  private final URI uri;
  private final S3Profile profile;
  private final long partSize;
  private final long multipartThreshold;

  S3Store(URI uri, S3Client client, S3Profile profile, StoreSettings settings) {
    this.uri = uri;
    this.client = client;
    this.profile = profile;
    this.location = StoreLocation.of(uri);
    this.partSize = settings.partSize();
    this.multipartThreshold = settings.multipartThreshold();
  }

  /** Opens {@code s3://} or {@code gs://} with these settings. */
  public static S3Store open(URI uri, StoreSettings settings) {
    S3Profile profile = "gs".equals(uri.getScheme()) ? S3Profile.GCS : S3Profile.AWS;
    return new S3Store(uri, S3Clients.create(settings, profile), profile, settings);
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public void put(String key, Path file, ProgressListener progress) {
    String fullKey = location.key(key);
    try {
      long size = Files.size(file);
      if (size <= multipartThreshold) {
        client.putObject(
            b -> b.bucket(location.bucket()).key(fullKey).contentType(CONTENT_TYPE),
            RequestBody.fromContentProvider(
                () -> Transfers.counting(open(file, 0, size), 0, size, progress),
                size,
                CONTENT_TYPE));
      } else {
        putMultipart(fullKey, file, size, progress);
      }
    } catch (IOException e) {
      throw StoreException.unreadableUpload(file, e);
    } catch (SdkException e) {
      throw map("put " + key, e);
    }
  }

  private void putMultipart(String fullKey, Path file, long size, ProgressListener progress) {
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(location.bucket())
            .key(fullKey)
            .contentType(CONTENT_TYPE);
    if (profile.flexibleChecksums()) {
      create.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
    }
    String uploadId = client.createMultipartUpload(create.build()).uploadId();
    long partSize = Transfers.partSize(this.partSize, size, MAX_PARTS);
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (long offset = 0; offset < size; offset += partSize) {
        int partNumber = parts.size() + 1;
        long length = Math.min(partSize, size - offset);
        long partOffset = offset;
        UploadPartRequest.Builder request =
            UploadPartRequest.builder()
                .bucket(location.bucket())
                .key(fullKey)
                .uploadId(uploadId)
                .partNumber(partNumber)
                .contentLength(length);
        if (profile.flexibleChecksums()) {
          request.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        }
        UploadPartResponse response =
            client.uploadPart(
                request.build(),
                RequestBody.fromContentProvider(
                    () ->
                        Transfers.counting(
                            open(file, partOffset, length), partOffset, size, progress),
                    length,
                    CONTENT_TYPE));
        parts.add(
            CompletedPart.builder()
                .partNumber(partNumber)
                .eTag(response.eTag())
                .checksumCRC32C(response.checksumCRC32C())
                .build());
      }
      client.completeMultipartUpload(
          b ->
              b.bucket(location.bucket())
                  .key(fullKey)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
      LOGGER.debug("Uploaded {} to {} in {} parts", file, fullKey, parts.size());
    } catch (RuntimeException e) {
      abort(fullKey, uploadId);
      throw e;
    }
  }

  private void abort(String fullKey, String uploadId) {
    try {
      client.abortMultipartUpload(b -> b.bucket(location.bucket()).key(fullKey).uploadId(uploadId));
    } catch (SdkException e) {
      LOGGER.warn(
          "Could not abort multipart upload {} of {} in {}: {}",
          uploadId,
          fullKey,
          uri,
          e.getMessage());
    }
  }

  private static InputStream open(Path file, long offset, long length) {
    try {
      return Transfers.slice(file, offset, length);
    } catch (IOException e) {
      throw SdkClientException.create("cannot read " + file, e);
    }
  }

  @Override
  public void get(String key, Path target) {
    String fullKey = location.key(key);
    try {
      Transfers.writeAtomically(
          target,
          tmp -> {
            try (ResponseInputStream<GetObjectResponse> in =
                client.getObject(b -> b.bucket(location.bucket()).key(fullKey))) {
              Transfers.copyToFile(in, tmp);
            }
          });
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.UNAVAILABLE, "get " + key + " from " + uri + " failed: " + e, e);
    } catch (SdkException e) {
      throw map("get " + key, e);
    }
  }

  @Override
  public InputStream openRange(String key, long offset, long length) {
    String fullKey = location.key(key);
    if (length <= 0) {
      return InputStream.nullInputStream();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    try {
      return client.getObject(b -> b.bucket(location.bucket()).key(fullKey).range(range));
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return InputStream.nullInputStream();
      }
      throw map("read " + key, e);
    } catch (SdkException e) {
      throw map("read " + key, e);
    }
  }

  @Override
  public List<StoreObject> list(String prefix) {
    try {
      List<StoreObject> objects = new ArrayList<>();
      for (S3Object o :
          client
              .listObjectsV2Paginator(
                  b -> b.bucket(location.bucket()).prefix(location.listPrefix(prefix)))
              .contents()) {
        objects.add(new StoreObject(location.relative(o.key()), o.size(), o.lastModified()));
      }
      return objects;
    } catch (SdkException e) {
      throw map("list " + prefix, e);
    }
  }

  @Override
  public void delete(String key) {
    String fullKey = location.key(key);
    try {
      client.deleteObject(b -> b.bucket(location.bucket()).key(fullKey));
    } catch (NoSuchKeyException e) {
      // already gone
    } catch (SdkException e) {
      throw map("delete " + key, e);
    }
  }

  @Override
  public Duration probe() {
    long start = System.nanoTime();
    String key = SnapshotStores.PROBE_PREFIX + UUID.randomUUID();
    String fullKey = location.key(key);
    byte[] payload = SnapshotStores.probePayload();
    try {
      client.putObject(
          b -> b.bucket(location.bucket()).key(fullKey).contentType(CONTENT_TYPE),
          RequestBody.fromBytes(payload));
      try {
        byte[] read =
            client.getObjectAsBytes(b -> b.bucket(location.bucket()).key(fullKey)).asByteArray();
        if (!Arrays.equals(read, payload)) {
          throw new StoreException(
              StoreException.Reason.OTHER, "probe object " + fullKey + " read back differently");
        }
      } finally {
        client.deleteObject(b -> b.bucket(location.bucket()).key(fullKey));
      }
    } catch (SdkException e) {
      throw map("probe", e);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private StoreException map(String operation, SdkException e) {
    String failed = operation.strip() + " in " + uri + " failed: ";
    String message = failed + e.getMessage();
    if (e instanceof NoSuchKeyException || e instanceof NoSuchBucketException) {
      return new StoreException(StoreException.Reason.NOT_FOUND, message, e);
    }
    if (e instanceof S3Exception s3) {
      return new StoreException(StoreException.Reason.ofHttpStatus(s3.statusCode()), message, e);
    }
    if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
      return new StoreException(
          StoreException.Reason.ACCESS_DENIED,
          failed + noCredentials(),
          "see 'Configuration from the environment' in docs/snapshots.md",
          e);
    }
    if (e instanceof SdkClientException) {
      return new StoreException(StoreException.Reason.UNAVAILABLE, message, e);
    }
    return new StoreException(StoreException.Reason.OTHER, message, e);
  }

  /**
   * Why no request was sent: neither {@code S3_ACCESS_KEY} and {@code S3_SECRET_KEY} nor the AWS
   * SDK's standard chain gave credentials. The SDK's own message (kilobytes, naming every provider
   * it tried) stays in the cause, for {@code -v}.
   */
  private String noCredentials() {
    return "no credentials: set S3_ACCESS_KEY and S3_SECRET_KEY"
        + (profile == S3Profile.GCS ? " (the bucket's HMAC keys)" : "")
        + ", or use the AWS SDK's standard chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
        + " ~/.aws/credentials, an instance or container role)";
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
