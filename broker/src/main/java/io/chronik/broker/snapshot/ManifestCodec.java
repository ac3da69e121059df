package io.chronik.broker.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** The manifest's JSON form, and the consistency rules a manifest must meet to be trusted. */
final class ManifestCodec {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The file at the top of a group snapshot of several partitions that lists them. */
  static final String GROUP_STATE_FILE = io.chronik.broker.partition.GroupReplicas.GROUP_STATE_FILE;

  private ManifestCodec() {}

  static byte[] encode(SnapshotManifest manifest) {
    try {
      return MAPPER.writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON followed by spaces up to {@code length} bytes (JSON ignores trailing blanks). */
  static byte[] encodePadded(SnapshotManifest manifest, int length) {
    byte[] json = encode(manifest);
    if (json.length > length) {
      throw new IllegalStateException(
          "manifest needs " + json.length + " bytes but only " + length + " were reserved");
    }
    byte[] padded = Arrays.copyOf(json, length);
    Arrays.fill(padded, json.length, length, (byte) ' ');
    return padded;
  }

  /**
   * The first file of a snapshot of several {@code partitions} that lies neither in one of their
   * directories ({@code <p>/...}) nor is the group state file; null when there is none, or when the
   * snapshot is of one partition (whose files lie at the top).
   */
  static String strayFile(List<Integer> partitions, List<String> names) {
    if (partitions.size() < 2) {
      return null;
    }
    java.util.Set<String> dirs =
        partitions.stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
    for (String name : names) {
      int slash = name.indexOf('/');
      boolean inPartition = slash > 0 && dirs.contains(name.substring(0, slash));
      if (!inPartition && !name.equals(GROUP_STATE_FILE)) {
        return name;
      }
    }
    return null;
  }

  /** Parses and checks a manifest whose CRC already matched. */
  static SnapshotManifest decode(byte[] bytes, ArchiveHeader header) {
    SnapshotManifest manifest;
    try {
      manifest = MAPPER.readValue(bytes, SnapshotManifest.class);
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt("manifest is not valid: " + e.getMessage().lines().findFirst().orElse(""));
    }
    validate(manifest, header);
    return manifest;
  }

  private static void validate(SnapshotManifest m, ArchiveHeader header) {
    if (m.formatVersion() != header.formatVersion()) {
      throw corrupt(
          "manifest says format version "
              + m.formatVersion()
              + ", the header "
              + header.formatVersion());
    }
    if (m.compression() == null || m.kind() == null || m.createdAt() == null) {
      throw corrupt("manifest lacks compression, kind or createdAt");
    }
    EntryNames.checkAll(m.files().stream().map(SnapshotManifest.FileEntry::name).toList());
    String stray =
        strayFile(
            m.partitions(), m.files().stream().map(SnapshotManifest.FileEntry::name).toList());
    if (stray != null) {
      throw corrupt(
          "file "
              + stray
              + " of a snapshot of partitions "
              + m.partitions()
              + " lies in none of their directories");
    }
    long offset = 0;
    for (SnapshotManifest.FileEntry f : m.files()) {
      if (f.size() < 0 || f.offset() != offset) {
        throw corrupt("manifest places file " + f.name() + " at an impossible offset or size");
      }
      offset += f.size();
    }
    if (offset != m.uncompressedLength() || m.payloadLength() < 0 || m.payloadChunkSize() <= 0) {
      throw corrupt("manifest lengths do not add up");
    }
    List<Long> chunks = m.payloadChunkCrc32c();
    if (chunks.size() != ChunkCrcs.count(m.payloadLength(), m.payloadChunkSize())) {
      throw corrupt(
          "manifest has "
              + chunks.size()
              + " payload chunk checksums for "
              + m.payloadLength()
              + " bytes in chunks of "
              + m.payloadChunkSize());
    }
  }

  private static SnapshotFormatException corrupt(String message) {
    return new SnapshotFormatException(
        List.of(
            ArchiveProblem.of(
                SnapshotError.MANIFEST_CORRUPT, "manifest", ArchiveHeader.LENGTH, -1, message)),
        null);
  }
}
