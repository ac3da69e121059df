package io.chronik.cli.bench;

import java.util.Arrays;

/**
 * Send-to-acknowledgement latencies of a produce run, in microseconds. Count, sum and maximum cover
 * every record; percentiles come from a sample of at most {@code maxSamples} records, taken every
 * n-th record as Kafka's {@code ProducerPerformance} does, so memory stays bounded on long runs.
 *
 * <p>Producer callbacks run on the producer's I/O thread while the summary is read by the sending
 * thread, so the methods are synchronized.
 */
final class LatencyRecorder {
  private final long sampling;
  private final int[] samples;
  private int sampleCount;
  private long count;
  private long sumMicros;
  private long maxMicros;

  LatencyRecorder(long expectedRecords, int maxSamples) {
    this.sampling = Math.max(1, (expectedRecords + maxSamples - 1) / maxSamples);
    this.samples = new int[(int) Math.min(maxSamples, expectedRecords / sampling + 1)];
  }

  /** Records the latency of the {@code index}-th record (0-based). */
  synchronized void record(long index, long micros) {
    count++;
    sumMicros += micros;
    maxMicros = Math.max(maxMicros, micros);
    if (index % sampling == 0 && sampleCount < samples.length) {
      samples[sampleCount++] = (int) Math.min(Integer.MAX_VALUE, micros);
    }
  }

  /** The latencies so far, in milliseconds; all zero when nothing was recorded. */
  synchronized ProduceBenchResult.Latency summary() {
    if (count == 0) {
      return new ProduceBenchResult.Latency(0, 0, 0, 0, 0, 0);
    }
    int[] sorted = Arrays.copyOf(samples, sampleCount);
    Arrays.sort(sorted);
    return new ProduceBenchResult.Latency(
        millis((double) sumMicros / count),
        millis(percentile(sorted, 0.50)),
        millis(percentile(sorted, 0.95)),
        millis(percentile(sorted, 0.99)),
        millis(percentile(sorted, 0.999)),
        millis(maxMicros));
  }

  synchronized long count() {
    return count;
  }

  private static double percentile(int[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Microseconds to milliseconds, rounded to the microsecond. */
  private static double millis(double micros) {
    return Math.round(micros) / 1000.0;
  }
}
