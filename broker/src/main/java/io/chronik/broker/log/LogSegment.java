package io.chronik.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * One segment of a partition log: {@code %020d.log} holding v2 record batches exactly as appended,
 * with its sparse {@link OffsetIndex} and {@link TimeIndex}.
 *
 * <p>Invariants: the file is a sequence of whole, CRC-valid v2 batches whose offsets are dense,
 * start at {@link #baseOffset()} and end just before {@link #nextOffset()}; the indexes only name
 * batches of the file. Bytes reach the file before the size that makes them readable is published
 * (by {@link FileRecords}), so a concurrent reader never sees part of a batch. Mutations run under
 * the owning {@link PartitionLog}'s monitor.
 */
final class LogSegment implements Closeable {

  static final String LOG_SUFFIX = ".log";
  static final String INDEX_SUFFIX = ".index";
  static final String TIME_INDEX_SUFFIX = ".timeindex";

  /** Receives (base offset, partition leader epoch) of each batch a recovery scan accepts. */
  @FunctionalInterface
  interface EpochVisitor {
    void accept(long baseOffset, int leaderEpoch);
  }

  /**
   * The outcome of a recovery scan.
   *
   * @param truncatedBytes bytes cut off the end of the file (0 when it was whole)
   * @param problem why the scan stopped early, or null
   */
  record Recovery(int truncatedBytes, String problem) {}

  private final Path file;
  private final long baseOffset;
  private final FileRecords log;
  private final OffsetIndex offsetIndex;
  private final TimeIndex timeIndex;
  private final int indexIntervalBytes;
  private final long createdMs;
  private final boolean indexFilesExisted;

  private volatile long nextOffset;
  private volatile TimestampOffset maxTimestampAndOffset;
  private long rollingBaseTimestamp = RecordBatch.NO_TIMESTAMP;
  private int bytesSinceLastIndexEntry;

  private LogSegment(
      Path file,
      long baseOffset,
      FileRecords log,
      OffsetIndex offsetIndex,
      TimeIndex timeIndex,
      int indexIntervalBytes,
      long createdMs,
      boolean indexFilesExisted) {
    this.file = file;
    this.baseOffset = baseOffset;
    this.log = log;
    this.offsetIndex = offsetIndex;
    this.timeIndex = timeIndex;
    this.indexIntervalBytes = indexIntervalBytes;
    this.createdMs = createdMs;
    this.indexFilesExisted = indexFilesExisted;
    this.nextOffset = baseOffset;
  }

  static Path path(Path dir, long baseOffset, String suffix) {
    return dir.resolve(String.format("%020d%s", baseOffset, suffix));
  }

  /** Creates a new empty segment; fails if its log file already exists. */
  static LogSegment create(Path dir, long baseOffset, int indexIntervalBytes, long nowMs)
      throws IOException {
    Files.deleteIfExists(path(dir, baseOffset, INDEX_SUFFIX));
    Files.deleteIfExists(path(dir, baseOffset, TIME_INDEX_SUFFIX));
    Path file = path(dir, baseOffset, LOG_SUFFIX);
    Files.createFile(file);
    return open(dir, baseOffset, indexIntervalBytes, nowMs);
  }

  /**
   * Opens an existing segment. Its running state is unknown until {@link #recover} or {@link
   * #loadFromIndexes} runs.
   */
  static LogSegment open(Path dir, long baseOffset, int indexIntervalBytes, long nowMs)
      throws IOException {
    Path file = path(dir, baseOffset, LOG_SUFFIX);
    Path indexPath = path(dir, baseOffset, INDEX_SUFFIX);
    Path timeIndexPath = path(dir, baseOffset, TIME_INDEX_SUFFIX);
    boolean indexesExisted = Files.exists(indexPath) && Files.exists(timeIndexPath);
    FileRecords log = FileRecords.open(file.toFile(), true, true, 0, false);
    OffsetIndex offsetIndex = null;
    try {
      offsetIndex = OffsetIndex.open(indexPath, baseOffset);
      TimeIndex timeIndex = TimeIndex.open(timeIndexPath, baseOffset);
      return new LogSegment(
          file, baseOffset, log, offsetIndex, timeIndex, indexIntervalBytes, nowMs, indexesExisted);
    } catch (IOException | RuntimeException e) {
      log.closeHandlers();
      if (offsetIndex != null) {
        offsetIndex.close();
      }
      throw e;
    }
  }

  long baseOffset() {
    return baseOffset;
  }

  /** The offset after the segment's last batch ({@link #baseOffset()} when empty). */
  long nextOffset() {
    return nextOffset;
  }

  int sizeInBytes() {
    return log.sizeInBytes();
  }

  Path file() {
    return file;
  }

  boolean indexFilesExisted() {
    return indexFilesExisted;
  }

  /** The largest batch max timestamp and the base offset of that batch; null when none. */
  TimestampOffset maxTimestampAndOffset() {
    return maxTimestampAndOffset;
  }

  /** What retention compares with: the max timestamp, or the file's mtime when there is none. */
  long largestTimestamp() throws IOException {
    TimestampOffset max = maxTimestampAndOffset;
    return max != null ? max.timestamp() : Files.getLastModifiedTime(file).toMillis();
  }

  /**
   * The age {@code segment.ms} is compared with (Kafka's rule): the incoming max timestamp minus
   * the first batch's max timestamp, or, when the segment has no timestamp, the time since the
   * segment was created or opened.
   */
  long age(long incomingMaxTimestamp, long nowMs) {
    return rollingBaseTimestamp >= 0
        ? incomingMaxTimestamp - rollingBaseTimestamp
        : nowMs - createdMs;
  }

  /**
   * Writes batches whose offsets the log has already assigned (they continue at {@link
   * #nextOffset()}), then indexes them.
   */
  void append(MemoryRecords records) throws IOException {
    int position = log.sizeInBytes();
    log.append(records);
    long next = nextOffset;
    for (MutableRecordBatch batch : records.batches()) {
      indexBatch(batch, position);
      position += batch.sizeInBytes();
      next = batch.lastOffset() + 1;
    }
    nextOffset = next;
  }

  /**
   * Whole batches from the one containing {@code startOffset}: at most {@code maxBytes} (but at
   * least one batch when {@code minOneBatch}), none starting at or after {@code limitOffset}. Empty
   * when this segment holds no batch containing {@code startOffset}.
   */
  Optional<FetchData> read(long startOffset, int maxBytes, long limitOffset, boolean minOneBatch)
      throws IOException {
    int position = offsetIndex.lookup(startOffset).position();
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
    TimestampOffset max = maxTimestampAndOffset;
    if (max == null || max.timestamp() < timestamp) {
      return Optional.empty();
    }
    long from =
        timeIndex.lastEntryBefore(timestamp).map(TimeIndex.Entry::offset).orElse(baseOffset);
    int position = offsetIndex.lookup(Math.max(from, startingOffset)).position();
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
   * first: their stored headers, each checked against its CRC. Scans forward from the offset index
   * entry nearest the limit and steps back one index entry at a time until it has enough, so a
   * large segment is not read from its start.
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
        OffsetIndex.Entry entry = offsetIndex.lookup(target);
        int from = entry.position();
        List<BatchSummary> part = new ArrayList<>();
        if (from < log.sizeInBytes()) {
          for (FileChannelRecordBatch batch : log.batchesFrom(from)) {
            if (batch.position() >= stop || batch.baseOffset() >= limitOffset) {
              break;
            }
            if (batch.lastOffset() < limitOffset) {
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

  /** The record holding this segment's max timestamp (the first such record). */
  Optional<TimestampOffset> maxTimestampRecord() throws IOException {
    TimestampOffset max = maxTimestampAndOffset;
    if (max == null) {
      return Optional.empty();
    }
    int position = offsetIndex.lookup(max.offset()).position();
    for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
      if (batch.baseOffset() > max.offset()) {
        break;
      }
      if (batch.baseOffset() == max.offset()) {
        return batch
            .offsetOfMaxTimestamp()
            .map(offset -> new TimestampOffset(batch.maxTimestamp(), offset));
      }
    }
    return Optional.empty();
  }

  /**
   * Scans the whole file batch by batch, checking magic, offset continuity, leader-epoch order and
   * every CRC-32C; rebuilds both indexes; cuts the file after the last valid batch.
   */
  Recovery recover(EpochVisitor visitor) throws IOException {
    offsetIndex.reset();
    timeIndex.reset();
    maxTimestampAndOffset = null;
    rollingBaseTimestamp = RecordBatch.NO_TIMESTAMP;
    bytesSinceLastIndexEntry = 0;
    int validBytes = 0;
    long next = baseOffset;
    int lastEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    String problem = null;
    Iterator<FileChannelRecordBatch> batches = log.batches().iterator();
    try {
      while (problem == null && batches.hasNext()) {
        FileChannelRecordBatch batch = batches.next();
        problem = checkBatch(batch, next, lastEpoch);
        if (problem == null) {
          indexBatch(batch, validBytes);
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
    nextOffset = next;
    int truncated = log.sizeInBytes() - validBytes;
    if (truncated > 0) {
      log.truncateTo(validBytes);
      if (problem == null) {
        problem = "incomplete batch at position " + validBytes;
      }
    }
    return new Recovery(truncated, problem);
  }

  /**
   * Loads the running state of a segment known to be durable from its indexes, reading only the
   * batch headers after the last offset-index entry. False when the indexes or those headers do not
   * fit the file; then {@link #recover} must run.
   */
  boolean loadFromIndexes() throws IOException {
    int size = log.sizeInBytes();
    try {
      if (!offsetIndex.isConsistent(size) || !timeIndex.isConsistent()) {
        return false;
      }
      OffsetIndex.Entry from = offsetIndex.lastEntry().orElse(new OffsetIndex.Entry(baseOffset, 0));
      TimestampOffset max =
          timeIndex
              .lastEntry()
              .map(e -> new TimestampOffset(e.timestamp(), e.offset()))
              .orElse(null);
      long next = from.offset();
      int end = from.position();
      for (FileChannelRecordBatch batch : log.batchesFrom(from.position())) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || batch.baseOffset() != next) {
          return false;
        }
        if (batch.maxTimestamp() >= 0 && (max == null || batch.maxTimestamp() > max.timestamp())) {
          max = new TimestampOffset(batch.maxTimestamp(), batch.baseOffset());
        }
        next = batch.lastOffset() + 1;
        end = batch.position() + batch.sizeInBytes();
      }
      if (end != size || max != null && max.offset() >= next) {
        return false;
      }
      Iterator<FileChannelRecordBatch> first = log.batches().iterator();
      rollingBaseTimestamp =
          first.hasNext() ? first.next().maxTimestamp() : RecordBatch.NO_TIMESTAMP;
      nextOffset = next;
      maxTimestampAndOffset = max;
      bytesSinceLastIndexEntry = size - from.position();
      return true;
    } catch (CorruptRecordException e) {
      return false;
    } catch (KafkaException e) {
      throw ioCause(e);
    }
  }

  /** Feeds every batch's (base offset, leader epoch) to {@code visitor}, reading headers only. */
  void visitEpochs(EpochVisitor visitor) throws IOException {
    try {
      for (FileChannelRecordBatch batch : log.batches()) {
        visitor.accept(batch.baseOffset(), batch.partitionLeaderEpoch());
      }
    } catch (KafkaException e) {
      throw ioCause(e);
    }
  }

  /**
   * Drops the batch containing {@code offset} and everything after it; returns the bytes removed.
   */
  int truncateTo(long offset) throws IOException {
    int position = offsetIndex.lookup(offset).position();
    for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
      if (batch.lastOffset() >= offset) {
        long newNext = batch.baseOffset();
        int removed = log.truncateTo(batch.position());
        offsetIndex.truncateTo(newNext);
        timeIndex.truncateTo(newNext);
        if (!loadFromIndexes()) {
          recover((base, epoch) -> {});
        }
        return removed;
      }
    }
    return 0;
  }

  /** Seals the segment when it stops being the active one: the time index gets its max entry. */
  void onBecomeInactive() throws IOException {
    TimestampOffset max = maxTimestampAndOffset;
    if (max != null) {
      timeIndex.maybeAppend(max.timestamp(), max.offset());
    }
  }

  void flush() throws IOException {
    log.flush();
    offsetIndex.flush();
    timeIndex.flush();
  }

  @Override
  public void close() throws IOException {
    try (offsetIndex;
        timeIndex) {
      log.closeHandlers();
    }
  }

  /** Closes the segment and deletes its files, the log file first. */
  void closeAndDelete() throws IOException {
    log.closeHandlers();
    Files.deleteIfExists(file);
    offsetIndex.closeAndDelete();
    timeIndex.closeAndDelete();
  }

  @Override
  public String toString() {
    return "LogSegment(" + file + ", next=" + nextOffset + ", size=" + log.sizeInBytes() + ")";
  }

  /** The I/O error a Kafka record iterator wrapped, or the exception itself when it is not one. */
  private static IOException ioCause(KafkaException e) {
    if (e.getCause() instanceof IOException io) {
      return io;
    }
    throw e;
  }

  private String checkBatch(FileChannelRecordBatch batch, long expectedOffset, int lastEpoch) {
    int position = batch.position();
    if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
      return "magic " + batch.magic() + " at position " + position;
    }
    if (batch.baseOffset() != expectedOffset) {
      return "base offset "
          + batch.baseOffset()
          + " at position "
          + position
          + ", expected "
          + expectedOffset;
    }
    if (!batch.isValid()) {
      return "CRC-32C mismatch in the batch at offset " + expectedOffset + ", position " + position;
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

  private void indexBatch(RecordBatch batch, int position) throws IOException {
    if (position == 0) {
      rollingBaseTimestamp = batch.maxTimestamp();
    }
    TimestampOffset max = maxTimestampAndOffset;
    if (batch.maxTimestamp() >= 0 && (max == null || batch.maxTimestamp() > max.timestamp())) {
      max = new TimestampOffset(batch.maxTimestamp(), batch.baseOffset());
      maxTimestampAndOffset = max;
    }
    if (bytesSinceLastIndexEntry >= indexIntervalBytes) {
      offsetIndex.append(batch.baseOffset(), position);
      if (max != null) {
        timeIndex.maybeAppend(max.timestamp(), max.offset());
      }
      bytesSinceLastIndexEntry = 0;
    }
    bytesSinceLastIndexEntry += batch.sizeInBytes();
  }
}
