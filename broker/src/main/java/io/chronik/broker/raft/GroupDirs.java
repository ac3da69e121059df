package io.chronik.broker.raft;

import io.chronik.broker.MetaGroupIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a group's Raft storage lives under a node's Raft storage dir, read without a running server
 * (the server recovers every group dir it finds there at start).
 *
 * <p>Each group has one directory named by its group id. A partition group's id is its own; the
 * metadata group's id is per cluster and is the one name-based (version 3) group id under the dir,
 * so it is found by listing the dir. A dir with none (not created yet, or a node that waits to be
 * added) maps {@code __meta} to the legacy fixed id.
 */
final class GroupDirs {
  private GroupDirs() {}

  /**
   * The directory under the Raft storage dir that holds a group's storage.
   *
   * @param groupKey "__meta" or a partition group's id
   */
  static Path groupDir(Path raftDir, String groupKey) {
    if (!"__meta".equals(groupKey)) {
      return raftDir.resolve(groupKey);
    }
    // the metadata group's id is per cluster: it is the one name-based (version 3) group id here
    try (var dirs = Files.list(raftDir)) {
      Optional<Path> meta = dirs.filter(d -> isMetaDirName(d.getFileName().toString())).findFirst();
      if (meta.isPresent()) {
        return meta.get();
      }
    } catch (IOException e) {
      // no Raft dir yet
    }
    return raftDir.resolve(MetaGroupIds.LEGACY.toString());
  }

  /**
   * Whether a group directory holds Raft storage: a log segment or a snapshot under {@code
   * current/}. A missing directory, or one holding only the lock and Ratis' format files, holds
   * none: the group starts with an empty log and no snapshot.
   */
  static boolean hasStorage(Path groupDir) {
    Path current = groupDir.resolve("current");
    if (!Files.isDirectory(current)) {
      return false;
    }
    try (var files = Files.list(current)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith("log_") || isNonEmptyDir(f));
    } catch (IOException e) {
      // unreadable: Ratis reports it when it opens the group
      return true;
    }
  }

  private static boolean isNonEmptyDir(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var files = Files.list(dir)) {
      return files.findAny().isPresent();
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean isMetaDirName(String name) {
    try {
      return MetaGroupIds.isMetaGroupId(UUID.fromString(name));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
