package io.chronik.broker.snapshot;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * How a snapshot archive's payload is compressed: the concatenated files form one stream,
 * compressed as a whole. The id ({@code none|gzip|zstd|lz4}) is what the manifest, flags and {@code
 * CHRONIK_SNAPSHOT_COMPRESSION} use.
 */
public enum Compression {
  NONE("none"),
  /** JDK deflate at its default level, gzip framing. */
  GZIP("gzip"),
  /** zstd-jni at level 3 (zstd's default). */
  ZSTD("zstd"),
  /** LZ4 frame format (lz4-java), 4 MiB independent blocks: what the {@code lz4} tool writes. */
  LZ4("lz4");

  private static final int BUFFER = 64 * 1024;
  private static final int ZSTD_LEVEL = 3;

  private final String id;

  Compression(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  /** Parses an id such as {@code zstd} (case-insensitive). */
  @JsonCreator
  public static Compression fromId(String id) {
    for (Compression c : values()) {
      if (c.id.equals(id.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown compression '"
            + id
            + "': use one of "
            + Arrays.stream(values()).map(Compression::id).collect(Collectors.joining("|")));
  }

  /** Wraps {@code out}; closing the result finishes the stream and closes {@code out}. */
  public OutputStream compress(OutputStream out) throws IOException {
    return switch (this) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out, BUFFER);
      case ZSTD -> zstd(() -> new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL));
      case LZ4 -> new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB);
    };
  }

  /** Wraps {@code in}; closing the result closes {@code in}. */
  public InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, BUFFER);
      case ZSTD -> zstd(() -> new ZstdInputStreamNoFinalizer(in));
      case LZ4 -> new LZ4FrameInputStream(in);
    };
  }

  private interface ZstdStream<T> {
    T open() throws IOException;
  }

  /**
   * Opens a zstd stream. zstd-jni unpacks its native library into {@code java.io.tmpdir} on first
   * use; when that fails (a full or read-only /tmp, noexec) the JVM raises a linkage error, which
   * becomes an I/O error that says what to do instead of a stack trace.
   */
  private static <T> T zstd(ZstdStream<T> stream) throws IOException {
    try {
      return stream.open();
    } catch (LinkageError e) {
      throw new IOException(
          "the zstd library cannot be loaded ("
              + e
              + "): it is unpacked into "
              + System.getProperty("java.io.tmpdir")
              + " on first use; free space there, make it writable and executable, or point"
              + " CHRONIK_JAVA_OPTS=-Djava.io.tmpdir=DIR at a directory that is",
          e);
    }
  }

  /**
   * An upper bound of the compressed size of {@code n} bytes: every codec here stores
   * incompressible input with well under 1% overhead plus a small constant.
   */
  long maxCompressedLength(long n) {
    return this == NONE ? n : n + n / 128 + 64 * 1024;
  }
}
