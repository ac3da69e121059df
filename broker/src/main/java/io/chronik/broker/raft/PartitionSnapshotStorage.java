package io.chronik.broker.raft;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots of a partition group: one directory per snapshot, {@code
 * sm/snapshot.<term>_<index>/}, holding hard links to the partition's closed segments, the leader
 * epochs and a state file. Ratis sends exactly these files to a follower that needs an
 * InstallSnapshot (paths relative to {@code sm/}), and replaces the follower's {@code sm/} with
 * them.
 *
 * <p>A snapshot directory is written under a temporary name and renamed when complete, so a
 * directory with the final name is always whole. The newest complete one is the latest snapshot.
 */
final class PartitionSnapshotStorage implements StateMachineStorage {
  private static final Logger LOGGER = LoggerFactory.getLogger(PartitionSnapshotStorage.class);
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
  private static final String TEMP_PREFIX = "writing.";

  private volatile File dir;
  private volatile FileListSnapshotInfo latest;

  @Override
  public void init(RaftStorage storage) throws IOException {
    dir = storage.getStorageDir().getStateMachineDir();
    Files.createDirectories(dir.toPath());
    reload();
  }

  /** Rescans the directory (after start, or after Ratis installed a snapshot into it). */
  FileListSnapshotInfo reload() throws IOException {
    latest = findLatest().map(this::info).orElse(null);
    return latest;
  }

  /** The directory of the latest snapshot, if any. */
  Optional<Path> latestDir() {
    FileListSnapshotInfo l = latest;
    return l == null ? Optional.empty() : Optional.of(dirOf(l.getTermIndex()));
  }

  Path dirOf(TermIndex ti) {
    return dir.toPath().resolve("snapshot." + ti.getTerm() + "_" + ti.getIndex());
  }

  /** A fresh temporary directory to write the snapshot at {@code ti} into. */
  Path beginWrite(TermIndex ti) throws IOException {
    Path temp = dir.toPath().resolve(TEMP_PREFIX + dirOf(ti).getFileName());
    deleteTree(temp);
    Files.createDirectories(temp);
    return temp;
  }

  /** Renames a completely written snapshot into place and makes it the latest one. */
  FileListSnapshotInfo commit(Path temp, TermIndex ti) throws IOException {
    Path target = dirOf(ti);
    deleteTree(target);
    Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    FileListSnapshotInfo info = info(target);
    latest = info;
    return info;
  }

  private Optional<Path> findLatest() throws IOException {
    try (Stream<Path> entries = Files.list(dir.toPath())) {
      return entries
          .filter(p -> termIndex(p).isPresent())
          .filter(io.chronik.broker.partition.GroupReplicas::isComplete)
          .max(Comparator.comparingLong(p -> termIndex(p).orElseThrow().getIndex()));
    }
  }

  private static Optional<TermIndex> termIndex(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    if (!m.matches() || !Files.isDirectory(p)) {
      return Optional.empty();
    }
    return Optional.of(TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
  }

  private FileListSnapshotInfo info(Path snapshotDir) {
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> entries = Files.walk(snapshotDir)) {
      for (Path f : entries.sorted().toList()) {
        String name = f.getFileName().toString();
        if (Files.isRegularFile(f) && !name.endsWith(".md5") && !name.endsWith(".tmp")) {
          files.add(new FileInfo(f.toAbsolutePath(), null));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FileListSnapshotInfo(files, termIndex(snapshotDir).orElseThrow());
  }

  @Override
  public FileListSnapshotInfo getLatestSnapshot() {
    return latest;
  }

  @Override
  public void format() {}

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = policy == null ? 2 : policy.getNumSnapshotsRetained();
    if (keep <= 0) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir.toPath())) {
      List<Path> all = entries.toList();
      List<Path> snapshots =
          all.stream()
              .filter(p -> termIndex(p).isPresent())
              .sorted(
                  Comparator.comparingLong((Path p) -> termIndex(p).orElseThrow().getIndex())
                      .reversed())
              .toList();
      for (Path old : snapshots.subList(Math.min(keep, snapshots.size()), snapshots.size())) {
        deleteTree(old);
        LOGGER.debug("deleted old snapshot {}", old);
      }
    }
  }

  @Override
  public File getSnapshotDir() {
    return dir;
  }

  static void deleteTree(Path root) throws IOException {
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
