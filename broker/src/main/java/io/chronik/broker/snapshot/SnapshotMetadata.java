package io.chronik.broker.snapshot;

import java.time.Instant;
import java.util.List;
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
 * @param partition the partition number (the first, for a group of several partitions); null for
 *     the metadata group
 * @param term the Raft term of the last applied entry
 * @param index the Raft index of the last applied entry
 * @param nodeId the node that took the snapshot
 * @param createdAt when it was taken
 * @param properties free-form values such as the log end offset, kept in the manifest
 * @param partitions the partitions the group carries, ascending: {@code [partition]} for a group of
 *     one partition, several for a shared group (whose archive holds a directory per partition),
 *     empty for the metadata group; null means {@code [partition]} (or empty for meta)
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
    Map<String, String> properties,
    List<Integer> partitions) {

  public SnapshotMetadata {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    if (kind == SnapshotKind.PARTITION && (topic == null || partition == null)) {
      throw new IllegalArgumentException("a partition snapshot needs a topic and a partition");
    }
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    partitions = partitionsOf(kind, partition, partitions);
  }

  /** Without a partition list: {@code [partition]}, or none for the metadata group. */
  public SnapshotMetadata(
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
    this(
        clusterId,
        groupId,
        kind,
        topic,
        partition,
        term,
        index,
        nodeId,
        createdAt,
        properties,
        null);
  }

  /**
   * The checked partition list of a snapshot: ascending, distinct, not negative, starting with
   * {@code partition}; {@code [partition]} when absent (archives written before groups could carry
   * several partitions), empty for the metadata group.
   */
  static List<Integer> partitionsOf(SnapshotKind kind, Integer partition, List<Integer> given) {
    if (kind != SnapshotKind.PARTITION) {
      if (given != null && !given.isEmpty()) {
        throw new IllegalArgumentException("a metadata snapshot carries no partition");
      }
      return List.of();
    }
    if (given == null || given.isEmpty()) {
      return partition == null ? List.of() : List.of(partition);
    }
    List<Integer> list = List.copyOf(given);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) < 0 || (i > 0 && list.get(i) <= list.get(i - 1))) {
        throw new IllegalArgumentException(
            "the partitions of a snapshot must be ascending and distinct: " + list);
      }
    }
    if (!list.get(0).equals(partition)) {
      throw new IllegalArgumentException(
          "the snapshot's partition " + partition + " is not the first of " + list);
    }
    return list;
  }

  /** Whether the group carries several partitions (a directory per partition in the archive). */
  public boolean shared() {
    return partitions.size() > 1;
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

  /**
   * The snapshot of a group carrying {@code partitions} (ascending) of {@code topic} at (term,
   * index): one partition, or several that share the group.
   */
  public static SnapshotMetadata group(
      String clusterId,
      String groupId,
      String topic,
      List<Integer> partitions,
      long term,
      long index,
      int nodeId,
      Instant createdAt) {
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("a partition group snapshot needs a partition");
    }
    return new SnapshotMetadata(
        clusterId,
        groupId,
        SnapshotKind.PARTITION,
        topic,
        partitions.get(0),
        term,
        index,
        nodeId,
        createdAt,
        Map.of(),
        partitions);
  }

  /** A copy with these properties (for example {@code logEndOffset}). */
  public SnapshotMetadata withProperties(Map<String, String> newProperties) {
    return new SnapshotMetadata(
        clusterId,
        groupId,
        kind,
        topic,
        partition,
        term,
        index,
        nodeId,
        createdAt,
        newProperties,
        partitions);
  }
}
