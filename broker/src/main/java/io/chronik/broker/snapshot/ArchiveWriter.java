package io.chronik.broker.snapshot;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an archive in one streaming pass. The manifest's size is bounded before the payload is
 * written (every number in it is given its widest form), so the payload goes straight to its final
 * place and the header and manifest are written last, over the reserved space. The archive is built
 * in a temporary sibling, fsynced, and renamed over the target: a reader sees no archive or a whole
 * one.
 */
final class ArchiveWriter {
  private static final Logger LOGGER = LoggerFactory.getLogger(ArchiveWriter.class);
  private static final int BUFFER = 256 * 1024;
  private static final long MIN_CHUNK = 1024 * 1024;
  private static final int MAX_CHUNKS = 4096;
  private static final long WIDEST_CRC = 0xFFFF_FFFFL;

  private record Source(String name, Path path, long size) {}

  private ArchiveWriter() {}

  static SnapshotManifest write(
      Path target,
      SnapshotMetadata metadata,
      Path baseDir,
      List<Path> files,
      Compression compression)
      throws IOException {
    List<Source> sources = new ArrayList<>();
    for (Path file : files) {
      Path path = baseDir.resolve(file);
      sources.add(new Source(EntryNames.of(baseDir, file), path, Files.size(path)));
    }
    EntryNames.checkAll(sources.stream().map(Source::name).toList());
    String stray =
        ManifestCodec.strayFile(metadata.partitions(), sources.stream().map(Source::name).toList());
    if (stray != null) {
      // a reader would refuse the archive: refuse to write it
      throw new SnapshotFormatException(
          SnapshotError.BAD_ENTRY,
          "file "
              + stray
              + " of a snapshot of partitions "
              + metadata.partitions()
              + " lies in none of their directories");
    }

    long total = sources.stream().mapToLong(Source::size).sum();
    long bound = compression.maxCompressedLength(total);
    long chunkSize = chunkSizeFor(bound);
    int reserved = reservedManifestLength(metadata, compression, sources, total, bound, chunkSize);

    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      SnapshotManifest manifest;
      try (FileChannel channel =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        channel.position(ArchiveHeader.LENGTH + reserved);
        ChunkCrcs payload = new ChunkCrcs(chunkSize);
        List<SnapshotManifest.FileEntry> entries = new ArrayList<>();
        try (OutputStream out = compression.compress(new PayloadOutput(channel, payload))) {
          long offset = 0;
          for (Source source : sources) {
            entries.add(copy(source, offset, out));
            offset += source.size();
          }
        }
        if (payload.length() > bound) {
          throw new IllegalStateException(
              compression.id() + " payload " + payload.length() + " exceeds its bound " + bound);
        }
        manifest =
            SnapshotManifest.of(
                ArchiveHeader.CURRENT_VERSION,
                metadata,
                compression,
                entries,
                total,
                payload.length(),
                payload.total(),
                chunkSize,
                payload.chunks());
        byte[] json = ManifestCodec.encodePadded(manifest, reserved);
        byte[] header =
            new ArchiveHeader(
                    ArchiveHeader.CURRENT_VERSION,
                    reserved,
                    (int) ArchiveHeader.crc(json, json.length))
                .encode();
        writeFully(channel, ByteBuffer.wrap(header), 0);
        writeFully(channel, ByteBuffer.wrap(json), ArchiveHeader.LENGTH);
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      FileSync.directory(target.toAbsolutePath().getParent());
      LOGGER.info(
          "Wrote snapshot archive {} (group {}, term {}, index {}, {} files, {} -> {} bytes {})",
          target,
          metadata.groupId(),
          metadata.term(),
          metadata.index(),
          manifest.files().size(),
          total,
          manifest.payloadLength(),
          compression.id());
      return manifest;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Streams exactly {@code source.size()} bytes into {@code out}, computing their CRC-32C. */
  private static SnapshotManifest.FileEntry copy(Source source, long offset, OutputStream out)
      throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[BUFFER];
    long remaining = source.size();
    try (InputStream in = Files.newInputStream(source.path())) {
      while (remaining > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
        if (n < 0) {
          throw new SnapshotFormatException(
              SnapshotError.SOURCE_CHANGED,
              "file "
                  + source.path()
                  + " shrank while it was archived: "
                  + (source.size() - remaining)
                  + " of "
                  + source.size()
                  + " bytes");
        }
        crc.update(buf, 0, n);
        out.write(buf, 0, n);
        remaining -= n;
      }
    }
    return new SnapshotManifest.FileEntry(source.name(), source.size(), crc.getValue(), offset);
  }

  /** Chunks of at least 1 MiB, and at most {@value #MAX_CHUNKS} of them. */
  static long chunkSizeFor(long payloadBound) {
    long size = MIN_CHUNK;
    while (ChunkCrcs.count(payloadBound, size) > MAX_CHUNKS) {
      size *= 2;
    }
    return size;
  }

  /** The length of the manifest with every number at its widest: the real one never exceeds it. */
  private static int reservedManifestLength(
      SnapshotMetadata metadata,
      Compression compression,
      List<Source> sources,
      long total,
      long bound,
      long chunkSize) {
    List<SnapshotManifest.FileEntry> widest = new ArrayList<>();
    long offset = 0;
    for (Source s : sources) {
      widest.add(new SnapshotManifest.FileEntry(s.name(), s.size(), WIDEST_CRC, offset));
      offset += s.size();
    }
    SnapshotManifest manifest =
        SnapshotManifest.of(
            ArchiveHeader.CURRENT_VERSION,
            metadata,
            compression,
            widest,
            total,
            bound,
            WIDEST_CRC,
            chunkSize,
            Collections.nCopies(ChunkCrcs.count(bound, chunkSize), WIDEST_CRC));
    return ManifestCodec.encode(manifest).length;
  }

  private static void writeFully(FileChannel channel, ByteBuffer buf, long position)
      throws IOException {
    while (buf.hasRemaining()) {
      position += channel.write(buf, position);
    }
  }

  /**
   * The compressed bytes on their way to the file: checksummed, buffered, and never closing the
   * channel (the header is written after the compressor is closed).
   */
  private static final class PayloadOutput extends FilterOutputStream {
    private final ChunkCrcs crcs;

    PayloadOutput(FileChannel channel, ChunkCrcs crcs) {
      super(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER));
      this.crcs = crcs;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      crcs.update(b, off, len);
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
