package io.chronik.broker.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads an archive front to back in one pass and checks everything: the header's CRC, the
 * manifest's CRC, every payload chunk's CRC and the whole payload's, every file's length and CRC,
 * and the archive's length. Files can be handed to a {@link FileSink} on the way (extract); nothing
 * they receive is trusted until the scan reports no problem.
 */
final class ArchiveScanner {
  private static final int BUFFER = 256 * 1024;

  /** Where the files' bytes go while they are checked. */
  interface FileSink {
    /** A stream for the file's bytes; the scanner closes it. */
    OutputStream open(SnapshotManifest.FileEntry file) throws IOException;

    FileSink DISCARD = file -> OutputStream.nullOutputStream();
  }

  private final InputStream in;
  private final FileSink sink;
  private final Consumer<SnapshotManifest> onManifest;

  /** What decompressing and checking the files found; reported after the payload's ranges. */
  private final List<ArchiveProblem> fileProblems = new ArrayList<>();

  /** Everything, in the order an operator should read it: length, payload ranges, files. */
  private final List<ArchiveProblem> problems = new ArrayList<>();

  private ArchiveScanner(InputStream in, FileSink sink, Consumer<SnapshotManifest> onManifest) {
    this.in = in;
    this.sink = sink;
    this.onManifest = onManifest;
  }

  /** Scans the archive in {@code in}; I/O errors of {@code in} or the sink are thrown. */
  static VerifyResult scan(InputStream in, FileSink sink) throws IOException {
    return scan(in, sink, manifest -> {});
  }

  /**
   * Scans the archive in {@code in}, handing its manifest to {@code onManifest} as soon as it is
   * read and checked, before any payload byte; whatever {@code onManifest} throws ends the scan.
   */
  static VerifyResult scan(InputStream in, FileSink sink, Consumer<SnapshotManifest> onManifest)
      throws IOException {
    return new ArchiveScanner(in, sink, onManifest).scan();
  }

  /** Reads and checks only the header and the manifest. */
  static SnapshotManifest readHead(InputStream in) throws IOException {
    byte[] headerBytes = in.readNBytes(ArchiveHeader.LENGTH);
    if (headerBytes.length < ArchiveHeader.LENGTH) {
      throw shortHead(headerBytes.length, ArchiveHeader.LENGTH);
    }
    ArchiveHeader header = ArchiveHeader.decode(headerBytes);
    byte[] json = in.readNBytes(header.manifestLength());
    int headLength = ArchiveHeader.LENGTH + header.manifestLength();
    if (json.length < header.manifestLength()) {
      throw shortHead(ArchiveHeader.LENGTH + json.length, headLength);
    }
    long computed = ArchiveHeader.crc(json, json.length);
    long stored = Integer.toUnsignedLong(header.manifestCrc32c());
    if (computed != stored) {
      throw new SnapshotFormatException(
          List.of(
              ArchiveProblem.of(
                  SnapshotError.MANIFEST_CORRUPT,
                  "manifest",
                  ArchiveHeader.LENGTH,
                  headLength,
                  String.format(
                      "manifest (bytes %d..%d) is corrupt: CRC-32C stored %08x, computed %08x",
                      ArchiveHeader.LENGTH, headLength - 1, stored, computed))),
          null);
    }
    return ManifestCodec.decode(json, header);
  }

  private static SnapshotFormatException shortHead(long read, long needed) {
    return new SnapshotFormatException(
        List.of(
            ArchiveProblem.of(
                SnapshotError.LENGTH_MISMATCH,
                "archive",
                read,
                needed,
                "archive is truncated: it ends at byte "
                    + read
                    + ", inside its "
                    + needed
                    + "-byte header and manifest")),
        null);
  }

  private VerifyResult scan() throws IOException {
    CountingInput counted = new CountingInput(in);
    SnapshotManifest manifest;
    try {
      manifest = readHead(counted);
    } catch (SnapshotFormatException e) {
      return new VerifyResult(null, e.problems(), counted.count);
    }
    onManifest.accept(manifest);
    long payloadStart = counted.count;
    PayloadInput payload = new PayloadInput(counted, manifest.payloadLength(), manifest);
    checkFiles(manifest, payload);
    payload.drain();
    if (payload.truncated) {
      long end = payloadStart + manifest.payloadLength();
      problems.add(
          ArchiveProblem.of(
              SnapshotError.LENGTH_MISMATCH,
              "archive",
              counted.count,
              end,
              "archive is truncated: it ends at byte "
                  + counted.count
                  + ", the manifest says "
                  + end
                  + " (bytes "
                  + counted.count
                  + ".."
                  + (end - 1)
                  + " are missing)"));
    }
    checkChunks(manifest, payload.crcs, payloadStart);
    problems.addAll(fileProblems);
    if (!payload.truncated && counted.read() >= 0) {
      long extra = 1 + counted.transferTo(OutputStream.nullOutputStream());
      problems.add(
          ArchiveProblem.of(
              SnapshotError.LENGTH_MISMATCH,
              "archive",
              payloadStart + manifest.payloadLength(),
              counted.count,
              "archive has "
                  + extra
                  + " unexpected bytes after its payload (it should end at byte "
                  + (payloadStart + manifest.payloadLength())
                  + ")"));
    }
    return new VerifyResult(manifest, problems, counted.count);
  }

  /** Decompresses the payload and checks each file; stops at the first decompression failure. */
  private void checkFiles(SnapshotManifest manifest, PayloadInput payload) throws IOException {
    byte[] buf = new byte[BUFFER];
    SnapshotManifest.FileEntry current = null;
    long position = 0;
    try (InputStream data = manifest.compression().decompress(payload)) {
      for (SnapshotManifest.FileEntry file : manifest.files()) {
        current = file;
        CRC32C crc = new CRC32C();
        long remaining = file.size();
        try (OutputStream out = new SinkOutput(sink, file)) {
          while (remaining > 0) {
            int n = data.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
              break;
            }
            crc.update(buf, 0, n);
            out.write(buf, 0, n);
            remaining -= n;
            position += n;
          }
        }
        if (remaining > 0) {
          fileProblems.add(
              ArchiveProblem.file(
                  SnapshotError.FILE_CORRUPT,
                  file.name(),
                  file.offset(),
                  file.offset() + file.size(),
                  "file "
                      + file.name()
                      + " is short: the payload ends after "
                      + (file.size() - remaining)
                      + " of its "
                      + file.size()
                      + " bytes"));
          return;
        }
        if (crc.getValue() != file.crc32c()) {
          fileProblems.add(
              ArchiveProblem.file(
                  SnapshotError.FILE_CORRUPT,
                  file.name(),
                  file.offset(),
                  file.offset() + file.size(),
                  String.format(
                      "file %s is corrupt: CRC-32C in manifest %08x, computed %08x",
                      file.name(), file.crc32c(), crc.getValue())));
        }
      }
      current = null;
      if (data.read() >= 0) {
        fileProblems.add(
            ArchiveProblem.of(
                SnapshotError.PAYLOAD_CORRUPT,
                "payload",
                -1,
                -1,
                "payload decompresses to more than the "
                    + manifest.uncompressedLength()
                    + " bytes its files hold"));
      }
    } catch (SinkException e) {
      throw (IOException) e.getCause();
    } catch (IOException | RuntimeException e) {
      // codecs report damage as IOExceptions, lz4 also as runtime LZ4Exceptions
      if (payload.sourceFailure != null) {
        throw payload.sourceFailure;
      }
      fileProblems.add(
          ArchiveProblem.of(
              SnapshotError.PAYLOAD_CORRUPT,
              "payload",
              -1,
              -1,
              "payload does not decompress ("
                  + manifest.compression().id()
                  + ": "
                  + e.getMessage()
                  + ") at uncompressed byte "
                  + position
                  + (current == null ? "" : ", in file " + current.name())
                  + "; files from there on were not checked"));
    }
  }

  /** Names every damaged run of payload chunks as an archive byte range. */
  private void checkChunks(SnapshotManifest manifest, ChunkCrcs actual, long payloadStart) {
    List<Long> expected = manifest.payloadChunkCrc32c();
    List<Long> computed = actual.chunks();
    long chunkSize = manifest.payloadChunkSize();
    boolean truncated = actual.length() < manifest.payloadLength();
    int checkable = truncated ? (int) (actual.length() / chunkSize) : expected.size();
    int first = -1;
    for (int i = 0; i <= checkable; i++) {
      boolean bad = i < checkable && !expected.get(i).equals(computed.get(i));
      if (bad && first < 0) {
        first = i;
      } else if (!bad && first >= 0) {
        long start = payloadStart + first * chunkSize;
        long end = payloadStart + Math.min((long) i * chunkSize, manifest.payloadLength());
        problems.add(
            ArchiveProblem.of(
                SnapshotError.PAYLOAD_CORRUPT,
                "payload",
                start,
                end,
                "payload bytes "
                    + start
                    + ".."
                    + (end - 1)
                    + " of the archive are corrupt (CRC-32C mismatch in "
                    + (i - first == 1 ? "chunk " + first : "chunks " + first + ".." + (i - 1))
                    + " of "
                    + chunkSize
                    + " bytes)"));
        first = -1;
      }
    }
    if (!truncated && actual.total() != manifest.payloadCrc32c() && checkable == expected.size()) {
      boolean named = problems.stream().anyMatch(p -> p.region().equals("payload"));
      if (!named) {
        problems.add(
            ArchiveProblem.of(
                SnapshotError.PAYLOAD_CORRUPT,
                "payload",
                payloadStart,
                payloadStart + manifest.payloadLength(),
                String.format(
                    "payload CRC-32C mismatch: manifest %08x, computed %08x",
                    manifest.payloadCrc32c(), actual.total())));
      }
    }
  }

  /** An I/O failure of the sink, as opposed to damage found in the archive. */
  private static final class SinkException extends IOException {
    private static final long serialVersionUID = 1L;

    SinkException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The sink's stream, its failures marked as {@link SinkException}s. */
  private static final class SinkOutput extends OutputStream {
    private final OutputStream out;

    SinkOutput(FileSink sink, SnapshotManifest.FileEntry file) throws SinkException {
      try {
        this.out = sink.open(file);
      } catch (IOException e) {
        throw new SinkException(e);
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws SinkException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new SinkException(e);
      }
    }

    @Override
    public void close() throws SinkException {
      try {
        out.close();
      } catch (IOException e) {
        throw new SinkException(e);
      }
    }
  }

  /** Counts the bytes read from the archive. */
  private static final class CountingInput extends InputStream {
    private final InputStream in;
    private long count;

    CountingInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /**
   * The payload's {@code length} bytes, checksummed as the decompressor reads them. It never reads
   * past the payload, remembers a failure of the underlying stream (so that it is not mistaken for
   * damage), and notes a payload that ends early.
   */
  private static final class PayloadInput extends InputStream {
    private final InputStream in;
    private final ChunkCrcs crcs;
    private long remaining;
    private boolean truncated;
    private IOException sourceFailure;

    PayloadInput(InputStream in, long length, SnapshotManifest manifest) {
      this.in = in;
      this.remaining = length;
      this.crcs = new ChunkCrcs(manifest.payloadChunkSize());
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0 || truncated) {
        return -1;
      }
      int n;
      try {
        n = in.read(b, off, (int) Math.min(len, remaining));
      } catch (IOException e) {
        sourceFailure = e;
        throw e;
      }
      if (n < 0) {
        truncated = true;
        return -1;
      }
      crcs.update(b, off, n);
      remaining -= n;
      return n;
    }

    /** Reads (and checksums) whatever the decompressor left. */
    void drain() throws IOException {
      byte[] buf = new byte[BUFFER];
      while (read(buf, 0, buf.length) >= 0) {
        // checksummed in read
      }
    }

    @Override
    public void close() {
      // the scanner owns the archive stream
    }
  }
}
