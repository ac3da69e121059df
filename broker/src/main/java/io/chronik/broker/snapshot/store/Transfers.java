package io.chronik.broker.snapshot.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** Stream helpers the stores share: progress counting, bounded slices, atomic downloads. */
final class Transfers {
  static final int BUFFER = 256 * 1024;

  private Transfers() {}

  /** {@code in}, reporting every byte read to {@code progress} as part of {@code total}. */
  static InputStream counting(InputStream in, long alreadyDone, long total, ProgressListener p) {
    return new FilterInputStream(in) {
      private long done = alreadyDone;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          p.onProgress(++done, total);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          done += n;
          p.onProgress(done, total);
        }
        return n;
      }
    };
  }

  /**
   * The part (block) size for uploading {@code size} bytes: the configured one, or larger where the
   * file would otherwise need more than the store's {@code maxParts}.
   */
  static long partSize(long configured, long size, long maxParts) {
    return Math.max(configured, (size + maxParts - 1) / maxParts);
  }

  /** A stream of {@code length} bytes of {@code file} from {@code offset}. */
  static InputStream slice(Path file, long offset, long length) throws IOException {
    InputStream in = Files.newInputStream(file);
    in.skipNBytes(offset);
    return new FilterInputStream(in) {
      private long remaining = length;

      @Override
      public int read() throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          remaining--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
          remaining -= n;
        }
        return n;
      }
    };
  }

  /**
   * Writes {@code target} atomically: {@code writer} fills a temporary sibling, which is then
   * renamed over the target; on failure the sibling is removed and the target left as it was.
   */
  static void writeAtomically(Path target, TempWriter writer) throws IOException {
    Path tmp = partFile(target);
    try {
      Files.createDirectories(tmp.getParent());
      writer.write(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // best effort; the name marks it as a leftover
      }
    }
  }

  /** Fills a temporary file. */
  @FunctionalInterface
  interface TempWriter {
    void write(Path tmp) throws IOException;
  }

  /** A hidden, unique sibling of {@code target} for writing it atomically. */
  static Path partFile(Path target) {
    Path absolute = target.toAbsolutePath();
    return absolute.resolveSibling(
        "." + absolute.getFileName() + "." + UUID.randomUUID() + ".part");
  }

  /** Whether {@code name} is a {@link #partFile} name. */
  static boolean isPartFile(String name) {
    return name.startsWith(".") && name.endsWith(".part");
  }

  /** Copies {@code in} to a new file {@code target}. */
  static void copyToFile(InputStream in, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      in.transferTo(out);
    }
  }
}
