package io.chronik.cli.snapshot;

import io.chronik.broker.ChronikException;
import io.chronik.broker.snapshot.SnapshotCatalog;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.broker.snapshot.store.SnapshotStore;
import io.chronik.broker.snapshot.store.SnapshotStores;
import io.chronik.broker.snapshot.store.StoreSettings;
import io.chronik.cli.Chronik;
import io.chronik.cli.OptionChecks;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The catalogs a snapshot command reads ({@code --data-dir}, {@code --store}), and the archives an
 * argument names: a file, a store URI, or an id {@code <group>@<index>} looked up in the catalogs.
 * Closing it closes every store it opened.
 */
final class Sources implements AutoCloseable {
  private final CommandSpec spec;
  private final Map<String, String> env;
  private final List<SnapshotCatalog> catalogs = new ArrayList<>();
  private final List<SnapshotStore> stores = new ArrayList<>();

  private Sources(CommandSpec spec) {
    this.spec = spec;
    this.env = Chronik.environment(spec).variables();
  }

  /** Opens the sources the options name; none when neither option was given. */
  static Sources open(CommandSpec spec, SourceOptions options) {
    Sources sources = new Sources(spec);
    try {
      if (options.clusterId != null && options.store == null) {
        throw OptionChecks.invalid(
            spec, "--cluster-id", "it selects archives in --store: add --store");
      }
      if (options.clusterId != null
          && (options.clusterId.isBlank() || options.clusterId.contains("/"))) {
        throw OptionChecks.invalid(
            spec, "--cluster-id", "'" + options.clusterId + "' is not a cluster id");
      }
      if (options.dataDir != null) {
        if (!Files.isDirectory(options.dataDir)) {
          throw OptionChecks.invalid(
              spec, "--data-dir", options.dataDir + " is not a directory (a node's data dir)");
        }
        sources.catalogs.add(SnapshotCatalog.ofDataDir(options.dataDir));
      }
      if (options.store != null) {
        SnapshotStore store = sources.openStore(SnapshotStores.parseUri(options.store));
        sources.catalogs.add(SnapshotCatalog.ofStore(store, options.clusterId));
      }
      return sources;
    } catch (RuntimeException e) {
      sources.close();
      throw e;
    }
  }

  /** The catalogs: the data dir's first, then the store's. */
  List<SnapshotCatalog> catalogs() {
    return catalogs;
  }

  boolean isEmpty() {
    return catalogs.isEmpty();
  }

  /** Every archive of every catalog. */
  List<Archive> all() {
    List<Archive> archives = new ArrayList<>();
    for (SnapshotCatalog catalog : catalogs) {
      catalog.list().forEach(e -> archives.add(Archive.of(catalog, e)));
    }
    return archives;
  }

  /**
   * The archives {@code argument} names: an existing file; a URI ({@code file:///...} or a store
   * object {@code s3://bucket/prefix/<cluster>/<group>/<file>}); or an id {@code <group>@<index>}
   * in the catalogs (every copy: local and store, every node and cluster).
   */
  List<Archive> resolve(String argument) {
    if (argument.contains("://")) {
      URI uri = SnapshotStores.parseUri(argument);
      if ("file".equalsIgnoreCase(uri.getScheme())) {
        return List.of(file(Path.of(uri)));
      }
      return List.of(storeObject(uri));
    }
    Path path = Path.of(argument);
    if (Files.exists(path) || argument.contains("/") || argument.endsWith(".chrsnap")) {
      return List.of(file(path));
    }
    if (!argument.contains("@")) {
      throw notFound(
          "'" + argument + "' is neither a file, a store URI nor a snapshot id (GROUP@INDEX)");
    }
    if (catalogs.isEmpty()) {
      throw OptionChecks.invalid(
          spec,
          "--data-dir",
          "a snapshot id ("
              + argument
              + ") is looked up in --data-dir DIR or --store URI: add one");
    }
    List<Archive> found = new ArrayList<>();
    for (SnapshotCatalog catalog : catalogs) {
      catalog.find(argument).forEach(e -> found.add(Archive.of(catalog, e)));
    }
    if (found.isEmpty()) {
      throw notFound(
          "no snapshot "
              + argument
              + " in "
              + String.join(" or ", catalogs.stream().map(SnapshotCatalog::describe).toList()));
    }
    return found;
  }

  private Archive file(Path path) {
    if (!Files.isRegularFile(path)) {
      throw notFound("no archive file " + path);
    }
    return Archive.ofFile(path.toAbsolutePath().normalize());
  }

  /** A URI naming one object: the store is everything before {@code <cluster>/<group>/<file>}. */
  private Archive storeObject(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String[] parts = path.split("/");
    Optional<SnapshotName> name = SnapshotName.parse(path);
    if (parts.length < 3 || name.isEmpty() || parts[parts.length - 3].isEmpty()) {
      throw new ChronikException(
          "CHR-3205",
          ChronikException.Kind.USAGE,
          uri + " does not name an archive",
          "a store object is STORE_URI/<cluster-id>/<group>/<index>-<term>-n<node>.chrsnap;"
              + " 'chronik snapshot list --store STORE_URI' lists them");
    }
    String key = String.join("/", List.of(parts).subList(parts.length - 3, parts.length));
    String prefix = path.substring(0, path.length() - key.length());
    URI storeUri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + prefix);
    SnapshotCatalog catalog = SnapshotCatalog.ofStore(openStore(storeUri), null);
    SnapshotCatalog.Entry entry =
        catalog.entry(key).orElseThrow(() -> notFound("no archive " + uri + " in the store"));
    return Archive.of(catalog, entry);
  }

  private SnapshotStore openStore(URI uri) {
    SnapshotStore store = SnapshotStores.open(uri, StoreSettings.settingsFromEnvironment(env));
    stores.add(store);
    return store;
  }

  static ChronikException notFound(String message) {
    return new ChronikException(
        SnapshotCatalog.NOT_FOUND,
        ChronikException.Kind.RUNTIME,
        message,
        "'chronik snapshot list --data-dir DIR' or '--store URI' lists the archives");
  }

  @Override
  public void close() {
    for (SnapshotStore store : stores) {
      store.close();
    }
    stores.clear();
  }
}
