package io.chronik.broker.snapshot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A snapshot archive: one self-describing file (DESIGN.md §3).
 *
 * <pre>
 * [24-byte header][manifest: M bytes of JSON, space-padded][payload: payloadLength bytes]
 * </pre>
 *
 * The header ({@link ArchiveHeader}) carries the magic {@code CHRNKSNP}, the format version, M, the
 * manifest's CRC-32C and its own CRC-32C. The manifest ({@link SnapshotManifest}) names the
 * snapshot and lists the files with their sizes and CRC-32C values, the payload's length and
 * CRC-32C, and a CRC-32C per payload chunk. The payload is the files' bytes back to back,
 * compressed as one stream. Every byte of the archive is covered by a checksum, so a flipped byte
 * anywhere is found by {@link #verify} and named: the header, the manifest, a payload byte range, a
 * file.
 *
 * <p>All methods stream: no file is held in memory.
 */
public final class SnapshotArchive {
  private static final int BUFFER = 256 * 1024;

  /** The format version this code writes, and the newest it reads. */
  public static final int FORMAT_VERSION = ArchiveHeader.CURRENT_VERSION;

  /** Bytes before the manifest. */
  public static final int HEADER_LENGTH = ArchiveHeader.LENGTH;

  private SnapshotArchive() {}

  /**
   * Writes an archive of {@code files} to {@code target}, atomically: a temporary sibling is
   * written, fsynced and renamed over {@code target}.
   *
   * @param files paths relative to {@code baseDir} (or under it); their relative names are what the
   *     archive records and what {@link #extract} recreates
   * @return the manifest written
   * @throws SnapshotFormatException for a bad file name, or a file that shrank while archived
   */
  public static SnapshotManifest write(
      Path target,
      SnapshotMetadata metadata,
      Path baseDir,
      List<Path> files,
      Compression compression)
      throws IOException {
    return ArchiveWriter.write(target, metadata, baseDir, files, compression);
  }

  /** Writes an archive of every regular file under {@code dir}, in name order. */
  public static SnapshotManifest writeDirectory(
      Path target, SnapshotMetadata metadata, Path dir, Compression compression)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
    }
    return write(target, metadata, dir, files, compression);
  }

  /**
   * Reads the header and the manifest, and nothing after them; checks their CRCs.
   *
   * @throws SnapshotFormatException naming what is wrong with the head, or a newer format version
   */
  public static SnapshotManifest readManifest(InputStream in) throws IOException {
    return ArchiveScanner.readHead(in);
  }

  /** Reads the manifest from the start of {@code channel}, reading only the head. */
  public static SnapshotManifest readManifest(SeekableByteChannel channel) throws IOException {
    channel.position(0);
    return readManifest(Channels.newInputStream(channel));
  }

  public static SnapshotManifest readManifest(Path archive) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(archive, StandardOpenOption.READ)) {
      return readManifest(channel);
    }
  }

  /**
   * The length of the header and manifest, given at least the {@value #HEADER_LENGTH} first bytes:
   * how much a ranged read must fetch to read the manifest.
   */
  public static int headLength(byte[] firstBytes) {
    if (firstBytes.length < HEADER_LENGTH) {
      throw new SnapshotFormatException(
          SnapshotError.LENGTH_MISMATCH,
          "archive is truncated: " + firstBytes.length + " bytes, shorter than its header");
    }
    return HEADER_LENGTH + ArchiveHeader.decode(firstBytes).manifestLength();
  }

  /**
   * Recomputes every checksum and length in the archive read from {@code in}. Damage is reported in
   * the result, never thrown; an I/O error of {@code in} is thrown.
   */
  public static VerifyResult verify(InputStream in) throws IOException {
    return ArchiveScanner.scan(in, ArchiveScanner.FileSink.DISCARD);
  }

  public static VerifyResult verify(Path archive) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER)) {
      return verify(in);
    }
  }

  /**
   * Extracts the archive into {@code targetDir}, which must not exist or be an empty directory.
   * Files are written to a temporary sibling directory while every checksum is checked; only when
   * all matched are they fsynced and the directory renamed to {@code targetDir}. On any failure the
   * temporary directory is removed and {@code targetDir} is left as it was.
   *
   * @return the manifest
   * @throws SnapshotFormatException naming every problem found, when the archive is damaged
   * @throws DirectoryNotEmptyException when {@code targetDir} holds anything
   */
  public static SnapshotManifest extract(InputStream in, Path targetDir) throws IOException {
    return extract(in, targetDir, manifest -> {});
  }

  /**
   * Extracts the archive in {@code in}, handing its manifest to {@code expect} before any payload
   * byte is read: whatever {@code expect} throws (the archive is not the one wanted) ends the
   * extraction with nothing written.
   */
  public static SnapshotManifest extract(
      InputStream in, Path targetDir, Consumer<SnapshotManifest> expect) throws IOException {
    return ArchiveExtractor.extract(in, targetDir, expect);
  }

  public static SnapshotManifest extract(Path archive, Path targetDir) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER)) {
      return extract(in, targetDir);
    }
  }
}
