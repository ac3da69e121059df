package io.chronik.diagnostics.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A node's {@code GET /v1/snapshots}: its snapshot settings, its snapshot store's upload state, and
 * each Raft group's latest snapshot with its archives. Fields a node leaves out are null.
 *
 * @param nodeId the node id
 * @param clusterId the cluster id
 * @param settings the effective snapshot settings
 * @param store the store's upload state
 * @param groups every group the node hosts
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotsInfo(
    int nodeId, String clusterId, Settings settings, Store store, List<Group> groups) {

  public SnapshotsInfo {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /**
   * The node's snapshot settings.
   *
   * @param enabled whether the node takes snapshots
   * @param logThreshold log entries that trigger a snapshot
   * @param timeThresholdSecs seconds after which a group with new entries gets a snapshot
   * @param compression none, gzip, zstd or lz4
   * @param retentionCount archives kept per group
   * @param store the store URI, null when none is configured
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Settings(
      Boolean enabled,
      Long logThreshold,
      Long timeThresholdSecs,
      String compression,
      Integer retentionCount,
      String store) {}

  /**
   * The store's upload state.
   *
   * @param uri the store URI, null when none is configured
   * @param lastUploadAt ISO-8601 time of the last successful upload, or null
   * @param lastUploadError the last upload's error, or null
   * @param uploadFailures failed upload attempts since the node started
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Store(
      String uri, String lastUploadAt, String lastUploadError, Long uploadFailures) {}

  /**
   * One Raft group's snapshot state on this node.
   *
   * @param groupId the Raft group id
   * @param group {@code meta}, {@code <topic>-<partition>}, or {@code <topic>-<first>..<last>} for
   *     a group carrying several partitions
   * @param role the node's role in the group
   * @param appliedIndex the last applied index
   * @param lastSnapshotIndex the latest snapshot's index, -1 when none
   * @param lastSnapshotTerm the latest snapshot's term
   * @param lastSnapshotAt ISO-8601 time of the latest snapshot, null when none
   * @param entriesSinceSnapshot applied entries after the latest snapshot
   * @param archives the group's archives on this node
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Group(
      String groupId,
      String group,
      String role,
      long appliedIndex,
      long lastSnapshotIndex,
      long lastSnapshotTerm,
      String lastSnapshotAt,
      long entriesSinceSnapshot,
      List<Archive> archives) {

    public Group {
      archives = archives == null ? List.of() : List.copyOf(archives);
    }

    /** The group's name for findings: its name, else its id. */
    public String label() {
      return group != null ? group : groupId;
    }
  }

  /**
   * One archive of a group on the node.
   *
   * @param file the path under the data dir
   * @param index the Raft index
   * @param term the Raft term
   * @param sizeBytes its length
   * @param compression its compression
   * @param createdAt ISO-8601
   * @param uploaded whether it is in the store
   * @param storeKey its key in the store, or null
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Archive(
      String file,
      long index,
      long term,
      long sizeBytes,
      String compression,
      String createdAt,
      boolean uploaded,
      String storeKey) {}
}
