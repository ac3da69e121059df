package io.chronik.broker.snapshot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.snapshot.Compression;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotFixtures;
import io.chronik.broker.snapshot.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link SnapshotStore} must do, run against each backend: a subclass opens {@link
 * #store()} (through {@link SnapshotStores#open}) with {@link #contractSettings()} before each
 * test.
 */
abstract class SnapshotStoreContract {
  /** S3's smallest part size: small enough to make a 12 MiB file a three-part upload. */
  static final long PART_SIZE = 5L * 1024 * 1024;

  @TempDir Path tmp;

  /** The store under test, opened by the subclass. */
  protected abstract SnapshotStore store();

  /**
   * How many parts {@code key} was uploaded in (0 for a single request), when the backend can tell.
   */
  protected OptionalInt partsOf(String key) {
    return OptionalInt.empty();
  }

  /** Small parts so that multipart uploads happen with small files; quick retries. */
  static StoreSettings.Builder contractSettings() {
    return StoreSettings.builder()
        .multipart(PART_SIZE, PART_SIZE)
        .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)));
  }

  @Test
  void shouldRoundTripMultiMebibyteFileInPartsWhenAboveThreshold() throws IOException {
    // given
    long size = 2 * PART_SIZE + 12345;
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("big.bin"), size, 11);
    List<Long> progress = new ArrayList<>();

    // when
    store().put("groups/g1/big.bin", file, (done, total) -> progress.add(done));
    store().get("groups/g1/big.bin", tmp.resolve("back/big.bin"));

    // then
    assertThat(tmp.resolve("back/big.bin")).hasSameBinaryContentAs(file);
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1)).isEqualTo(size);
    assertThat(file).exists();
    partsOf("groups/g1/big.bin").ifPresent(parts -> assertThat(parts).isEqualTo(3));
  }

  @Test
  void shouldUploadInOneRequestWhenBelowThreshold() throws IOException {
    // given
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("small.bin"), 100_000, 12);

    // when
    store().put("small.bin", file, ProgressListener.NONE);
    store().get("small.bin", tmp.resolve("small.back"));

    // then
    assertThat(tmp.resolve("small.back")).hasSameBinaryContentAs(file);
    partsOf("small.bin").ifPresent(parts -> assertThat(parts).isZero());
  }

  @Test
  void shouldReplaceObjectWhenPutTwice() throws IOException {
    // given
    Path first = SnapshotFixtures.writeMixed(tmp.resolve("first"), 5000, 1);
    Path second = SnapshotFixtures.writeMixed(tmp.resolve("second"), 7000, 2);
    store().put("k", first, ProgressListener.NONE);

    // when
    store().put("k", second, ProgressListener.NONE);
    store().get("k", tmp.resolve("back"));

    // then
    assertThat(tmp.resolve("back")).hasSameBinaryContentAs(second);
    assertThat(store().list("k")).extracting(StoreObject::size).containsExactly(7000L);
  }

  @Test
  void shouldReadRangesWhenOffsetAndLengthGiven() throws IOException {
    // given
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("ranged.bin"), 1_000_000, 13);
    byte[] bytes = Files.readAllBytes(file);
    store().put("ranged.bin", file, ProgressListener.NONE);

    // when / then
    assertThat(readRange("ranged.bin", 0, 24)).isEqualTo(Arrays.copyOfRange(bytes, 0, 24));
    assertThat(readRange("ranged.bin", 500_000, 4096))
        .isEqualTo(Arrays.copyOfRange(bytes, 500_000, 504_096));
    assertThat(readRange("ranged.bin", 999_990, 100))
        .isEqualTo(Arrays.copyOfRange(bytes, 999_990, 1_000_000));
    assertThat(readRange("ranged.bin", 2_000_000, 10)).isEmpty();
  }

  @Test
  void shouldListKeysWithSizeAndTimeWhenFilteredByPrefix() throws IOException {
    // given
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("f"), 1234, 14);
    store().put("snapshots/a/1.chrsnap", file, ProgressListener.NONE);
    store().put("snapshots/a/2.chrsnap", file, ProgressListener.NONE);
    store().put("snapshots/b/1.chrsnap", file, ProgressListener.NONE);

    // when
    List<StoreObject> underA = store().list("snapshots/a/");
    List<StoreObject> all = store().list("");

    // then
    assertThat(underA)
        .extracting(StoreObject::key)
        .containsExactly("snapshots/a/1.chrsnap", "snapshots/a/2.chrsnap");
    assertThat(underA).allSatisfy(o -> assertThat(o.size()).isEqualTo(1234));
    assertThat(underA).allSatisfy(o -> assertThat(o.lastModified()).isNotNull());
    assertThat(all).extracting(StoreObject::key).contains("snapshots/b/1.chrsnap").hasSize(3);
    assertThat(store().list("nothing/")).isEmpty();
  }

  @Test
  void shouldDeleteKeyWhenPresentAndIgnoreWhenAbsent() throws IOException {
    // given
    Path file = SnapshotFixtures.writeMixed(tmp.resolve("f"), 100, 15);
    store().put("gone.bin", file, ProgressListener.NONE);

    // when
    store().delete("gone.bin");
    store().delete("gone.bin");

    // then
    assertThat(store().list("gone")).isEmpty();
    assertThatThrownBy(() -> store().get("gone.bin", tmp.resolve("x")))
        .isInstanceOf(StoreException.class);
    assertThat(file).exists();
  }

  @Test
  void shouldReportNotFoundWhenKeyIsMissing() {
    // when / then
    assertThatThrownBy(() -> store().get("missing/key", tmp.resolve("out")))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND);
              assertThat(e.code()).isEqualTo("CHR-3201");
            });
    assertThatThrownBy(() -> readRange("missing/key", 0, 24))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void shouldPassProbeWhenStoreIsWritable() {
    // when
    Duration took = store().probe();

    // then
    assertThat(took).isPositive();
    assertThat(store().list("")).isEmpty();
  }

  @Test
  void shouldReadManifestByRangedGetWhenArchiveIsUploaded() throws IOException {
    // given
    Path source = SnapshotFixtures.snapshotDir(tmp, 6 * 1024 * 1024);
    Path archive = tmp.resolve("7-4242.chrsnap");
    SnapshotManifest written =
        SnapshotArchive.writeDirectory(
            archive, SnapshotFixtures.partitionMetadata(), source, Compression.ZSTD);
    String key = "snapshots/group-orders-0/7-4242.chrsnap";
    store().put(key, archive, ProgressListener.NONE);
    CountingStore counting = new CountingStore(store());

    // when
    SnapshotManifest read = ArchiveHeads.readManifest(counting, key);
    store().get(key, tmp.resolve("downloaded.chrsnap"));

    // then
    assertThat(read).isEqualTo(written);
    assertThat(counting.bytesRead.get()).isLessThan(ArchiveHeads.FIRST_READ + 1);
    assertThat(SnapshotArchive.verify(tmp.resolve("downloaded.chrsnap")).problems()).isEmpty();
    SnapshotArchive.extract(tmp.resolve("downloaded.chrsnap"), tmp.resolve("restored"));
    assertThat(tmp.resolve("restored/00000000000000000000.log"))
        .hasSameBinaryContentAs(source.resolve("00000000000000000000.log"));
  }

  private byte[] readRange(String key, long offset, long length) throws IOException {
    try (InputStream in = store().openRange(key, offset, length)) {
      return in.readAllBytes();
    }
  }

  /** Counts the bytes ranged reads return; fails on a full download. */
  private static final class CountingStore implements SnapshotStore {
    private final SnapshotStore delegate;
    private final AtomicLong bytesRead = new AtomicLong();

    CountingStore(SnapshotStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public java.net.URI uri() {
      return delegate.uri();
    }

    @Override
    public void put(String key, Path file, ProgressListener progress) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void get(String key, Path target) {
      throw new AssertionError("reading a manifest must not download the archive");
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
      InputStream in = delegate.openRange(key, offset, length);
      return new java.io.FilterInputStream(in) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          bytesRead.addAndGet(Math.max(n, 0));
          return n;
        }
      };
    }

    @Override
    public List<StoreObject> list(String prefix) {
      return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
      delegate.delete(key);
    }

    @Override
    public Duration probe() {
      return delegate.probe();
    }
  }
}
