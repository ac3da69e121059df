package io.chronik.broker.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * The log cleaner benchmark behind scripts/bench-cleaner.sh (not a test).
 *
 * <pre>
 * run WORKDIR MIB [none|lz4|zstd|gzip ...]
 * reopen WORKDIR MIB RECORDS_PER_BATCH VALUE_BYTES
 * </pre>
 *
 * For each codec and two key spaces (10,000 keys: most records are overwritten; 1,000,000 keys: few
 * are), writes MIB of a partition log (batches of 16 records of 1 KiB JSON-like values, keyed by a
 * random user id, 64 MiB segments, compacted), rolls and fsyncs it, then times one cleaning of all
 * of it (the first, a full pass), one after 10% more data (an incremental pass: it maps only the
 * new data, from the cleaner checkpoint on), one more with nothing new (it reads nothing), one
 * after a batch of 16 tombstones ({@code delete}: they are kept, and the older values of their keys
 * go) and one once those tombstones are due ({@code expire}, {@code delete.retention.ms} 0: only
 * the segment holding them changes). The segments are read from the page cache; the cleaned
 * segments are fsynced before they are swapped in, so the time includes the fsyncs. Throughput is
 * of the bytes read and filtered; the bytes mapped (read once more to build the offset map) and
 * written are counted where they are read and written.
 *
 * <p>{@code reopen} writes MIB of batches of RECORDS_PER_BATCH records with distinct keys and
 * values of VALUE_BYTES random bytes, cleans the log once, then three times reopens it and times
 * the first inspection: the log is not due, so it reads the batch headers for the delete horizons
 * of kept tombstones.
 */
public final class LogCleanerBench {
  private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
  private static final LogConfig CONFIG =
      LogConfig.defaults().withSegmentBytes(SEGMENT_BYTES).withCleanup(LogCleanup.compacted());
  private static final int RECORD_BYTES = 1024;
  private static final int RECORDS_PER_BATCH = 16;
  private static final String[] WORDS = {
    "order",
    "payment",
    "refund",
    "street",
    "customer",
    "priority",
    "express",
    "gift",
    "invoice",
    "discount",
    "coupon",
    "address",
    "billing",
    "tracking",
    "warehouse",
    "return"
  };

  private LogCleanerBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 5 && args[0].equals("reopen")) {
      reopen(
          Path.of(args[1]),
          Long.parseLong(args[2]) * 1024 * 1024,
          Integer.parseInt(args[3]),
          Integer.parseInt(args[4]));
      return;
    }
    if (args.length < 3 || !args[0].equals("run")) {
      System.err.println(
          "usage: run WORKDIR MIB [none|lz4|zstd|gzip ...]\n"
              + "       reopen WORKDIR MIB RECORDS_PER_BATCH VALUE_BYTES");
      System.exit(64);
    }
    Path work = Path.of(args[1]);
    long bytes = Long.parseLong(args[2]) * 1024 * 1024;
    List<String> codecs =
        args.length > 3 ? List.of(args).subList(3, args.length) : List.of("none", "lz4");
    System.out.printf(
        Locale.ROOT,
        "%d cores, max heap %d MiB%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println(
        "codec | keys | pass | MiB mapped | MiB read | records read | removed | MiB written |"
            + " seconds | MiB/s | k records/s");
    for (String codec : codecs) {
      for (int keys : new int[] {10_000, 1_000_000}) {
        run(work.resolve(codec + "-" + keys), bytes, compression(codec), codec, keys);
      }
    }
  }

  private static void run(Path dir, long bytes, Compression compression, String codec, int keys)
      throws IOException {
    DurableFiles.deleteRecursively(dir);
    Random random = new Random(42);
    long now = System.currentTimeMillis();
    try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
      write(log, bytes, compression, keys, random, now);
      roll(log, dir);
      LogCleaner cleaner = new LogCleaner();
      print(codec, keys, "full", cleaner.clean(log, now, Map.of()));
      // the incremental pass runs whatever the dirty ratio
      log.updateConfig(CONFIG.withCleanup(new LogCleanup(false, true, 0, 0, 0, Long.MAX_VALUE)));
      write(log, bytes / 10, compression, keys, random, now);
      roll(log, dir);
      print(codec, keys, "+10%", cleaner.clean(log, now, Map.of()));
      print(codec, keys, "again", cleaner.clean(log, now, Map.of()));
      writeTombstones(log, compression, keys, random, now);
      roll(log, dir);
      print(codec, keys, "delete", cleaner.clean(log, now, Map.of()));
      print(codec, keys, "expire", cleaner.clean(log, now + 1, Map.of()));
    }
    DurableFiles.deleteRecursively(dir);
  }

  private static void reopen(Path dir, long bytes, int recordsPerBatch, int valueBytes)
      throws IOException {
    DurableFiles.deleteRecursively(dir);
    Random random = new Random(42);
    long now = System.currentTimeMillis();
    long batches = 0;
    try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
      long written = 0;
      while (written < bytes) {
        SimpleRecord[] records = new SimpleRecord[recordsPerBatch];
        for (int i = 0; i < records.length; i++) {
          byte[] value = new byte[valueBytes];
          random.nextBytes(value);
          byte[] key = ("user-" + (batches * recordsPerBatch + i)).getBytes(StandardCharsets.UTF_8);
          records[i] = new SimpleRecord(now, key, value);
        }
        MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, records);
        written += batch.sizeInBytes();
        batches++;
        log.append(batch, 1);
      }
      roll(log, dir);
      new LogCleaner().clean(log, now, Map.of());
    }
    System.out.println("batches | records per batch | MiB | MiB read | milliseconds");
    for (int i = 0; i < 3; i++) {
      try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
        LogCleaner cleaner = new LogCleaner();
        long started = System.nanoTime();
        cleaner.inspect(log, now);
        long nanos = System.nanoTime() - started;
        System.out.printf(
            Locale.ROOT,
            "%,d | %d | %.0f | %.0f | %.1f%n",
            batches,
            recordsPerBatch,
            bytes / 1048576.0,
            cleaner.io().bytesRead() / 1048576.0,
            nanos / 1e6);
      }
    }
    DurableFiles.deleteRecursively(dir);
  }

  private static void write(
      PartitionLog log, long bytes, Compression compression, int keys, Random random, long now) {
    long written = 0;
    while (written < bytes) {
      SimpleRecord[] records = new SimpleRecord[RECORDS_PER_BATCH];
      for (int i = 0; i < records.length; i++) {
        records[i] =
            new SimpleRecord(
                now,
                ("user-" + random.nextInt(keys)).getBytes(StandardCharsets.UTF_8),
                value(random));
      }
      MemoryRecords batch = MemoryRecords.withRecords(compression, records);
      written += batch.sizeInBytes();
      log.append(batch, 1);
    }
  }

  /** One batch of tombstones for keys drawn as the values' keys were. */
  private static void writeTombstones(
      PartitionLog log, Compression compression, int keys, Random random, long now) {
    SimpleRecord[] records = new SimpleRecord[RECORDS_PER_BATCH];
    for (int i = 0; i < records.length; i++) {
      records[i] =
          new SimpleRecord(
              now, ("user-" + random.nextInt(keys)).getBytes(StandardCharsets.UTF_8), null);
    }
    log.append(MemoryRecords.withRecords(compression, records), 1);
  }

  /** Rolls the active segment (a checkpoint does, and fsyncs): the cleaner reads closed ones. */
  private static void roll(PartitionLog log, Path dir) throws IOException {
    Path checkpoint = dir.resolveSibling(dir.getFileName() + "-checkpoint");
    DurableFiles.deleteRecursively(checkpoint);
    log.checkpointInto(checkpoint);
    DurableFiles.deleteRecursively(checkpoint);
  }

  private static void print(String codec, int keys, String pass, CleanResult r) {
    double seconds = r.nanos() / 1e9;
    double read = r.bytesRead() / 1048576.0;
    System.out.printf(
        Locale.ROOT,
        "%s | %,d | %s | %.0f | %.0f | %,d | %.1f%% | %.0f | %.2f | %.0f | %.0f%n",
        codec,
        keys,
        pass,
        r.bytesMapped() / 1048576.0,
        read,
        r.recordsRead(),
        100.0 * r.recordsRemoved() / Math.max(1, r.recordsRead()),
        r.bytesWritten() / 1048576.0,
        seconds,
        seconds == 0 ? 0 : read / seconds,
        seconds == 0 ? 0 : r.recordsRead() / seconds / 1000);
  }

  /** A JSON-like value of about 1 KiB. */
  private static byte[] value(Random random) {
    StringBuilder sb = new StringBuilder(RECORD_BYTES + 32);
    sb.append("{\"amount\":")
        .append(random.nextInt(100_000) / 100.0)
        .append(",\"session\":\"")
        .append(Long.toHexString(random.nextLong()))
        .append("\",\"note\":\"");
    while (sb.length() < RECORD_BYTES - 2) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    sb.setLength(RECORD_BYTES - 2);
    return sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Compression compression(String codec) {
    return switch (codec) {
      case "none" -> Compression.NONE;
      case "lz4" -> Compression.lz4().build();
      case "zstd" -> Compression.zstd().build();
      case "gzip" -> Compression.gzip().build();
      default -> throw new IllegalArgumentException("unknown codec " + codec);
    };
  }
}
