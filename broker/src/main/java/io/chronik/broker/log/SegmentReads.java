package io.chronik.broker.log;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The reads of a {@link PartitionLog} across its segments: fetch, the searches by timestamp, and
 * the tail of batch headers. The caller holds the log's read lock and passes the offsets it
 * checked.
 */
final class SegmentReads {
  private SegmentReads() {}

  /**
   * Whole batches from the segment holding {@code startOffset} on; none at or after {@code limit}.
   */
  static FetchData read(
      NavigableMap<Long, LogSegment> segments,
      long startOffset,
      int maxBytes,
      long limit,
      boolean minOneBatch)
      throws IOException {
    for (LogSegment segment : segments.tailMap(segments.floorKey(startOffset), true).values()) {
      Optional<FetchData> data = segment.reader().read(startOffset, maxBytes, limit, minOneBatch);
      if (data.isPresent()) {
        return data.get();
      }
    }
    return FetchData.EMPTY;
  }

  /** The first record in [{@code start}, {@code end}) whose timestamp is {@code >= timestamp}. */
  static Optional<TimestampOffset> offsetForTimestamp(
      NavigableMap<Long, LogSegment> segments, long timestamp, long start, long end)
      throws IOException {
    for (LogSegment segment : segments.tailMap(segments.floorKey(start), true).values()) {
      if (segment.baseOffset() >= end) {
        break;
      }
      Optional<TimestampOffset> found =
          segment.reader().findOffsetByTimestamp(timestamp, start, end);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * The record with the largest timestamp in the segments from the one holding {@code start} (the
   * first of equals). A segment's running max is an upper bound of its records' timestamps (a batch
   * the log cleaner emptied keeps its max), so the segments are visited from the largest bound down
   * and the search stops at a bound below the best record found.
   */
  static Optional<TimestampOffset> maxTimestampOffset(
      NavigableMap<Long, LogSegment> segments, long start) throws IOException {
    List<LogSegment> byBound = new ArrayList<>();
    for (LogSegment segment : segments.tailMap(segments.floorKey(start), true).values()) {
      if (segment.maxTimestampAndOffset() != null) {
        byBound.add(segment);
      }
    }
    // largest bound first; among equal bounds, offset order (the map's), as the sort is stable
    byBound.sort(
        Comparator.comparingLong((LogSegment s) -> s.maxTimestampAndOffset().timestamp())
            .reversed());
    TimestampOffset best = null;
    for (LogSegment segment : byBound) {
      long bound = segment.maxTimestampAndOffset().timestamp();
      if (best != null && bound < best.timestamp()) {
        break;
      }
      if (best != null && bound == best.timestamp() && segment.baseOffset() > best.offset()) {
        continue; // at best a tie, after the record found
      }
      Optional<TimestampOffset> found = segment.reader().maxTimestampRecord();
      if (found.isPresent()
          && (best == null
              || found.get().timestamp() > best.timestamp()
              || found.get().timestamp() == best.timestamp()
                  && found.get().offset() < best.offset())) {
        best = found.get();
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The last {@code count} batches that end below {@code limit} and at or after {@code start},
   * oldest first, walking the segments back from the one below {@code limit}.
   */
  static List<BatchSummary> lastBatches(
      NavigableMap<Long, LogSegment> segments, long limit, long start, int count)
      throws IOException {
    ArrayDeque<BatchSummary> out = new ArrayDeque<>();
    for (LogSegment segment : segments.headMap(limit, false).descendingMap().values()) {
      List<BatchSummary> part = segment.reader().lastBatches(limit, count - out.size());
      for (int i = part.size() - 1; i >= 0; i--) {
        if (part.get(i).lastOffset() >= start) {
          out.addFirst(part.get(i));
        }
      }
      if (out.size() >= count || segment.baseOffset() <= start) {
        break;
      }
    }
    return List.copyOf(out);
  }
}
