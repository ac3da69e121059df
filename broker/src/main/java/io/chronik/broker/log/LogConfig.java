package io.chronik.broker.log;

/**
 * Storage settings of one partition log.
 *
 * @param segmentBytes the size at which the active segment rolls ({@code segment.bytes}); at most
 *     {@link Integer#MAX_VALUE} because file positions in the offset index are 32-bit
 * @param segmentMs the age at which a non-empty active segment rolls ({@code segment.ms}), measured
 *     from the first batch's max timestamp (or the segment's creation when it has none)
 * @param retentionMs how long a closed segment is kept after its newest record ({@code
 *     retention.ms}); -1: unlimited
 * @param retentionBytes the size the log may keep before its oldest segments go ({@code
 *     retention.bytes}); -1: unlimited
 * @param indexIntervalBytes the bytes appended between two sparse index entries ({@code
 *     index.interval.bytes}); 0 indexes every batch
 * @param cleanup the {@code cleanup.policy} and the compaction settings: retention applies only
 *     with {@code delete}, the log cleaner only with {@code compact}
 */
public record LogConfig(
    long segmentBytes,
    long segmentMs,
    long retentionMs,
    long retentionBytes,
    int indexIntervalBytes,
    LogCleanup cleanup) {

  public static final long DEFAULT_SEGMENT_BYTES = 256L * 1024 * 1024;
  public static final long DEFAULT_SEGMENT_MS = 7L * 24 * 3600 * 1000;
  public static final long DEFAULT_RETENTION_MS = 7L * 24 * 3600 * 1000;
  public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;

  public LogConfig {
    if (segmentBytes <= 0 || segmentBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "segmentBytes must be in [1, " + Integer.MAX_VALUE + "], got " + segmentBytes);
    }
    if (segmentMs <= 0) {
      throw new IllegalArgumentException("segmentMs must be > 0, got " + segmentMs);
    }
    if (retentionMs < -1) {
      throw new IllegalArgumentException("retentionMs must be >= -1, got " + retentionMs);
    }
    if (retentionBytes < -1) {
      throw new IllegalArgumentException("retentionBytes must be >= -1, got " + retentionBytes);
    }
    if (indexIntervalBytes < 0) {
      throw new IllegalArgumentException(
          "indexIntervalBytes must be >= 0, got " + indexIntervalBytes);
    }
    java.util.Objects.requireNonNull(cleanup, "cleanup");
  }

  /** Settings with {@code cleanup.policy=delete} (Kafka's default). */
  public LogConfig(
      long segmentBytes,
      long segmentMs,
      long retentionMs,
      long retentionBytes,
      int indexIntervalBytes) {
    this(
        segmentBytes,
        segmentMs,
        retentionMs,
        retentionBytes,
        indexIntervalBytes,
        LogCleanup.deleteOnly());
  }

  /**
   * The age at which a non-empty active segment rolls: {@code segment.ms}, or {@code
   * max.compaction.lag.ms} when that is shorter and the log is compacted (Kafka's rule), so that
   * the cleaner gets to every record within that lag.
   */
  public long rollMs() {
    return cleanup.compact() ? Math.min(segmentMs, cleanup.maxCompactionLagMs()) : segmentMs;
  }

  /** Kafka's defaults: 256 MiB or 7 days per segment, 7 days retention, no size limit. */
  public static LogConfig defaults() {
    return new LogConfig(
        DEFAULT_SEGMENT_BYTES,
        DEFAULT_SEGMENT_MS,
        DEFAULT_RETENTION_MS,
        -1L,
        DEFAULT_INDEX_INTERVAL_BYTES);
  }

  /** A copy with another segment size. */
  public LogConfig withSegmentBytes(long bytes) {
    return new LogConfig(
        bytes, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, cleanup);
  }

  /** A copy with other retention limits (-1: unlimited). */
  public LogConfig withRetention(long ms, long bytes) {
    return new LogConfig(segmentBytes, segmentMs, ms, bytes, indexIntervalBytes, cleanup);
  }

  /** A copy with another cleanup policy and compaction settings. */
  public LogConfig withCleanup(LogCleanup other) {
    return new LogConfig(
        segmentBytes, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, other);
  }
}
