package io.chronik.broker;

import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.snapshot.RestoreMarker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting a node on a data dir that {@code chronik snapshot restore} wrote: reads the restore
 * marker before Raft starts, and once the restored groups have formed and replayed, removes the
 * marker and has every group take a snapshot of its own.
 *
 * <p>A restored data dir has no {@code raft/}: the node forms fresh Raft groups (the metadata group
 * with --peers, the partition groups from the restored image) whose state machines start from the
 * restored data.
 *
 * <p>It logs under {@link Broker}'s logger: these lines belong to the node's start-up log.
 */
final class RestoreCompletion {
  private static final Logger LOGGER = LoggerFactory.getLogger(Broker.class);

  private RestoreCompletion() {}

  /**
   * The marker {@code chronik snapshot restore} left in {@code dataDir}, or null when there is
   * none.
   *
   * @throws ChronikException CHR-1001 when the marker cannot be read
   */
  static RestoreMarker readMarker(Path dataDir) {
    try {
      RestoreMarker marker = RestoreMarker.read(dataDir).orElse(null);
      if (marker != null) {
        LOGGER.info(
            "data dir {} was restored from snapshots of cluster {} ({} groups, {}); forming Raft"
                + " groups on the restored state",
            dataDir,
            marker.clusterId(),
            marker.groups().size(),
            marker.store());
      }
      return marker;
    } catch (IOException e) {
      throw new ChronikException(
          "CHR-1001",
          ChronikException.Kind.DATA,
          "cannot read " + dataDir.resolve(RestoreMarker.FILE) + ": " + e.getMessage(),
          "restore the data dir again with 'chronik snapshot restore --force'",
          e);
    }
  }

  /**
   * The restored groups have formed and replayed: the marker goes, and every group takes a snapshot
   * of its own (on {@code worker}, in the background), after which the restored base files are
   * deleted.
   */
  static void finish(Path dataDir, int nodeId, RaftNode raft, Executor worker) {
    try {
      Files.deleteIfExists(dataDir.resolve(RestoreMarker.FILE));
    } catch (IOException e) {
      LOGGER.warn("cannot delete {}: {}", dataDir.resolve(RestoreMarker.FILE), e.toString());
    }
    LOGGER.info("node {} formed its Raft groups on the restored data", nodeId);
    worker.execute(
        () -> {
          List<String> groups = new ArrayList<>(raft.localGroups());
          groups.add(0, "__meta");
          for (String group : groups) {
            try {
              raft.snapshotNow(group, 60_000);
            } catch (IOException | RuntimeException e) {
              LOGGER.warn("[{}] first snapshot after the restore failed: {}", group, e.toString());
            }
          }
        });
  }
}
