package io.chronik.broker.snapshot.node;

import io.chronik.broker.ChronikException;
import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.broker.snapshot.store.SnapshotStore;
import io.chronik.broker.snapshot.store.StoreObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads archives to the snapshot store, keeps {@code retention-count} of them per group there,
 * and knows which archives are uploaded. A failed upload is counted and reported; it never touches
 * the local archive.
 */
final class Uploader implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Uploader.class);

  private final SnapshotStore store;
  private final Supplier<String> clusterId;
  private final SnapshotSettings settings;
  private final Set<String> uploaded = ConcurrentHashMap.newKeySet();
  private final AtomicLong uploadFailures = new AtomicLong();
  private volatile Instant lastUploadAt;
  private volatile String lastUploadError;

  Uploader(SnapshotStore store, Supplier<String> clusterId, SnapshotSettings settings) {
    this.store = store;
    this.clusterId = clusterId;
    this.settings = settings;
  }

  SnapshotStore store() {
    return store;
  }

  /**
   * Learns which archives are uploaded from the store's listing; a store that does not answer
   * leaves them shown as not uploaded.
   */
  void recoverUploaded() {
    try {
      for (StoreObject o : store.list(clusterId.get() + "/")) {
        if (SnapshotName.parse(o.key()).isPresent()) {
          uploaded.add(o.key());
        }
      }
    } catch (RuntimeException e) {
      LOGGER.warn(
          "cannot list {} to learn which archives are uploaded: {}", store.uri(), e.getMessage());
    }
  }

  boolean isUploaded(String storeKey) {
    return uploaded.contains(storeKey);
  }

  Instant lastUploadAt() {
    return lastUploadAt;
  }

  String lastUploadError() {
    return lastUploadError;
  }

  long uploadFailures() {
    return uploadFailures.get();
  }

  /**
   * The upload in progress, for {@code GET /v1/snapshots}: {@code key}, {@code bytesDone}, {@code
   * totalBytes}; null when none is.
   */
  Map<String, Object> uploading() {
    Transfer t = current;
    if (t == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", t.key);
    m.put("bytesDone", t.done);
    m.put("totalBytes", t.total);
    return m;
  }

  /** An upload in progress; its counters are written by the uploading thread only. */
  private static final class Transfer {
    final String key;
    volatile long done;
    volatile long total;

    Transfer(String key, long total) {
      this.key = key;
      this.total = total;
    }
  }

  private volatile Transfer current;

  /** Uploads an archive; a failure is counted and reported, and the local file stays. */
  Optional<String> upload(SnapshotName name, Path file, GroupState state) {
    String key = name.storeKey(clusterId.get());
    if (uploaded.contains(key)) {
      return Optional.empty();
    }
    try {
      Transfer t = new Transfer(key, java.nio.file.Files.size(file));
      current = t;
      try {
        store.put(
            key,
            file,
            (done, total) -> {
              t.done = done;
              t.total = total;
            });
      } finally {
        current = null;
      }
      uploaded.add(key);
      lastUploadAt = Instant.now();
      lastUploadError = null;
      LOGGER.info("[{}] uploaded to {} as {}", name.shortId(), store.uri(), key);
      retainStore(name.group());
      return Optional.empty();
    } catch (RuntimeException | java.io.IOException e) {
      uploadFailures.incrementAndGet();
      state.uploadFailures.increment();
      String code = e instanceof ChronikException c ? c.code() : "CHR-3204";
      lastUploadError = e.getMessage();
      LOGGER.warn(
          "{} [{}] upload to {} failed, the local archive stays: {}",
          code,
          name.shortId(),
          store.uri(),
          e.getMessage());
      return Optional.of(e.getMessage());
    }
  }

  private void retainStore(String group) {
    try {
      List<StoreObject> objects = new ArrayList<>(store.list(clusterId.get() + "/" + group + "/"));
      List<SnapshotName> names =
          objects.stream()
              .map(o -> SnapshotName.parse(o.key()))
              .flatMap(Optional::stream)
              .sorted(Comparator.reverseOrder())
              .toList();
      for (SnapshotName old :
          names.subList(Math.min(settings.retentionCount(), names.size()), names.size())) {
        store.delete(old.storeKey(clusterId.get()));
        uploaded.remove(old.storeKey(clusterId.get()));
        LOGGER.info("[{}] retention deleted {} from the store", group, old.fileName());
      }
    } catch (RuntimeException e) {
      LOGGER.warn("[{}] store retention failed: {}", group, e.getMessage());
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
