package io.chronik.broker.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The fixed 24-byte head of a snapshot archive, big-endian:
 *
 * <pre>
 *  0  8 bytes  magic "CHRNKSNP"
 *  8  int32    format version
 * 12  int32    manifest length M (bytes of UTF-8 JSON, padded with spaces)
 * 16  int32    CRC-32C of the M manifest bytes
 * 20  int32    CRC-32C of bytes 0..19 (this header)
 * </pre>
 *
 * The manifest follows at byte 24 and the payload at byte 24 + M.
 */
record ArchiveHeader(int formatVersion, int manifestLength, int manifestCrc32c) {
  static final int LENGTH = 24;
  static final int CURRENT_VERSION = 1;

  /** A sanity bound: a manifest of a million files stays far below it. */
  static final int MAX_MANIFEST_LENGTH = 256 * 1024 * 1024;

  private static final byte[] MAGIC = "CHRNKSNP".getBytes(StandardCharsets.US_ASCII);

  byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(LENGTH);
    buf.put(MAGIC).putInt(formatVersion).putInt(manifestLength).putInt(manifestCrc32c);
    buf.putInt((int) crc(buf.array(), 20));
    return buf.array();
  }

  /** Decodes and checks 24 header bytes; throws naming the header problem. */
  static ArchiveHeader decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes, 0, LENGTH);
    int magicMatches = 0;
    for (int i = 0; i < MAGIC.length; i++) {
      magicMatches += buf.get(i) == MAGIC[i] ? 1 : 0;
    }
    if (magicMatches < MAGIC.length - 2) {
      throw problem(
          SnapshotError.NOT_AN_ARCHIVE,
          "not a chronik snapshot archive: it does not start with the magic bytes CHRNKSNP");
    }
    long stored = Integer.toUnsignedLong(buf.getInt(20));
    long computed = crc(bytes, 20);
    if (magicMatches != MAGIC.length || stored != computed) {
      throw problem(
          SnapshotError.HEADER_CORRUPT,
          String.format(
              "header (bytes 0..%d) is corrupt: CRC-32C stored %08x, computed %08x%s",
              LENGTH - 1,
              stored,
              computed,
              magicMatches != MAGIC.length ? ", magic bytes damaged" : ""));
    }
    ArchiveHeader header = new ArchiveHeader(buf.getInt(8), buf.getInt(12), buf.getInt(16));
    if (header.formatVersion > CURRENT_VERSION) {
      throw problem(
          SnapshotError.NEWER_FORMAT,
          "snapshot format version "
              + header.formatVersion
              + " is newer than this chronik reads (up to "
              + CURRENT_VERSION
              + ")");
    }
    if (header.formatVersion < 1
        || header.manifestLength <= 0
        || header.manifestLength > MAX_MANIFEST_LENGTH) {
      throw problem(
          SnapshotError.HEADER_CORRUPT,
          "header holds impossible values: format version "
              + header.formatVersion
              + ", manifest length "
              + header.manifestLength);
    }
    return header;
  }

  private static SnapshotFormatException problem(SnapshotError error, String message) {
    return new SnapshotFormatException(
        java.util.List.of(ArchiveProblem.of(error, "header", 0, LENGTH, message)), null);
  }

  static long crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return crc.getValue();
  }
}
