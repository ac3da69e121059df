package io.chronik.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * One segment of a partition log: {@code %020d.log} holding v2 record batches exactly as appended,
 * with its sparse {@link OffsetIndex} and {@link TimeIndex} ({@link SegmentIndexes}). This class
 * writes the file (append, truncation, the cut after recovery); its reads are in {@link
 * SegmentReader} and the scans that recover it on open in {@link SegmentRecovery}.
 *
 * <p>Invariants: the file is a sequence of whole, CRC-valid v2 batches whose offsets increase,
 * start at or after {@link #baseOffset()} and end just before {@link #nextOffset()}; the indexes
 * only name batches of the file. Offsets are dense in a segment as appended; a segment the log
 * cleaner rewrote has gaps where it dropped batches, but keeps its base offset and its last batch
 * (empty if need be), so it still ends where the next segment starts. Bytes reach the file before
 * the size that makes them readable is published (by {@link FileRecords}), so a concurrent reader
 * never sees part of a batch. Mutations run under the owning {@link PartitionLog}'s monitor.
 */
final class LogSegment implements Closeable {

  static final String LOG_SUFFIX = ".log";
  static final String INDEX_SUFFIX = ".index";
  static final String TIME_INDEX_SUFFIX = ".timeindex";
  static final String CLEANED_SUFFIX = ".cleaned";
  static final String SWAP_SUFFIX = ".swap";

  /**
   * The outcome of {@link #recover}.
   *
   * @param truncatedBytes bytes cut off the end of the file (0 when it was whole)
   * @param problem why the scan stopped early, or null
   */
  record Recovery(int truncatedBytes, String problem) {}

  private final Path file;
  private final long baseOffset;
  private final FileRecords log;
  private final SegmentIndexes indexes;
  private final SegmentReader reader;
  private final long createdMs;
  private final boolean indexFilesExisted;

  private volatile long nextOffset;

  private LogSegment(
      Path file,
      long baseOffset,
      FileRecords log,
      SegmentIndexes indexes,
      long createdMs,
      boolean indexFilesExisted) {
    this.file = file;
    this.baseOffset = baseOffset;
    this.log = log;
    this.indexes = indexes;
    this.reader = new SegmentReader(file, baseOffset, log, indexes);
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
    return open(
        path(dir, baseOffset, LOG_SUFFIX),
        path(dir, baseOffset, INDEX_SUFFIX),
        path(dir, baseOffset, TIME_INDEX_SUFFIX),
        baseOffset,
        indexIntervalBytes,
        nowMs);
  }

  /**
   * Creates the empty files of a segment the log cleaner writes: the segment's names with {@value
   * #CLEANED_SUFFIX} appended (see {@link CleanedSegments}). Leftovers of an earlier attempt are
   * replaced.
   */
  static LogSegment createCleaned(Path dir, long baseOffset, int indexIntervalBytes, long nowMs)
      throws IOException {
    Path file = cleanedPath(dir, baseOffset, LOG_SUFFIX);
    Path index = cleanedPath(dir, baseOffset, INDEX_SUFFIX);
    Path timeIndex = cleanedPath(dir, baseOffset, TIME_INDEX_SUFFIX);
    for (Path leftover : new Path[] {file, index, timeIndex}) {
      Files.deleteIfExists(leftover);
    }
    Files.createFile(file);
    return open(file, index, timeIndex, baseOffset, indexIntervalBytes, nowMs);
  }

  /** The name a file of a segment being cleaned has until it is swapped in. */
  static Path cleanedPath(Path dir, long baseOffset, String suffix) {
    return dir.resolve(String.format("%020d%s%s", baseOffset, suffix, CLEANED_SUFFIX));
  }

  private static LogSegment open(
      Path file,
      Path indexPath,
      Path timeIndexPath,
      long baseOffset,
      int indexIntervalBytes,
      long nowMs)
      throws IOException {
    boolean indexesExisted = Files.exists(indexPath) && Files.exists(timeIndexPath);
    FileRecords log = FileRecords.open(file.toFile(), true, true, 0, false);
    OffsetIndex offsetIndex = null;
    try {
      offsetIndex = OffsetIndex.open(indexPath, baseOffset);
      TimeIndex timeIndex = TimeIndex.open(timeIndexPath, baseOffset);
      return new LogSegment(
          file,
          baseOffset,
          log,
          new SegmentIndexes(offsetIndex, timeIndex, indexIntervalBytes),
          nowMs,
          indexesExisted);
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
    return indexes.maxTimestampAndOffset();
  }

  /**
   * The max timestamp of the segment's first batch ({@code NO_TIMESTAMP} when none): how old its
   * oldest data is, for {@code max.compaction.lag.ms}.
   */
  long firstBatchTimestamp() {
    return indexes.rollingBaseTimestamp();
  }

  /** What retention compares with: the max timestamp, or the file's mtime when there is none. */
  long largestTimestamp() throws IOException {
    TimestampOffset max = indexes.maxTimestampAndOffset();
    return max != null ? max.timestamp() : Files.getLastModifiedTime(file).toMillis();
  }

  /**
   * The age {@code segment.ms} is compared with (Kafka's rule): the incoming max timestamp minus
   * the first batch's max timestamp, or, when the segment has no timestamp, the time since the
   * segment was created or opened.
   */
  long age(long incomingMaxTimestamp, long nowMs) {
    long rollingBaseTimestamp = indexes.rollingBaseTimestamp();
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
      indexes.add(batch, position);
      position += batch.sizeInBytes();
      next = batch.lastOffset() + 1;
    }
    nextOffset = next;
  }

  /**
   * The file position at which a scan for {@code offset} starts: that of the indexed batch at or
   * below it (0 when none).
   */
  int positionOf(long offset) throws IOException {
    return indexes.offsets().lookup(offset).position();
  }

  /** The reads of this segment's batches (fetch, timestamp searches, batch headers). */
  SegmentReader reader() {
    return reader;
  }

  /**
   * Scans the whole file (see {@link SegmentRecovery#scan}), rebuilds both indexes and cuts the
   * file after the last valid batch. Returns the bytes cut off (0 when the file was whole) and why
   * the scan stopped early (null when it did not).
   */
  Recovery recover(SegmentRecovery.EpochVisitor visitor) throws IOException {
    SegmentRecovery.Scan scan = SegmentRecovery.scan(log, indexes, baseOffset, visitor);
    nextOffset = scan.nextOffset();
    String problem = scan.problem();
    int truncated = log.sizeInBytes() - scan.validBytes();
    if (truncated > 0) {
      log.truncateTo(scan.validBytes());
      if (problem == null) {
        problem = "incomplete batch at position " + scan.validBytes();
      }
    }
    return new Recovery(truncated, problem);
  }

  /**
   * Loads the running state of a segment known to be durable from its indexes (see {@link
   * SegmentRecovery#loadFromIndexes}). False when they do not fit the file; then {@link #recover}
   * must run.
   */
  boolean loadFromIndexes() throws IOException {
    OptionalLong next = SegmentRecovery.loadFromIndexes(log, indexes, baseOffset);
    next.ifPresent(offset -> nextOffset = offset);
    return next.isPresent();
  }

  /** Feeds every batch's (base offset, leader epoch) to {@code visitor}, reading headers only. */
  void visitEpochs(SegmentRecovery.EpochVisitor visitor) throws IOException {
    SegmentRecovery.visitEpochs(log, visitor);
  }

  /**
   * Drops the batch containing {@code offset} and everything after it.
   *
   * @return whether a batch that held offsets below {@code offset} went too (the cut fell inside a
   *     batch); false when {@code offset} was a batch boundary, in a gap, or past the end
   */
  boolean truncateTo(long offset) throws IOException {
    int position = indexes.offsets().lookup(offset).position();
    for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
      if (batch.lastOffset() >= offset) {
        long newNext = batch.baseOffset();
        log.truncateTo(batch.position());
        indexes.truncateTo(newNext);
        if (!loadFromIndexes()) {
          recover((base, epoch) -> {});
        }
        return newNext < offset;
      }
    }
    return false;
  }

  /**
   * Appends an empty batch holding offsets [{@link #nextOffset()}, {@code lastOffset}]: after a cut
   * that fell in a gap the log cleaner left, it makes the segment end exactly where the cut was, as
   * Kafka's log end offset would be.
   */
  void appendEmptyBatch(long lastOffset, int leaderEpoch) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
    DefaultRecordBatch.writeEmptyHeader(
        buffer,
        RecordBatch.MAGIC_VALUE_V2,
        RecordBatch.NO_PRODUCER_ID,
        RecordBatch.NO_PRODUCER_EPOCH,
        RecordBatch.NO_SEQUENCE,
        nextOffset,
        lastOffset,
        leaderEpoch,
        TimestampType.CREATE_TIME,
        RecordBatch.NO_TIMESTAMP,
        false,
        false);
    append(MemoryRecords.readableRecords(buffer.flip()));
  }

  /** Seals the segment when it stops being the active one: the time index gets its max entry. */
  void onBecomeInactive() throws IOException {
    indexes.seal();
  }

  void flush() throws IOException {
    log.flush();
    indexes.flush();
  }

  @Override
  public void close() throws IOException {
    try (indexes) {
      log.closeHandlers();
    }
  }

  /** Closes the segment and deletes its files, the log file first. */
  void closeAndDelete() throws IOException {
    log.closeHandlers();
    Files.deleteIfExists(file);
    indexes.closeAndDelete();
  }

  @Override
  public String toString() {
    return "LogSegment(" + file + ", next=" + nextOffset + ", size=" + log.sizeInBytes() + ")";
  }
}
