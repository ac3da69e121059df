package io.chronik.broker.log;

import java.util.List;

/**
 * A durable, immutable image of a partition log taken for a snapshot: the closed segments (hard
 * links to the log's own files, with their indexes) and the leader epochs, in one directory.
 *
 * <p>Invariants: the segment files are contiguous and cover {@code [firstSegmentBase,
 * logEndOffset)}; {@code logStartOffset} lies in that range (or equals {@code logEndOffset} when
 * there is no segment). A segment file named here is never written again by the log: it was closed
 * before it was linked, and the log cuts only segments at or above its last snapshot's end offset.
 *
 * @param logStartOffset the first offset readers may ask for
 * @param logEndOffset the next offset to assign: the log holds exactly the offsets below it
 * @param files the file names in the checkpoint directory (segments, indexes, epoch checkpoint)
 */
public record LogCheckpoint(long logStartOffset, long logEndOffset, List<String> files) {
  public LogCheckpoint {
    files = List.copyOf(files);
    if (logStartOffset < 0 || logStartOffset > logEndOffset) {
      throw new IllegalArgumentException(
          "log checkpoint offsets out of order: [" + logStartOffset + ", " + logEndOffset + ")");
    }
  }
}
