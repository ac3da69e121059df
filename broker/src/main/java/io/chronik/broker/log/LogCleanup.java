package io.chronik.broker.log;

import java.util.ArrayList;
import java.util.List;

/**
 * What a topic's {@code cleanup.policy} and compaction settings ask of its partition logs.
 *
 * @param delete whether time and size retention ({@code retention.ms}, {@code retention.bytes})
 *     delete old segments ({@code delete} in {@code cleanup.policy})
 * @param compact whether the log cleaner compacts the log: keeps, per key, only the record with the
 *     highest offset ({@code compact} in {@code cleanup.policy})
 * @param minCleanableDirtyRatio the share of the log's bytes not yet cleaned above which the
 *     cleaner compacts it ({@code min.cleanable.dirty.ratio}, 0 to 1)
 * @param deleteRetentionMs how long a tombstone (a record with a null value) stays after the
 *     cleaning that first kept it ({@code delete.retention.ms}, at least 0)
 * @param minCompactionLagMs how long a record stays uncompacted at least: segments holding a newer
 *     record are not cleaned ({@code min.compaction.lag.ms}, at least 0)
 * @param maxCompactionLagMs how long a record stays uncompacted at most: older uncleaned data makes
 *     the log due whatever its dirty ratio, and the active segment rolls at this age ({@code
 *     max.compaction.lag.ms}, at least 1)
 */
public record LogCleanup(
    boolean delete,
    boolean compact,
    double minCleanableDirtyRatio,
    long deleteRetentionMs,
    long minCompactionLagMs,
    long maxCompactionLagMs) {

  public static final double DEFAULT_MIN_CLEANABLE_DIRTY_RATIO = 0.5;
  public static final long DEFAULT_DELETE_RETENTION_MS = 24L * 3600 * 1000;
  public static final long DEFAULT_MIN_COMPACTION_LAG_MS = 0;
  public static final long DEFAULT_MAX_COMPACTION_LAG_MS = Long.MAX_VALUE;

  public LogCleanup {
    if (!delete && !compact) {
      throw new IllegalArgumentException("a cleanup policy deletes, compacts, or both");
    }
    if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
      throw new IllegalArgumentException(
          "minCleanableDirtyRatio must be in [0, 1], got " + minCleanableDirtyRatio);
    }
    if (deleteRetentionMs < 0) {
      throw new IllegalArgumentException(
          "deleteRetentionMs must be >= 0, got " + deleteRetentionMs);
    }
    if (minCompactionLagMs < 0) {
      throw new IllegalArgumentException(
          "minCompactionLagMs must be >= 0, got " + minCompactionLagMs);
    }
    if (maxCompactionLagMs < 1) {
      throw new IllegalArgumentException(
          "maxCompactionLagMs must be >= 1, got " + maxCompactionLagMs);
    }
    if (minCompactionLagMs > maxCompactionLagMs) {
      throw new IllegalArgumentException(
          "minCompactionLagMs "
              + minCompactionLagMs
              + " is above maxCompactionLagMs "
              + maxCompactionLagMs);
    }
  }

  /** Kafka's default: {@code cleanup.policy=delete}, the compaction settings at their defaults. */
  public static LogCleanup deleteOnly() {
    return new LogCleanup(
        true,
        false,
        DEFAULT_MIN_CLEANABLE_DIRTY_RATIO,
        DEFAULT_DELETE_RETENTION_MS,
        DEFAULT_MIN_COMPACTION_LAG_MS,
        DEFAULT_MAX_COMPACTION_LAG_MS);
  }

  /** {@code cleanup.policy=compact} with the default compaction settings. */
  public static LogCleanup compacted() {
    return deleteOnly().withPolicy(false, true);
  }

  /** A copy with another {@code cleanup.policy}. */
  public LogCleanup withPolicy(boolean delete, boolean compact) {
    return new LogCleanup(
        delete,
        compact,
        minCleanableDirtyRatio,
        deleteRetentionMs,
        minCompactionLagMs,
        maxCompactionLagMs);
  }

  /** A copy with other {@code min.compaction.lag.ms} and {@code max.compaction.lag.ms}. */
  public LogCleanup withLags(long minMs, long maxMs) {
    return new LogCleanup(delete, compact, minCleanableDirtyRatio, deleteRetentionMs, minMs, maxMs);
  }

  /**
   * Parses a {@code cleanup.policy} value: a comma-separated list of {@code delete} and {@code
   * compact} (either order, each at most once, blanks around the names ignored).
   *
   * @return {delete, compact}
   * @throws IllegalArgumentException for an empty list, another name, or a name given twice
   */
  public static boolean[] parsePolicy(String value) {
    List<String> names = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      names.add(part.trim());
    }
    boolean delete = false;
    boolean compact = false;
    for (String name : names) {
      switch (name) {
        case "delete" -> {
          if (delete) {
            throw new IllegalArgumentException("'delete' is named twice");
          }
          delete = true;
        }
        case "compact" -> {
          if (compact) {
            throw new IllegalArgumentException("'compact' is named twice");
          }
          compact = true;
        }
        default ->
            throw new IllegalArgumentException(
                (name.isEmpty() ? "an empty name" : "'" + name + "'")
                    + " is not a cleanup policy; use delete, compact or compact,delete");
      }
    }
    return new boolean[] {delete, compact};
  }
}
