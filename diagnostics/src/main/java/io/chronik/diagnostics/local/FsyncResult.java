package io.chronik.diagnostics.local;

import java.util.Arrays;
import java.util.List;

/**
 * The latencies of one fsync probe: {@code writes} appends of {@code blockBytes} each followed by
 * an fdatasync, like a Raft log append.
 *
 * @param dir the directory the probe wrote in
 * @param blockBytes bytes per write
 * @param nanos the latency of each write plus its sync, in order
 */
public record FsyncResult(String dir, int blockBytes, List<Long> nanos) {
  public FsyncResult {
    nanos = List.copyOf(nanos);
  }

  public int writes() {
    return nanos.size();
  }

  /** The {@code q} quantile (0..1) in milliseconds, nearest-rank. */
  public double quantileMs(double q) {
    if (nanos.isEmpty()) {
      return 0;
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  public double p50Ms() {
    return quantileMs(0.50);
  }

  public double p99Ms() {
    return quantileMs(0.99);
  }

  public double maxMs() {
    return quantileMs(1.0);
  }
}
