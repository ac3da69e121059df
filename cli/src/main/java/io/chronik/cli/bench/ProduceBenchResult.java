package io.chronik.cli.bench;

import java.util.Locale;

/**
 * The outcome of a produce run, in the shape of Kafka's {@code ProducerPerformance} summary. The
 * JSON form has exactly these fields, always present.
 *
 * @param topic the topic written to
 * @param records records sent (acknowledged or failed)
 * @param errors records that failed
 * @param recordSize the value size of each record, in bytes
 * @param acks the producer's acks setting
 * @param elapsedSeconds from the first send until the last acknowledgement
 * @param recordsPerSec records sent per second
 * @param mibPerSec record payload sent per second, in MiB (2^20 bytes)
 * @param latencyMs send-to-acknowledgement latency of the records that succeeded
 */
record ProduceBenchResult(
    String topic,
    long records,
    long errors,
    int recordSize,
    String acks,
    double elapsedSeconds,
    double recordsPerSec,
    double mibPerSec,
    Latency latencyMs) {

  private static final double MIB = 1024.0 * 1024.0;

  /** Latency statistics in milliseconds. */
  record Latency(double avg, double p50, double p95, double p99, double p999, double max) {}

  static ProduceBenchResult of(
      String topic,
      long records,
      long errors,
      int recordSize,
      String acks,
      long elapsedNanos,
      Latency latency) {
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    return new ProduceBenchResult(
        topic,
        records,
        errors,
        recordSize,
        acks,
        round(seconds, 3),
        round(records / seconds, 1),
        round(records * (double) recordSize / MIB / seconds, 2),
        latency);
  }

  /** The one-line summary, as Kafka's {@code ProducerPerformance} prints it (MiB, plus errors). */
  String text() {
    return String.format(
        Locale.ROOT,
        "%d records sent, %.1f records/sec (%.2f MiB/sec), %.2f ms avg latency, %.2f ms max"
            + " latency, %.2f ms 50th, %.2f ms 95th, %.2f ms 99th, %.2f ms 99.9th, %d errors.",
        records,
        recordsPerSec,
        mibPerSec,
        latencyMs.avg(),
        latencyMs.max(),
        latencyMs.p50(),
        latencyMs.p95(),
        latencyMs.p99(),
        latencyMs.p999(),
        errors);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
