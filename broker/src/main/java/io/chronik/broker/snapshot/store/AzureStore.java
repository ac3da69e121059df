package io.chronik.broker.snapshot.store;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A store in an Azure Blob container ({@code azure://container/prefix}). A file above the multipart
 * threshold is staged as blocks of {@code partSize} bytes and committed as one block list, so the
 * blob appears only whole.
 */
public final class AzureStore implements SnapshotStore {
  /** Azure's limit on the blocks of one blob: larger files get larger blocks. */
  private static final long MAX_BLOCKS = 50_000;

  private final BlobContainerClient container;
  private final StoreLocation location;
  private final URI uri;
  private final long partSize;
  private final long multipartThreshold;

  AzureStore(URI uri, BlobContainerClient container, StoreSettings settings) {
    this.uri = uri;
    this.container = container;
    this.location = StoreLocation.of(uri);
    this.partSize = settings.partSize();
    this.multipartThreshold = settings.multipartThreshold();
  }

  /** Opens {@code azure://container/prefix} with these settings. */
  public static AzureStore open(URI uri, StoreSettings settings) {
    return new AzureStore(
        uri, AzureClients.container(StoreLocation.of(uri).bucket(), settings), settings);
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public void put(String key, Path file, ProgressListener progress) {
    BlobClient blob = blob(key);
    try {
      long size = Files.size(file);
      ParallelTransferOptions transfer =
          new ParallelTransferOptions()
              .setBlockSizeLong(Transfers.partSize(partSize, size, MAX_BLOCKS))
              .setMaxSingleUploadSizeLong(multipartThreshold)
              .setMaxConcurrency(2)
              .setProgressListener(done -> progress.onProgress(done, size));
      blob.uploadFromFileWithResponse(
          new BlobUploadFromFileOptions(file.toString()).setParallelTransferOptions(transfer),
          null,
          Context.NONE);
    } catch (IOException e) {
      throw StoreException.unreadableUpload(file, e);
    } catch (RuntimeException e) {
      throw map("put " + key, e);
    }
  }

  @Override
  public void get(String key, Path target) {
    BlobClient blob = blob(key);
    try {
      Transfers.writeAtomically(target, tmp -> blob.downloadToFile(tmp.toString(), true));
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.UNAVAILABLE, "get " + key + " from " + uri + " failed: " + e, e);
    } catch (RuntimeException e) {
      throw map("get " + key, e);
    }
  }

  @Override
  public InputStream openRange(String key, long offset, long length) {
    if (length <= 0) {
      return InputStream.nullInputStream();
    }
    BlobClient blob = blob(key);
    try {
      return blob.openInputStream(
          new BlobInputStreamOptions().setRange(new BlobRange(offset, length)));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 416) {
        return InputStream.nullInputStream();
      }
      throw map("read " + key, e);
    } catch (RuntimeException e) {
      throw map("read " + key, e);
    }
  }

  @Override
  public List<StoreObject> list(String prefix) {
    try {
      List<StoreObject> objects = new ArrayList<>();
      for (BlobItem item :
          container.listBlobs(
              new ListBlobsOptions().setPrefix(location.listPrefix(prefix)), null)) {
        objects.add(
            new StoreObject(
                location.relative(item.getName()),
                item.getProperties().getContentLength(),
                item.getProperties().getLastModified().toInstant()));
      }
      return objects;
    } catch (RuntimeException e) {
      throw map("list " + prefix, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      blob(key).deleteIfExists();
    } catch (RuntimeException e) {
      throw map("delete " + key, e);
    }
  }

  @Override
  public Duration probe() {
    long start = System.nanoTime();
    BlobClient blob = blob(SnapshotStores.PROBE_PREFIX + UUID.randomUUID());
    byte[] payload = SnapshotStores.probePayload();
    try {
      blob.upload(BinaryData.fromBytes(payload), true);
      try {
        if (!Arrays.equals(blob.downloadContent().toBytes(), payload)) {
          throw new StoreException(
              StoreException.Reason.OTHER,
              "probe object " + blob.getBlobName() + " read back differently");
        }
      } finally {
        blob.deleteIfExists();
      }
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw map("probe", e);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private BlobClient blob(String key) {
    return container.getBlobClient(location.key(key));
  }

  private StoreException map(String operation, RuntimeException e) {
    String message = operation.strip() + " in " + uri + " failed: " + firstLine(e.getMessage());
    if (e instanceof BlobStorageException b) {
      return new StoreException(StoreException.Reason.ofHttpStatus(b.getStatusCode()), message, e);
    }
    if (e instanceof HttpResponseException) {
      return new StoreException(StoreException.Reason.OTHER, message, e);
    }
    if (e instanceof UncheckedIOException || hasIoCause(e)) {
      return new StoreException(StoreException.Reason.UNAVAILABLE, message, e);
    }
    return new StoreException(StoreException.Reason.OTHER, message, e);
  }

  private static boolean hasIoCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
