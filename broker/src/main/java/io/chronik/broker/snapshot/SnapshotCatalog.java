package io.chronik.broker.snapshot;

import io.chronik.broker.ChronikException;
import io.chronik.broker.IoFailures;
import io.chronik.broker.snapshot.store.ArchiveHeads;
import io.chronik.broker.snapshot.store.SnapshotStore;
import io.chronik.broker.snapshot.store.StoreObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The snapshot archives of one source: a node's data dir ({@code <data-dir>/snapshots/<group>/
 * <file>}) or a snapshot store ({@code <cluster-id>/<group>/<file>} keys), laid out as {@link
 * SnapshotName} says. It lists them by name alone, reads a manifest without touching the payload (a
 * ranged GET on a store), streams a whole archive for {@link SnapshotArchive#verify}, and deletes
 * one.
 *
 * <p>Files and keys that do not follow the layout (temporary files, the store's probe objects,
 * anything else) are not archives and are never listed, so never deleted.
 */
public final class SnapshotCatalog {
  /** No such data dir, archive or snapshot id. */
  public static final String NOT_FOUND = "CHR-7101";

  /** A local archive or the snapshots directory cannot be read, listed or deleted. */
  public static final String CANNOT_ACCESS = "CHR-7102";

  private static final int BUFFER = 256 * 1024;

  /** Where an archive was found. */
  public enum Where {
    /** Under a node's data dir. */
    LOCAL,
    /** In a snapshot store. */
    STORE
  }

  /**
   * One archive, as listed.
   *
   * @param name group, index, term and node, parsed from the file name
   * @param clusterId the cluster segment of the store key; null for a local archive (its manifest
   *     says it)
   * @param where local or store
   * @param location the absolute file path (local) or the key relative to the store's prefix
   * @param sizeBytes the archive's length
   * @param modifiedAt the file's or object's modification time
   */
  public record Entry(
      SnapshotName name,
      String clusterId,
      Where where,
      String location,
      long sizeBytes,
      Instant modifiedAt) {

    /** {@code <group>@<index>}. */
    public String shortId() {
      return name.shortId();
    }
  }

  private final Path dataDir;
  private final SnapshotStore store;
  private final String clusterId;

  private SnapshotCatalog(Path dataDir, SnapshotStore store, String clusterId) {
    this.dataDir = dataDir;
    this.store = store;
    this.clusterId = clusterId;
  }

  /** The archives under {@code <dataDir>/snapshots}. */
  public static SnapshotCatalog ofDataDir(Path dataDir) {
    return new SnapshotCatalog(dataDir.toAbsolutePath().normalize(), null, null);
  }

  /**
   * The archives in {@code store}.
   *
   * @param clusterId only this cluster's archives; null for every cluster's
   */
  public static SnapshotCatalog ofStore(SnapshotStore store, String clusterId) {
    if (clusterId != null && (clusterId.isEmpty() || clusterId.contains("/"))) {
      throw new IllegalArgumentException("bad cluster id: " + clusterId);
    }
    return new SnapshotCatalog(null, Objects.requireNonNull(store, "store"), clusterId);
  }

  public Where where() {
    return store == null ? Where.LOCAL : Where.STORE;
  }

  /** The data dir, or the store URI: what the operator named. */
  public String describe() {
    return store == null ? dataDir.toString() : store.uri().toString();
  }

  /**
   * Every archive, ordered by cluster, group, then oldest first within a group.
   *
   * @throws ChronikException (runtime) when the data dir has no snapshots directory; StoreException
   *     when the store fails
   */
  public List<Entry> list() {
    List<Entry> entries = store == null ? listLocal() : listStore();
    entries.sort(
        Comparator.comparing((Entry e) -> Objects.requireNonNullElse(e.clusterId(), ""))
            .thenComparing(Entry::name));
    return entries;
  }

  /** The archives whose short id ({@code <group>@<index>}) is {@code shortId}. */
  public List<Entry> find(String shortId) {
    return list().stream().filter(e -> e.shortId().equals(shortId)).toList();
  }

  /** The archive at {@code location} (a store key, or a path under the data dir), if listed. */
  public Optional<Entry> entry(String location) {
    if (store == null) {
      Path path = Path.of(location).toAbsolutePath().normalize();
      return listLocal().stream().filter(e -> Path.of(e.location()).equals(path)).findFirst();
    }
    return store.list(location).stream()
        .filter(o -> o.key().equals(location))
        .findFirst()
        .flatMap(this::storeEntry);
  }

  /** The file path, or the store URI and key, for messages. */
  public String describe(Entry entry) {
    if (entry.where() == Where.LOCAL) {
      return entry.location();
    }
    String base = store.uri().toString();
    return (base.endsWith("/") ? base : base + "/") + entry.location();
  }

  /**
   * Reads the header and manifest only; on a store, one ranged GET (two for a long manifest).
   *
   * @throws SnapshotFormatException when the head is damaged
   */
  public SnapshotManifest readManifest(Entry entry) {
    if (entry.where() == Where.LOCAL) {
      try {
        return SnapshotArchive.readManifest(Path.of(entry.location()));
      } catch (IOException e) {
        throw unreadable(entry, e);
      }
    }
    return ArchiveHeads.readManifest(store, entry.location());
  }

  /** The whole archive as a stream; the caller closes it. */
  public InputStream open(Entry entry) {
    if (entry.where() == Where.LOCAL) {
      try {
        return new BufferedInputStream(Files.newInputStream(Path.of(entry.location())), BUFFER);
      } catch (IOException e) {
        throw unreadable(entry, e);
      }
    }
    return new BufferedInputStream(
        store.openRange(entry.location(), 0, Math.max(entry.sizeBytes(), 1)), BUFFER);
  }

  /** Recomputes every checksum of the archive (reads it whole; downloads it from a store). */
  public VerifyResult verify(Entry entry) {
    try (InputStream in = open(entry)) {
      return SnapshotArchive.verify(in);
    } catch (IOException e) {
      throw unreadable(entry, e);
    } catch (UncheckedIOException e) {
      throw unreadable(entry, e.getCause());
    }
  }

  /** Deletes the archive; one already gone is not an error. */
  public void delete(Entry entry) {
    if (entry.where() == Where.LOCAL) {
      try {
        Files.deleteIfExists(Path.of(entry.location()));
      } catch (IOException e) {
        throw new ChronikException(
            CANNOT_ACCESS,
            ChronikException.Kind.RUNTIME,
            "cannot delete " + entry.location() + ": " + e,
            "check the permissions of the data dir");
      }
    } else {
      store.delete(entry.location());
    }
  }

  private List<Entry> listLocal() {
    Path root = dataDir.resolve(SnapshotName.LOCAL_DIR);
    if (!Files.isDirectory(root)) {
      if (!Files.isDirectory(dataDir)) {
        throw new ChronikException(
            NOT_FOUND,
            ChronikException.Kind.RUNTIME,
            "data dir " + dataDir + " does not exist",
            "point --data-dir at a node's data dir");
      }
      // a node that has not taken a snapshot yet
      return new ArrayList<>();
    }
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root, 2)) {
      for (Path path : walk.filter(p -> root.relativize(p).getNameCount() == 2).toList()) {
        Optional<SnapshotName> name = SnapshotName.parse(root.relativize(path).toString());
        if (name.isEmpty()) {
          continue;
        }
        try {
          BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
          if (attrs.isRegularFile()) {
            entries.add(
                new Entry(
                    name.get(),
                    null,
                    Where.LOCAL,
                    path.toString(),
                    attrs.size(),
                    attrs.lastModifiedTime().toInstant()));
          }
        } catch (NoSuchFileException gone) {
          // deleted by the node's retention while listing
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ChronikException(
          CANNOT_ACCESS,
          ChronikException.Kind.RUNTIME,
          "cannot list " + root + ": " + e,
          "check the path and its permissions");
    }
    return entries;
  }

  private List<Entry> listStore() {
    List<Entry> entries = new ArrayList<>();
    for (StoreObject o : store.list(clusterId == null ? "" : clusterId + "/")) {
      storeEntry(o).ifPresent(entries::add);
    }
    return entries;
  }

  /** An entry for a key {@code <cluster-id>/<group>/<file>}; empty for any other key. */
  private Optional<Entry> storeEntry(StoreObject o) {
    String[] parts = o.key().split("/");
    if (parts.length != 3 || parts[0].isEmpty() || parts[0].startsWith(".")) {
      return Optional.empty();
    }
    if (clusterId != null && !clusterId.equals(parts[0])) {
      return Optional.empty();
    }
    return SnapshotName.parse(o.key())
        .map(n -> new Entry(n, parts[0], Where.STORE, o.key(), o.size(), o.lastModified()));
  }

  private static ChronikException unreadable(Entry entry, IOException e) {
    return new ChronikException(
        CANNOT_ACCESS,
        ChronikException.Kind.RUNTIME,
        "cannot read " + entry.location() + ": " + IoFailures.describe(e),
        "check the path and its permissions");
  }
}
