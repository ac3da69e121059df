package io.chronik.broker.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * The snapshot archive benchmark behind scripts/bench-snapshot-archive.sh (not a test).
 *
 * <pre>
 * generate DIR MIB           partition segments of Kafka v2 batches, 1 KiB JSON-like records
 * run DIR WORKDIR [codec..]  create, verify and extract an archive of DIR per codec
 * </pre>
 *
 * Each create and extract runs twice (the first warms the JIT and the page cache); both timings are
 * printed. Throughput is of the uncompressed data, and includes the fsyncs.
 */
public final class SnapshotArchiveBench {
  private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
  private static final int RECORD_BYTES = 1024;
  private static final int RECORDS_PER_BATCH = 16;
  private static final String[] EVENTS = {
    "order.created", "order.paid", "order.shipped", "cart.updated", "user.login", "page.view"
  };
  private static final String[] CITIES = {
    "Lisbon", "Berlin", "Osaka", "Lagos", "Lima", "Oslo", "Pune", "Quito", "Austin", "Perth"
  };

  /** Free text drawn from a small vocabulary, as in descriptions, log lines and addresses. */
  private static final String[] WORDS = buildWords();

  private SnapshotArchiveBench() {}

  private static String[] buildWords() {
    String[] stems = {
      "deliver", "warehouse", "payment", "refund", "street", "customer", "priority", "express",
      "gift", "return", "invoice", "discount", "coupon", "address", "billing", "tracking"
    };
    String[] suffixes = {"", "s", "ed", "ing", "-id", "-ref", "-note", "-code"};
    String[] words = new String[stems.length * suffixes.length];
    for (int i = 0; i < words.length; i++) {
      words[i] = stems[i / suffixes.length] + suffixes[i % suffixes.length];
    }
    return words;
  }

  public static void main(String[] args) throws IOException {
    switch (args.length > 0 ? args[0] : "") {
      case "generate" -> generate(Path.of(args[1]), Long.parseLong(args[2]) * 1024 * 1024);
      case "run" -> run(Path.of(args[1]), Path.of(args[2]), List.of(args).subList(3, args.length));
      default -> {
        System.err.println("usage: generate DIR MIB | run DIR WORKDIR [none|gzip|zstd|lz4 ...]");
        System.exit(64);
      }
    }
  }

  /** Writes segments of real Kafka v2 record batches, uncompressed, as a producer sends them. */
  static void generate(Path dir, long bytes) throws IOException {
    Path partition = dir.resolve("partitions/orders-0");
    Files.createDirectories(partition);
    Random random = new Random(42);
    long offset = 0;
    long written = 0;
    OutputStream out = null;
    long segmentWritten = SEGMENT_BYTES;
    while (written < bytes) {
      if (segmentWritten >= SEGMENT_BYTES) {
        if (out != null) {
          out.close();
        }
        out = Files.newOutputStream(partition.resolve(String.format("%020d.log", offset)));
        segmentWritten = 0;
      }
      MemoryRecordsBuilder batch =
          MemoryRecords.builder(
              ByteBuffer.allocate(RECORDS_PER_BATCH * (RECORD_BYTES + 128)),
              RecordBatch.CURRENT_MAGIC_VALUE,
              Compression.NONE,
              TimestampType.CREATE_TIME,
              offset);
      long now = 1_763_942_400_000L + offset * 3;
      for (int i = 0; i < RECORDS_PER_BATCH; i++) {
        byte[] key = ("user-" + random.nextInt(100_000)).getBytes(StandardCharsets.UTF_8);
        batch.append(now + i, key, record(random, offset + i));
      }
      ByteBuffer buffer = batch.build().buffer();
      int n = buffer.remaining();
      Channels.newChannel(out).write(buffer);
      offset += RECORDS_PER_BATCH;
      written += n;
      segmentWritten += n;
    }
    out.close();
    Files.writeString(dir.resolve("partitions/orders-0/leader-epoch-checkpoint"), "0\n1\n0 0\n");
    System.out.printf(
        Locale.ROOT, "generated %,d bytes, %,d records in %s%n", written, offset, partition);
  }

  /** A JSON-like event of about 1 KiB: field names repeat, values and an opaque token vary. */
  private static byte[] record(Random random, long offset) {
    StringBuilder sb = new StringBuilder(RECORD_BYTES + 64);
    sb.append("{\"offset\":")
        .append(offset)
        .append(",\"event\":\"")
        .append(EVENTS[random.nextInt(EVENTS.length)])
        .append("\",\"user\":{\"id\":")
        .append(random.nextInt(1_000_000))
        .append(",\"city\":\"")
        .append(CITIES[random.nextInt(CITIES.length)])
        .append("\"},\"amount\":")
        .append(random.nextInt(100_000) / 100.0)
        .append(",\"items\":[");
    int items = 1 + random.nextInt(4);
    for (int i = 0; i < items; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"sku\":\"SKU-")
          .append(random.nextInt(5000))
          .append("\",\"qty\":")
          .append(1 + random.nextInt(9))
          .append('}');
    }
    sb.append("],\"session\":\"")
        .append(Long.toHexString(random.nextLong()))
        .append(Long.toHexString(random.nextLong()))
        .append("\",\"note\":\"");
    while (sb.length() < RECORD_BYTES - 2) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    sb.setLength(RECORD_BYTES - 2);
    return sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static void run(Path dir, Path work, List<String> codecs) throws IOException {
    long size = sizeOf(dir);
    System.out.printf(
        Locale.ROOT,
        "data: %s, %.1f MiB, %d cores%n",
        dir,
        mib(size),
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        "codec | archive MiB | ratio | create MiB/s (1st, 2nd) | verify MiB/s | extract MiB/s (1st, 2nd)");
    for (String id : codecs.isEmpty() ? List.of("none", "gzip", "zstd", "lz4") : codecs) {
      io.chronik.broker.snapshot.Compression codec =
          io.chronik.broker.snapshot.Compression.fromId(id);
      Path archive = work.resolve("bench." + id + ".chrsnap");
      SnapshotMetadata metadata =
          SnapshotMetadata.partition("bench", "orders-0", "orders", 0, 1, 1, 1, Instant.now());
      double[] create = new double[2];
      for (int i = 0; i < 2; i++) {
        long start = System.nanoTime();
        SnapshotArchive.writeDirectory(archive, metadata, dir, codec);
        create[i] = rate(size, start);
      }
      long start = System.nanoTime();
      VerifyResult verified = SnapshotArchive.verify(archive);
      double verify = rate(size, start);
      if (!verified.ok()) {
        throw new IllegalStateException(
            "benchmark archive does not verify: " + verified.problems());
      }
      double[] extract = new double[2];
      for (int i = 0; i < 2; i++) {
        Path out = work.resolve("extract-" + id);
        delete(out);
        start = System.nanoTime();
        SnapshotArchive.extract(archive, out);
        extract[i] = rate(size, start);
        delete(out);
      }
      long archiveSize = Files.size(archive);
      System.out.printf(
          Locale.ROOT,
          "%s | %.1f | %.2f | %.0f, %.0f | %.0f | %.0f, %.0f%n",
          id,
          mib(archiveSize),
          (double) size / archiveSize,
          create[0],
          create[1],
          verify,
          extract[0],
          extract[1]);
      Files.delete(archive);
    }
  }

  private static double rate(long bytes, long startNanos) {
    return mib(bytes) / ((System.nanoTime() - startNanos) / 1e9);
  }

  private static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
