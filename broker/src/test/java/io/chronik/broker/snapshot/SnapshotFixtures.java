package io.chronik.broker.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/** Data for snapshot tests: deterministic, part text-like, part incompressible. */
public final class SnapshotFixtures {
  private static final String[] WORDS = {
    "order", "created", "customer", "amount", "EUR", "shipped", "warehouse", "id", "status", "ok"
  };

  private SnapshotFixtures() {}

  public static SnapshotMetadata partitionMetadata() {
    return SnapshotMetadata.partition(
            "cluster-1",
            "group-orders-0",
            "orders",
            0,
            7,
            4242,
            1,
            Instant.parse("2026-11-24T00:00:00Z"))
        .withProperties(Map.of("logEndOffset", "99"));
  }

  /**
   * Writes {@code size} bytes to {@code file}: runs of JSON-ish text records alternating with runs
   * of random bytes, so that every codec has work to do and none compresses it all away.
   */
  public static Path writeMixed(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Random random = new Random(seed);
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      long remaining = size;
      boolean text = true;
      while (remaining > 0) {
        int n = (int) Math.min(block.length, remaining);
        if (text) {
          fillText(block, n, random);
        } else {
          random.nextBytes(block);
        }
        out.write(block, 0, n);
        remaining -= n;
        text = !text;
      }
    }
    return file;
  }

  private static void fillText(byte[] block, int n, Random random) {
    StringBuilder sb = new StringBuilder(n + 256);
    while (sb.length() < n) {
      sb.append("{\"")
          .append(WORDS[random.nextInt(WORDS.length)])
          .append("\":")
          .append(random.nextInt(1_000_000))
          .append(",\"")
          .append(WORDS[random.nextInt(WORDS.length)])
          .append("\":\"")
          .append(WORDS[random.nextInt(WORDS.length)])
          .append("\"}\n");
    }
    System.arraycopy(sb.toString().getBytes(StandardCharsets.US_ASCII), 0, block, 0, n);
  }

  /** A small snapshot directory: a segment, an index, an empty file, a nested file. */
  public static Path snapshotDir(Path root, long segmentSize) throws IOException {
    Path dir = root.resolve("source");
    writeMixed(dir.resolve("00000000000000000000.log"), segmentSize, 1);
    writeMixed(dir.resolve("00000000000000000000.index"), 10_000, 2);
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state/leader-epoch-checkpoint"), "0\n1\n0 0\n");
    Files.write(dir.resolve("empty.txt"), new byte[0]);
    return dir;
  }
}
