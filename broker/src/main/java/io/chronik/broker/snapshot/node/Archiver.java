package io.chronik.broker.snapshot.node;

import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotMetadata;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.broker.snapshot.node.SnapshotService.GroupName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a node's snapshot archives to {@code <data-dir>/snapshots/<group>/}, on its own thread,
 * and keeps {@code retention-count} of them per group. It holds the archive invariants of {@link
 * SnapshotService}: an archive is written whole or not at all, retention never deletes a group's
 * newest archive, and the caller's thread only hard-links the snapshot's files into staging (with
 * their subdirectories: a group of several partitions has one per partition).
 */
final class Archiver implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Archiver.class);
  private static final String STAGING = ".staging";
  private static final String META_FILE = "metadata.json";

  /** What happens once an archive is on disk (the upload), on the archiver thread. */
  interface Written {
    void archived(SnapshotName name, String groupKey, Path file, GroupState state);
  }

  private final Path dataDir;
  private final int nodeId;
  private final Supplier<String> clusterId;
  private final SnapshotSettings settings;
  private final RaftNode raft;
  private final SnapshotMetrics metrics;
  private final Written then;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(SnapshotService.daemonThreads("chronik-snapshot-archiver"));
  private final Map<String, CompletableFuture<Path>> pending = new ConcurrentHashMap<>();

  Archiver(
      Path dataDir,
      int nodeId,
      Supplier<String> clusterId,
      SnapshotSettings settings,
      RaftNode raft,
      SnapshotMetrics metrics,
      Written then) {
    this.dataDir = dataDir;
    this.nodeId = nodeId;
    this.clusterId = clusterId;
    this.settings = settings;
    this.raft = raft;
    this.metrics = metrics;
    this.then = then;
  }

  /** Takes each group's last snapshot (index, term, time, size) from its newest local archive. */
  void recoverFromLocalArchives() {
    Path root = dataDir.resolve(SnapshotName.LOCAL_DIR);
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String group = dir.getFileName().toString();
        if (group.equals(STAGING)) {
          continue;
        }
        for (Path newest : localArchives(group)) {
          try {
            SnapshotMetadata m = SnapshotArchive.readManifest(newest).metadata();
            GroupState state = metrics.state(group, m.groupId());
            state.lastIndex = m.index();
            state.lastTerm = m.term();
            state.lastAt = m.createdAt();
            state.sizeBytes = Files.size(newest);
            break;
          } catch (IOException | RuntimeException e) {
            LOGGER.warn(
                "[{}] cannot read the head of archive {}, trying an older one: {}",
                group,
                newest.getFileName(),
                e.toString());
          }
        }
      }
    } catch (IOException e) {
      LOGGER.warn("cannot list the snapshot archives in {}: {}", root, e.toString());
    }
  }

  /** Whether a log-threshold snapshot should be archived: the last archive is old enough. */
  boolean archiveDue(GroupState state, String group) {
    Instant last = state.lastArchivedAt;
    if (last == null) {
      try {
        List<Path> archives = localArchives(group);
        if (!archives.isEmpty()) {
          last = Files.getLastModifiedTime(archives.get(0)).toInstant();
          state.lastArchivedAt = last;
        }
      } catch (IOException e) {
        LOGGER.debug("[{}] cannot list local archives: {}", group, e.toString());
      }
    }
    return last == null
        || Duration.between(last, Instant.now()).toSeconds() >= settings.timeThresholdSecs();
  }

  /**
   * Stages the snapshot at {@code source} (hard links, on the caller's thread) and writes its
   * archive on the archiver thread; the future completes with the archive's path.
   */
  CompletableFuture<Path> archiveLater(
      GroupName name, String groupKey, long term, long index, Path source) throws IOException {
    String id = name.group() + "@" + index;
    Path staging = stage(source, id);
    CompletableFuture<Path> done = pending.computeIfAbsent(id, k -> new CompletableFuture<>());
    executor.execute(() -> archive(name, groupKey, term, index, staging, done));
    return done;
  }

  /** The local archive of a snapshot: written already, being written, or written now. */
  Path archiveOf(String key, GroupName name, long term, long index) throws IOException {
    SnapshotName sn = new SnapshotName(name.group(), index, term, nodeId);
    Path target = dataDir.resolve(sn.localPath());
    CompletableFuture<Path> running = pending.get(name.group() + "@" + index);
    if (running != null) {
      return running.orTimeout(SnapshotService.WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }
    if (Files.exists(target)) {
      return target;
    }
    Path source =
        raft.snapshotPath(key, term, index)
            .orElseThrow(() -> new IOException("group " + key + " is not on this node"));
    return archiveLater(name, key, term, index, source)
        .orTimeout(SnapshotService.WAIT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  /** A group's local archives, newest first. */
  List<Path> localArchives(String group) throws IOException {
    Path dir = dataDir.resolve(SnapshotName.LOCAL_DIR).resolve(group);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> SnapshotName.parse(group + "/" + p.getFileName()).isPresent())
          .sorted(
              Comparator.comparing(
                      (Path p) -> SnapshotName.parse(group + "/" + p.getFileName()).orElseThrow())
                  .reversed())
          .toList();
    }
  }

  private Path stage(Path source, String id) throws IOException {
    Path staging = dataDir.resolve(SnapshotName.LOCAL_DIR).resolve(STAGING).resolve(id);
    deleteTree(staging);
    Files.createDirectories(staging);
    if (Files.isDirectory(source)) {
      // a group of several partitions keeps a directory per partition: keep the tree
      try (Stream<Path> files = Files.walk(source)) {
        for (Path f : files.toList()) {
          String n = f.getFileName().toString();
          if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
              && !n.endsWith(".md5")
              && !n.endsWith(".tmp")) {
            Path link = staging.resolve(source.relativize(f).toString());
            Files.createDirectories(link.getParent());
            Files.createLink(link, f);
          }
        }
      }
    } else {
      Files.createLink(staging.resolve(META_FILE), source);
    }
    return staging;
  }

  /**
   * The metadata with the partition's log end offset ({@code logEndOffset}, which {@code snapshot
   * inspect} and {@code restore} show) when the group carries one partition; a group of several
   * keeps one per partition directory and the metadata group none.
   */
  private static SnapshotMetadata withLogEnd(
      SnapshotMetadata metadata, GroupName name, Path staging) throws IOException {
    if (name.partitions().size() != 1
        || !Files.isRegularFile(staging.resolve(PartitionReplica.STATE_FILE))) {
      return metadata;
    }
    long end = PartitionReplica.readSnapshot(staging).checkpoint().logEndOffset();
    return metadata.withProperties(Map.of("logEndOffset", Long.toString(end)));
  }

  // ---- archiver thread

  private void archive(
      GroupName name,
      String groupKey,
      long term,
      long index,
      Path staging,
      CompletableFuture<Path> done) {
    String id = name.group() + "@" + index;
    try {
      SnapshotName sn = new SnapshotName(name.group(), index, term, nodeId);
      Path target = dataDir.resolve(sn.localPath());
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        Instant now = Instant.now();
        SnapshotMetadata metadata =
            name.topic() == null
                ? SnapshotMetadata.meta(clusterId.get(), groupKey, term, index, nodeId, now)
                : SnapshotMetadata.group(
                    clusterId.get(),
                    groupKey,
                    name.topic(),
                    name.partitions(),
                    term,
                    index,
                    nodeId,
                    now);
        SnapshotArchive.writeDirectory(
            target, withLogEnd(metadata, name, staging), staging, settings.compression());
        LOGGER.info("[{}] archive {} written ({} bytes)", id, target, Files.size(target));
      }
      GroupState state = metrics.state(name.group(), groupKey);
      state.sizeBytes = Files.size(target);
      state.lastArchivedAt = Instant.now();
      retainLocal(name.group());
      done.complete(target);
      then.archived(sn, groupKey, target, state);
    } catch (IOException | RuntimeException e) {
      LOGGER.warn("CHR-3301 [{}] cannot write the snapshot archive: {}", id, e.toString());
      done.completeExceptionally(e);
    } finally {
      pending.remove(id, done);
      try {
        deleteTree(staging);
      } catch (IOException e) {
        LOGGER.debug("cannot delete {}: {}", staging, e.toString());
      }
    }
  }

  private void retainLocal(String group) throws IOException {
    List<Path> archives = localArchives(group);
    for (Path old :
        archives.subList(Math.min(settings.retentionCount(), archives.size()), archives.size())) {
      Files.deleteIfExists(old);
      LOGGER.info("[{}] retention deleted archive {}", group, old.getFileName());
    }
  }

  /** Lets the archive being written finish (up to 30 s); no new one starts. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
