package io.chronik.broker;

import io.chronik.broker.snapshot.Compression;
import io.chronik.broker.snapshot.store.StoreTarget;
import java.util.Objects;

/**
 * How a node snapshots its Raft groups (docs/snapshots.md, "Snapshots in the broker").
 *
 * @param enabled whether snapshots are taken at all (every trigger); off, the Raft log is never
 *     purged
 * @param logThreshold log entries since the last snapshot that trigger one (Ratis' auto trigger)
 * @param logBytesThreshold bytes of a group's closed Raft log segments that trigger a snapshot (the
 *     log is purged up to it), so that the log on disk, and what a restarting node replays, stays
 *     bounded in bytes however large the entries are
 * @param timeThresholdSecs age of the last snapshot after which a group with new entries gets one
 * @param compression the compression of the archives written to {@code <data-dir>/snapshots/}
 * @param retentionCount archives kept per group, locally and in the store (the newest good one
 *     always stays)
 * @param store where the group leaders upload archives; null for none
 * @param raftLogSegmentBytes the size of a Ratis log segment; the log is purged in whole segments
 */
public record SnapshotSettings(
    boolean enabled,
    long logThreshold,
    long logBytesThreshold,
    long timeThresholdSecs,
    Compression compression,
    int retentionCount,
    StoreTarget store,
    long raftLogSegmentBytes) {

  /**
   * 8 MiB: Ratis keeps each group's open segment (and a few closed ones) in heap, so the segment
   * size bounds the heap a group that takes writes holds (64 MiB segments held ~0.6 GiB of live
   * heap per node with 12 partitions; docs/performance.md).
   */
  public static final long DEFAULT_RAFT_LOG_SEGMENT_BYTES = 8L * 1024 * 1024;

  /** 128 MiB: what a group's Raft log may hold before it is snapshotted and purged. */
  public static final long DEFAULT_LOG_BYTES_THRESHOLD = 128L * 1024 * 1024;

  /** The smallest log bytes threshold taken. */
  public static final long MIN_LOG_BYTES_THRESHOLD = 1024L * 1024;

  public SnapshotSettings {
    Objects.requireNonNull(compression, "compression");
    if (logThreshold < 1) {
      throw new IllegalArgumentException(
          "snapshot log threshold must be >= 1, got " + logThreshold);
    }
    if (logBytesThreshold < MIN_LOG_BYTES_THRESHOLD) {
      throw new IllegalArgumentException(
          "snapshot log bytes threshold must be >= 1 MiB, got " + logBytesThreshold);
    }
    if (timeThresholdSecs < 1) {
      throw new IllegalArgumentException(
          "snapshot time threshold must be >= 1 second, got " + timeThresholdSecs);
    }
    if (retentionCount < 1) {
      throw new IllegalArgumentException(
          "snapshot retention count must be >= 1, got " + retentionCount);
    }
    if (raftLogSegmentBytes < 2L * 1024 * 1024) {
      throw new IllegalArgumentException(
          "Raft log segment size must be >= 2 MiB, got " + raftLogSegmentBytes);
    }
  }

  /**
   * The defaults: on, 10,000 entries, 128 MiB of Raft log or one hour, zstd, 3 archives, no store.
   */
  public static SnapshotSettings defaults() {
    return new SnapshotSettings(
        true,
        10_000,
        DEFAULT_LOG_BYTES_THRESHOLD,
        3600,
        Compression.ZSTD,
        3,
        null,
        DEFAULT_RAFT_LOG_SEGMENT_BYTES);
  }

  public SnapshotSettings withEnabled(boolean v) {
    return new SnapshotSettings(
        v,
        logThreshold,
        logBytesThreshold,
        timeThresholdSecs,
        compression,
        retentionCount,
        store,
        raftLogSegmentBytes);
  }

  public SnapshotSettings withLogThreshold(long v) {
    return new SnapshotSettings(
        enabled,
        v,
        logBytesThreshold,
        timeThresholdSecs,
        compression,
        retentionCount,
        store,
        raftLogSegmentBytes);
  }

  public SnapshotSettings withLogBytesThreshold(long v) {
    return new SnapshotSettings(
        enabled,
        logThreshold,
        v,
        timeThresholdSecs,
        compression,
        retentionCount,
        store,
        raftLogSegmentBytes);
  }

  public SnapshotSettings withTimeThresholdSecs(long v) {
    return new SnapshotSettings(
        enabled,
        logThreshold,
        logBytesThreshold,
        v,
        compression,
        retentionCount,
        store,
        raftLogSegmentBytes);
  }

  public SnapshotSettings withCompression(Compression v) {
    return new SnapshotSettings(
        enabled,
        logThreshold,
        logBytesThreshold,
        timeThresholdSecs,
        v,
        retentionCount,
        store,
        raftLogSegmentBytes);
  }

  public SnapshotSettings withRetentionCount(int v) {
    return new SnapshotSettings(
        enabled,
        logThreshold,
        logBytesThreshold,
        timeThresholdSecs,
        compression,
        v,
        store,
        raftLogSegmentBytes);
  }

  public SnapshotSettings withStore(StoreTarget v) {
    return new SnapshotSettings(
        enabled,
        logThreshold,
        logBytesThreshold,
        timeThresholdSecs,
        compression,
        retentionCount,
        v,
        raftLogSegmentBytes);
  }

  public SnapshotSettings withRaftLogSegmentBytes(long v) {
    return new SnapshotSettings(
        enabled,
        logThreshold,
        logBytesThreshold,
        timeThresholdSecs,
        compression,
        retentionCount,
        store,
        v);
  }
}
