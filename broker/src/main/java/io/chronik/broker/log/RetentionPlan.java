package io.chronik.broker.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * Which segments {@link PartitionLog#applyRetention} deletes: with {@code cleanup.policy} {@code
 * delete} (alone or with {@code compact}), the oldest closed segments whose newest record is more
 * than {@code retention.ms} older than now, then the oldest closed segments while the log would
 * still hold at least {@code retention.bytes} without them (Kafka's rule); with any policy, closed
 * segments wholly below the log start offset. The active (last) segment always stays.
 */
final class RetentionPlan {
  private RetentionPlan() {}

  /** How many of the oldest segments go. */
  static int oldestToDelete(
      NavigableMap<Long, LogSegment> segments, LogConfig limits, long nowMs, long logStartOffset)
      throws IOException {
    List<LogSegment> list = new ArrayList<>(segments.values());
    int closed = list.size() - 1;
    int n = 0;
    boolean delete = limits.cleanup().delete();
    while (n < closed
        && delete
        && limits.retentionMs() >= 0
        && nowMs - list.get(n).largestTimestamp() > limits.retentionMs()) {
      n++;
    }
    long size = 0;
    for (LogSegment segment : list.subList(n, list.size())) {
      size += segment.sizeInBytes();
    }
    while (n < closed
        && delete
        && limits.retentionBytes() >= 0
        && size - list.get(n).sizeInBytes() >= limits.retentionBytes()) {
      size -= list.get(n).sizeInBytes();
      n++;
    }
    while (n < closed && list.get(n + 1).baseOffset() <= logStartOffset) {
      n++;
    }
    return n;
  }
}
