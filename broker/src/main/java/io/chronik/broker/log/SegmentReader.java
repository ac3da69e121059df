package io.chronik.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The reads of one {@link LogSegment}: fetch, the searches by timestamp and the tail of batch
 * headers. Each starts from the sparse index entry at or below its target and scans whole batches
 * forward; it never writes. Callers hold the {@link PartitionLog}'s read lock.
 */
final class SegmentReader {

  private final Path file;
  private final long baseOffset;
  private final FileRecords log;
  private final SegmentIndexes indexes;

  SegmentReader(Path file, long baseOffset, FileRecords log, SegmentIndexes indexes) {
    this.file = file;
    this.baseOffset = baseOffset;
    this.log = log;
    this.indexes = indexes;
  }

  /**
   * Whole batches from the one containing {@code startOffset}: at most {@code maxBytes} (but at
   * least one batch when {@code minOneBatch}), none starting at or after {@code limitOffset}. Empty
   * when this segment holds no batch containing {@code startOffset}.
   */
  Optional<FetchData> read(long startOffset, int maxBytes, long limitOffset, boolean minOneBatch)
      throws IOException {
    int position = indexes.offsets().lookup(startOffset).position();
    if (position >= log.sizeInBytes()) {
      return Optional.empty();
    }
    int start = -1;
    int end = -1;
    long firstOffset = -1;
    for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
      if (start < 0) {
        if (batch.lastOffset() < startOffset) {
          continue;
        }
        if (batch.baseOffset() >= limitOffset || batch.sizeInBytes() > maxBytes && !minOneBatch) {
          return Optional.of(FetchData.EMPTY);
        }
        start = batch.position();
        end = start + batch.sizeInBytes();
        firstOffset = batch.baseOffset();
      } else if (batch.baseOffset() >= limitOffset
          || (long) end - start + batch.sizeInBytes() > maxBytes) {
        break;
      } else {
        end += batch.sizeInBytes();
      }
    }
    if (start < 0) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.allocate(end - start);
    log.readInto(buffer, start);
    if (buffer.remaining() != end - start) {
      throw new IOException("short read of " + file + " at position " + start);
    }
    return Optional.of(new FetchData(firstOffset, MemoryRecords.readableRecords(buffer)));
  }

  /**
   * The first record at or after {@code startingOffset} (and before {@code endOffset}) whose
   * timestamp is {@code >= timestamp}.
   */
  Optional<TimestampOffset> findOffsetByTimestamp(
      long timestamp, long startingOffset, long endOffset) throws IOException {
    TimestampOffset max = indexes.maxTimestampAndOffset();
    if (max == null || max.timestamp() < timestamp) {
      return Optional.empty();
    }
    long from =
        indexes.times().lastEntryBefore(timestamp).map(TimeIndex.Entry::offset).orElse(baseOffset);
    int position = indexes.offsets().lookup(Math.max(from, startingOffset)).position();
    for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
      if (batch.baseOffset() >= endOffset) {
        break;
      }
      if (batch.lastOffset() < startingOffset || batch.maxTimestamp() < timestamp) {
        continue;
      }
      for (Record record : batch) {
        if (record.offset() >= startingOffset && record.timestamp() >= timestamp) {
          return Optional.of(new TimestampOffset(record.timestamp(), record.offset()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The last {@code count} batches of this segment that end below {@code limitOffset}, oldest
   * first, leaving out those the log cleaner re-encoded: their stored headers, each checked against
   * its CRC. Scans forward from the offset index entry nearest the limit and steps back one index
   * entry at a time until it has enough, so a large segment is not read from its start.
   */
  List<BatchSummary> lastBatches(long limitOffset, int count) throws IOException {
    ArrayDeque<BatchSummary> found = new ArrayDeque<>();
    if (count <= 0 || limitOffset <= baseOffset) {
      return List.of();
    }
    long target = limitOffset - 1;
    int stop = Integer.MAX_VALUE;
    try {
      while (true) {
        OffsetIndex.Entry entry = indexes.offsets().lookup(target);
        int from = entry.position();
        List<BatchSummary> part = new ArrayList<>();
        if (from < log.sizeInBytes()) {
          for (FileChannelRecordBatch batch : log.batchesFrom(from)) {
            if (batch.position() >= stop || batch.baseOffset() >= limitOffset) {
              break;
            }
            if (batch.lastOffset() < limitOffset && !rewrittenByCleaner(batch)) {
              part.add(
                  new BatchSummary(
                      batch.baseOffset(),
                      batch.lastOffset(),
                      batch.partitionLeaderEpoch(),
                      batch.checksum(),
                      batch.isValid(),
                      batch.sizeInBytes()));
            }
          }
        }
        for (int i = part.size() - 1; i >= 0 && found.size() < count; i--) {
          found.addFirst(part.get(i));
        }
        if (found.size() >= count || from == 0) {
          return List.copyOf(found);
        }
        stop = from;
        target = entry.offset() - 1;
      }
    } catch (KafkaException e) {
      throw ioCause(e);
    }
  }

  /**
   * Whether the log cleaner re-encoded {@code batch}: it lost records (fewer than its offset range,
   * as a producer never sends) or carries a delete horizon. Each replica cleans its own log, so
   * such a batch may differ between replicas; a batch the cleaner kept whole is the bytes the
   * producer sent.
   */
  static boolean rewrittenByCleaner(RecordBatch batch) {
    Integer count = batch.countOrNull();
    return count == null
        || count != batch.lastOffset() - batch.baseOffset() + 1
        || batch.deleteHorizonMs().isPresent();
  }

  /**
   * The record holding the largest timestamp of the records this segment still holds (the first
   * such record), or empty when none has a timestamp. Usually that is the batch the running max
   * names; but a batch the log cleaner emptied keeps its max timestamp with no record left (it
   * stays for a producer's sequence numbers or to end its segment), and then every batch header is
   * read to find the largest among the batches that hold records.
   */
  Optional<TimestampOffset> maxTimestampRecord() throws IOException {
    TimestampOffset max = indexes.maxTimestampAndOffset();
    if (max == null) {
      return Optional.empty();
    }
    try {
      int position = indexes.offsets().lookup(max.offset()).position();
      for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
        if (batch.baseOffset() > max.offset()) {
          break;
        }
        if (batch.baseOffset() == max.offset()) {
          Optional<TimestampOffset> found = recordOfMaxTimestamp(batch);
          if (found.isPresent()) {
            return found;
          }
          break;
        }
      }
      FileChannelRecordBatch best = null;
      for (FileChannelRecordBatch batch : log.batches()) {
        Integer count = batch.countOrNull();
        boolean empty = count != null && count == 0;
        if (!empty
            && batch.maxTimestamp() >= 0
            && (best == null || batch.maxTimestamp() > best.maxTimestamp())) {
          best = batch;
        }
      }
      return best == null ? Optional.empty() : recordOfMaxTimestamp(best);
    } catch (KafkaException e) {
      throw ioCause(e);
    }
  }

  private static Optional<TimestampOffset> recordOfMaxTimestamp(RecordBatch batch) {
    return batch
        .offsetOfMaxTimestamp()
        .map(offset -> new TimestampOffset(batch.maxTimestamp(), offset));
  }

  /** The I/O error a Kafka record iterator wrapped, or the exception itself when it is not one. */
  static IOException ioCause(KafkaException e) {
    if (e.getCause() instanceof IOException io) {
      return io;
    }
    throw e;
  }
}
