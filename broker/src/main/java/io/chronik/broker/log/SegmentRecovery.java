package io.chronik.broker.log;

import static io.chronik.broker.log.SegmentReader.ioCause;

import java.io.IOException;
import java.util.Iterator;
import java.util.OptionalLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.RecordBatch;

/**
 * How a {@link LogSegment} opened from disk learns its state: a full scan that checks every batch
 * (magic, increasing offsets, leader-epoch order, CRC-32C) and rebuilds the indexes, or, for a
 * segment known to be durable, a load from its indexes that reads only the batch headers after the
 * last offset-index entry. Neither writes the segment file; cutting off a bad tail is the
 * segment's.
 */
final class SegmentRecovery {
  private SegmentRecovery() {}

  /** Receives (base offset, partition leader epoch) of each batch a recovery scan accepts. */
  @FunctionalInterface
  interface EpochVisitor {
    void accept(long baseOffset, int leaderEpoch);
  }

  /**
   * The outcome of a recovery scan.
   *
   * @param validBytes the length of the leading run of valid batches
   * @param nextOffset the offset after the last valid batch
   * @param problem why the scan stopped early, or null
   */
  record Scan(int validBytes, long nextOffset, String problem) {}

  /**
   * Scans the whole file batch by batch, rebuilding both indexes from the valid batches and feeding
   * their epochs to {@code visitor}; stops at the first batch that fails a check.
   */
  static Scan scan(FileRecords log, SegmentIndexes indexes, long baseOffset, EpochVisitor visitor)
      throws IOException {
    indexes.reset();
    int validBytes = 0;
    long next = baseOffset;
    int lastEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    String problem = null;
    Iterator<FileChannelRecordBatch> batches = log.batches().iterator();
    try {
      while (problem == null && batches.hasNext()) {
        FileChannelRecordBatch batch = batches.next();
        problem = checkBatch(batch, baseOffset, next, lastEpoch);
        if (problem == null) {
          indexes.add(batch, validBytes);
          visitor.accept(batch.baseOffset(), batch.partitionLeaderEpoch());
          lastEpoch = batch.partitionLeaderEpoch();
          next = batch.lastOffset() + 1;
          validBytes += batch.sizeInBytes();
        }
      }
    } catch (CorruptRecordException e) {
      problem = e.getMessage();
    } catch (KafkaException e) {
      throw ioCause(e);
    }
    return new Scan(validBytes, next, problem);
  }

  /**
   * Loads the running state of a durable segment from its indexes; the next offset, or empty when
   * the indexes or the headers after the last offset-index entry do not fit the file (then {@link
   * #scan} must run).
   */
  static OptionalLong loadFromIndexes(FileRecords log, SegmentIndexes indexes, long baseOffset)
      throws IOException {
    int size = log.sizeInBytes();
    try {
      if (!indexes.offsets().isConsistent(size) || !indexes.times().isConsistent()) {
        return OptionalLong.empty();
      }
      OffsetIndex.Entry from =
          indexes.offsets().lastEntry().orElse(new OffsetIndex.Entry(baseOffset, 0));
      TimestampOffset max =
          indexes
              .times()
              .lastEntry()
              .map(e -> new TimestampOffset(e.timestamp(), e.offset()))
              .orElse(null);
      long next = from.offset();
      int end = from.position();
      for (FileChannelRecordBatch batch : log.batchesFrom(from.position())) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || batch.baseOffset() < next) {
          return OptionalLong.empty();
        }
        if (batch.maxTimestamp() >= 0 && (max == null || batch.maxTimestamp() > max.timestamp())) {
          max = new TimestampOffset(batch.maxTimestamp(), batch.baseOffset());
        }
        next = batch.lastOffset() + 1;
        end = batch.position() + batch.sizeInBytes();
      }
      if (end != size || max != null && max.offset() >= next) {
        return OptionalLong.empty();
      }
      Iterator<FileChannelRecordBatch> first = log.batches().iterator();
      long rollingBaseTimestamp =
          first.hasNext() ? first.next().maxTimestamp() : RecordBatch.NO_TIMESTAMP;
      indexes.restore(max, rollingBaseTimestamp, size - from.position());
      return OptionalLong.of(next);
    } catch (CorruptRecordException e) {
      return OptionalLong.empty();
    } catch (KafkaException e) {
      throw ioCause(e);
    }
  }

  /** Feeds every batch's (base offset, leader epoch) to {@code visitor}, reading headers only. */
  static void visitEpochs(FileRecords log, EpochVisitor visitor) throws IOException {
    try {
      for (FileChannelRecordBatch batch : log.batches()) {
        visitor.accept(batch.baseOffset(), batch.partitionLeaderEpoch());
      }
    } catch (KafkaException e) {
      throw ioCause(e);
    }
  }

  private static String checkBatch(
      FileChannelRecordBatch batch, long baseOffset, long expectedOffset, int lastEpoch) {
    int position = batch.position();
    if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
      return "magic " + batch.magic() + " at position " + position;
    }
    // at or after: the log cleaner leaves gaps where it dropped whole batches
    if (batch.baseOffset() < expectedOffset) {
      return "base offset "
          + batch.baseOffset()
          + " at position "
          + position
          + ", expected "
          + expectedOffset
          + " or more";
    }
    if (!batch.isValid()) {
      return "CRC-32C mismatch in the batch at offset "
          + batch.baseOffset()
          + ", position "
          + position;
    }
    if (batch.lastOffset() < batch.baseOffset()
        || batch.lastOffset() - baseOffset > Integer.MAX_VALUE) {
      return "last offset " + batch.lastOffset() + " out of range at position " + position;
    }
    if (batch.partitionLeaderEpoch() < lastEpoch) {
      return "leader epoch "
          + batch.partitionLeaderEpoch()
          + " below "
          + lastEpoch
          + " at position "
          + position;
    }
    return null;
  }
}
