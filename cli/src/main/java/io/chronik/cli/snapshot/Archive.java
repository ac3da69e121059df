package io.chronik.cli.snapshot;

import io.chronik.broker.ChronikException;
import io.chronik.broker.IoFailures;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotCatalog;
import io.chronik.broker.snapshot.SnapshotManifest;
import io.chronik.broker.snapshot.SnapshotName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One archive a command works on: listed in a catalog (a data dir or a store), or a file named on
 * the command line.
 *
 * @param catalog the catalog it was listed in; null for a file named on the command line
 * @param entry its catalog entry; null for a file named on the command line
 * @param file the file named on the command line; null otherwise
 */
record Archive(SnapshotCatalog catalog, SnapshotCatalog.Entry entry, Path file) {

  static Archive of(SnapshotCatalog catalog, SnapshotCatalog.Entry entry) {
    return new Archive(catalog, entry, null);
  }

  static Archive ofFile(Path file) {
    return new Archive(null, null, file);
  }

  /** {@code local}, {@code store} or {@code file}. */
  String where() {
    if (entry == null) {
      return "file";
    }
    return entry.where() == SnapshotCatalog.Where.LOCAL ? "local" : "store";
  }

  /** The file path or the store URI of the object. */
  String location() {
    return entry == null ? file.toString() : catalog.describe(entry);
  }

  /**
   * {@code <group>@<index>} from the name; for a file, from its name when it follows the layout.
   */
  String id() {
    if (entry != null) {
      return entry.shortId();
    }
    return SnapshotName.parse(file.toString()).map(SnapshotName::shortId).orElse(null);
  }

  /** The cluster of a store object's key; null otherwise. */
  String clusterId() {
    return entry == null ? null : entry.clusterId();
  }

  long sizeBytes() {
    if (entry != null) {
      return entry.sizeBytes();
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  Instant modifiedAt() {
    if (entry != null) {
      return entry.modifiedAt();
    }
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The manifest, reading only the head (a ranged GET on a store). */
  SnapshotManifest manifest() {
    if (entry != null) {
      return catalog.readManifest(entry);
    }
    try {
      return SnapshotArchive.readManifest(file);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The whole archive; the caller closes it. */
  InputStream open() {
    if (entry != null) {
      return catalog.open(entry);
    }
    try {
      return new BufferedInputStream(Files.newInputStream(file), 256 * 1024);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private ChronikException unreadable(IOException e) {
    return new ChronikException(
        SnapshotCatalog.CANNOT_ACCESS,
        ChronikException.Kind.RUNTIME,
        "cannot read " + location() + ": " + IoFailures.describe(e),
        "check the path and its permissions");
  }
}
