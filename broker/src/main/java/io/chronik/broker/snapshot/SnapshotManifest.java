package io.chronik.broker.snapshot;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON manifest at the head of a snapshot archive: everything {@code inspect} shows and
 * everything {@code verify} checks against. It is readable without touching the payload.
 *
 * <p>Invariants of a manifest that {@link SnapshotArchive} accepts: file names are relative, use
 * {@code /}, hold no {@code .} or {@code ..} segment and are unique; files lie back to back in the
 * uncompressed stream ({@code files[i].offset} is the sum of the sizes before it) and {@code
 * uncompressedLength} is the sum of all sizes; {@code payloadChunkCrc32c} holds one CRC-32C per
 * {@code payloadChunkSize} bytes of the compressed payload (the last chunk may be shorter).
 *
 * <p>A group of several partitions ({@code partitions} has more than one) keeps each partition's
 * files under {@code <p>/} and lists the partitions in {@code group.state}; a group of one
 * partition keeps its files at the top, as before groups could carry several partitions. A manifest
 * written before then has no {@code partitions}: it reads as {@code [partition]}.
 *
 * @param formatVersion the archive format version (the header carries it too)
 * @param createdAt ISO-8601 instant
 * @param files the files in payload order
 * @param payloadLength compressed payload bytes
 * @param payloadCrc32c CRC-32C of the compressed payload bytes
 * @param payloadChunkSize the size of the payload chunks that {@code payloadChunkCrc32c} covers
 * @param payloadChunkCrc32c per-chunk CRC-32C of the compressed payload, to name a damaged range
 * @param uncompressedLength the sum of the file sizes
 * @param partitions the partitions the archive holds, ascending ({@link
 *     SnapshotMetadata#partitions})
 */
@JsonPropertyOrder({
  "formatVersion",
  "clusterId",
  "groupId",
  "kind",
  "topic",
  "partition",
  "partitions",
  "term",
  "index",
  "nodeId",
  "createdAt",
  "compression",
  "files",
  "uncompressedLength",
  "payloadLength",
  "payloadCrc32c",
  "payloadChunkSize",
  "payloadChunkCrc32c",
  "properties"
})
public record SnapshotManifest(
    int formatVersion,
    String clusterId,
    String groupId,
    SnapshotKind kind,
    String topic,
    Integer partition,
    long term,
    long index,
    int nodeId,
    String createdAt,
    Compression compression,
    List<FileEntry> files,
    long uncompressedLength,
    long payloadLength,
    long payloadCrc32c,
    long payloadChunkSize,
    List<Long> payloadChunkCrc32c,
    Map<String, String> properties,
    List<Integer> partitions) {

  public SnapshotManifest {
    partitions =
        kind == null ? List.of() : SnapshotMetadata.partitionsOf(kind, partition, partitions);
    files = files == null ? List.of() : List.copyOf(files);
    payloadChunkCrc32c = payloadChunkCrc32c == null ? List.of() : List.copyOf(payloadChunkCrc32c);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /**
   * One file of the snapshot.
   *
   * @param name relative name, {@code /}-separated
   * @param size length in bytes
   * @param crc32c CRC-32C of its bytes
   * @param offset where it starts in the uncompressed stream
   */
  public record FileEntry(String name, long size, long crc32c, long offset) {}

  static SnapshotManifest of(
      int formatVersion,
      SnapshotMetadata metadata,
      Compression compression,
      List<FileEntry> files,
      long uncompressedLength,
      long payloadLength,
      long payloadCrc32c,
      long payloadChunkSize,
      List<Long> payloadChunkCrc32c) {
    return new SnapshotManifest(
        formatVersion,
        metadata.clusterId(),
        metadata.groupId(),
        metadata.kind(),
        metadata.topic(),
        metadata.partition(),
        metadata.term(),
        metadata.index(),
        metadata.nodeId(),
        metadata.createdAt().toString(),
        compression,
        files,
        uncompressedLength,
        payloadLength,
        payloadCrc32c,
        payloadChunkSize,
        payloadChunkCrc32c,
        metadata.properties(),
        metadata.partitions());
  }

  /** The identity part, as the writer was given it. */
  public SnapshotMetadata metadata() {
    return new SnapshotMetadata(
        clusterId,
        groupId,
        kind,
        topic,
        partition,
        term,
        index,
        nodeId,
        Instant.parse(createdAt),
        properties,
        partitions);
  }

  /** Header, manifest and payload: the length of a whole, untruncated archive. */
  public long archiveLength(int manifestLength) {
    return ArchiveHeader.LENGTH + manifestLength + payloadLength;
  }
}
