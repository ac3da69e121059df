package io.chronik.broker.snapshot;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the caller knows about a snapshot before it is written: whose it is and at which Raft
 * position. {@link SnapshotArchive#write} adds what only the writing learns (file sizes and
 * checksums, payload length and checksum) to form the {@link SnapshotManifest}.
 *
 * @param clusterId the cluster the snapshot belongs to; restore refuses another cluster's
 * @param groupId the Raft group id
 * @param kind meta or partition
 * @param topic the partition's topic; null for the metadata group
 * @param partition the partition number; null for the metadata group
 * @param term the Raft term of the last applied entry
 * @param index the Raft index of the last applied entry
 * @param nodeId the node that took the snapshot
 * @param createdAt when it was taken
 * @param properties free-form values such as the log end offset, kept in the manifest
 */
public record SnapshotMetadata(
    String clusterId,
    String groupId,
    SnapshotKind kind,
    String topic,
    Integer partition,
    long term,
    long index,
    int nodeId,
    Instant createdAt,
    Map<String, String> properties) {

  public SnapshotMetadata {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    if (kind == SnapshotKind.PARTITION && (topic == null || partition == null)) {
      throw new IllegalArgumentException("a partition snapshot needs a topic and a partition");
    }
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /** The metadata group's snapshot at (term, index). */
  public static SnapshotMetadata meta(
      String clusterId, String groupId, long term, long index, int nodeId, Instant createdAt) {
    return new SnapshotMetadata(
        clusterId,
        groupId,
        SnapshotKind.META,
        null,
        null,
        term,
        index,
        nodeId,
        createdAt,
        Map.of());
  }

  /** A partition group's snapshot at (term, index). */
  public static SnapshotMetadata partition(
      String clusterId,
      String groupId,
      String topic,
      int partition,
      long term,
      long index,
      int nodeId,
      Instant createdAt) {
    return new SnapshotMetadata(
        clusterId,
        groupId,
        SnapshotKind.PARTITION,
        topic,
        partition,
        term,
        index,
        nodeId,
        createdAt,
        Map.of());
  }

  /** A copy with these properties (for example {@code logEndOffset}). */
  public SnapshotMetadata withProperties(Map<String, String> newProperties) {
    return new SnapshotMetadata(
        clusterId, groupId, kind, topic, partition, term, index, nodeId, createdAt, newProperties);
  }
}
