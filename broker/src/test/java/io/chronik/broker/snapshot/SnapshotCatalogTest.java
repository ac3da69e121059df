package io.chronik.broker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.ChronikException;
import io.chronik.broker.snapshot.store.SnapshotStore;
import io.chronik.broker.snapshot.store.SnapshotStores;
import io.chronik.broker.snapshot.store.StoreSettings;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCatalogTest {
  @TempDir Path tmp;

  /** Writes a small archive of {@code group} at (term, index) by node 1 of cluster {@code c}. */
  private Path archive(Path target, String cluster, String group, long term, long index)
      throws IOException {
    Path source = tmp.resolve("source-" + group + "-" + index);
    SnapshotFixtures.writeMixed(source.resolve("00000000000000000000.log"), 200_000, index);
    SnapshotMetadata metadata =
        group.equals("meta")
            ? SnapshotMetadata.meta(cluster, "g-meta", term, index, 1, Instant.now())
            : SnapshotMetadata.partition(
                cluster,
                "g-" + group,
                group.substring(0, group.lastIndexOf('-')),
                Integer.parseInt(group.substring(group.lastIndexOf('-') + 1)),
                term,
                index,
                1,
                Instant.now());
    Files.createDirectories(target.getParent());
    SnapshotArchive.writeDirectory(target, metadata, source, Compression.ZSTD);
    return target;
  }

  private Path local(Path dataDir, String group, long term, long index) throws IOException {
    return archive(
        dataDir.resolve(new SnapshotName(group, index, term, 1).localPath()),
        "c1",
        group,
        term,
        index);
  }

  @Test
  void shouldListLocalArchivesByGroupOldestFirstWhenDataDirHoldsThem() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    local(dataDir, "orders-0", 2, 200);
    local(dataDir, "orders-0", 1, 100);
    local(dataDir, "meta", 1, 50);
    Files.writeString(dataDir.resolve("snapshots/orders-0/.tmp-123.chrsnap"), "partial");
    Files.writeString(dataDir.resolve("snapshots/orders-0/notes.txt"), "not an archive");

    // when
    List<SnapshotCatalog.Entry> entries = SnapshotCatalog.ofDataDir(dataDir).list();

    // then
    assertThat(entries)
        .extracting(SnapshotCatalog.Entry::shortId)
        .containsExactly("meta@50", "orders-0@100", "orders-0@200");
    assertThat(entries).allMatch(e -> e.where() == SnapshotCatalog.Where.LOCAL);
    assertThat(entries.get(1).sizeBytes())
        .isEqualTo(Files.size(Path.of(entries.get(1).location())));
    assertThat(entries.get(1).clusterId()).isNull();
  }

  @Test
  void shouldListNothingWhenNodeHasNoSnapshotsYet() throws IOException {
    // given
    Path dataDir = Files.createDirectories(tmp.resolve("fresh"));

    // when / then
    assertThat(SnapshotCatalog.ofDataDir(dataDir).list()).isEmpty();
  }

  @Test
  void shouldFailWhenDataDirIsMissing() {
    // when / then
    assertThatThrownBy(() -> SnapshotCatalog.ofDataDir(tmp.resolve("nope")).list())
        .isInstanceOf(ChronikException.class)
        .hasMessageContaining("does not exist")
        .extracting(e -> ((ChronikException) e).code())
        .isEqualTo(SnapshotCatalog.NOT_FOUND);
  }

  @Test
  void shouldListOneOrEveryClusterWhenStoreHoldsSeveral() throws IOException {
    // given
    Path root = tmp.resolve("store");
    for (String cluster : List.of("c1", "c2")) {
      archive(
          root.resolve(new SnapshotName("orders-0", 100, 1, 1).storeKey(cluster)),
          cluster,
          "orders-0",
          1,
          100);
    }
    Files.createDirectories(root.resolve(".chronik-probe"));
    Files.writeString(root.resolve(".chronik-probe/x"), "probe");
    Files.writeString(root.resolve("c1/README"), "not an archive");

    try (SnapshotStore store = open(root)) {
      // when
      List<SnapshotCatalog.Entry> all = SnapshotCatalog.ofStore(store, null).list();
      List<SnapshotCatalog.Entry> c2 = SnapshotCatalog.ofStore(store, "c2").list();

      // then
      assertThat(all)
          .extracting(SnapshotCatalog.Entry::clusterId, SnapshotCatalog.Entry::location)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "c1", "c1/orders-0/00000000000000000100-1-n1.chrsnap"),
              org.assertj.core.groups.Tuple.tuple(
                  "c2", "c2/orders-0/00000000000000000100-1-n1.chrsnap"));
      assertThat(c2).singleElement().extracting(SnapshotCatalog.Entry::clusterId).isEqualTo("c2");
    }
  }

  @Test
  void shouldReadManifestAndVerifyWhenArchiveIsInStore() throws IOException {
    // given
    Path root = tmp.resolve("store");
    archive(
        root.resolve(new SnapshotName("orders-3", 300, 4, 1).storeKey("c1")),
        "c1",
        "orders-3",
        4,
        300);

    try (SnapshotStore store = open(root)) {
      SnapshotCatalog catalog = SnapshotCatalog.ofStore(store, "c1");
      SnapshotCatalog.Entry entry = catalog.find("orders-3@300").get(0);

      // when
      SnapshotManifest manifest = catalog.readManifest(entry);
      VerifyResult result = catalog.verify(entry);

      // then
      assertThat(manifest.topic()).isEqualTo("orders");
      assertThat(manifest.partition()).isEqualTo(3);
      assertThat(manifest.index()).isEqualTo(300);
      assertThat(result.ok()).isTrue();
      assertThat(result.bytesRead()).isEqualTo(entry.sizeBytes());
      assertThat(catalog.describe(entry))
          .endsWith("/c1/orders-3/00000000000000000300-4-n1.chrsnap");
    }
  }

  @Test
  void shouldNameDamageWhenLocalArchiveHasFlippedByte() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    Path file = local(dataDir, "orders-0", 1, 100);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long at = raf.length() - 10;
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0x40);
    }
    SnapshotCatalog catalog = SnapshotCatalog.ofDataDir(dataDir);

    // when
    VerifyResult result = catalog.verify(catalog.list().get(0));

    // then
    assertThat(result.ok()).isFalse();
    assertThat(result.problems().get(0).error()).isEqualTo(SnapshotError.PAYLOAD_CORRUPT);
  }

  @Test
  void shouldDeleteArchiveWhenAsked() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    local(dataDir, "orders-0", 1, 100);
    local(dataDir, "orders-0", 1, 200);
    SnapshotCatalog catalog = SnapshotCatalog.ofDataDir(dataDir);

    // when
    catalog.delete(catalog.find("orders-0@100").get(0));

    // then
    assertThat(catalog.list())
        .extracting(SnapshotCatalog.Entry::shortId)
        .containsExactly("orders-0@200");
  }

  private static SnapshotStore open(Path root) {
    return SnapshotStores.open(root.toUri(), StoreSettings.defaults());
  }
}
