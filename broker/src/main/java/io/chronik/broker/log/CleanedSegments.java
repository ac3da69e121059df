package io.chronik.broker.log;

import static io.chronik.broker.log.SegmentReader.ioCause;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a segment the log cleaner wrote replaces the segments it was cleaned from, so that a crash at
 * any point leaves either the old segments or the new one, never a mix:
 *
 * <ol>
 *   <li>the cleaner writes {@code B.log.cleaned}, {@code B.index.cleaned} and {@code
 *       B.timeindex.cleaned} (B the base offset of the first replaced segment) and fsyncs them;
 *   <li>{@code B.log.cleaned} is renamed to {@code B.log.swap} and the directory fsynced: the
 *       commit point. From here on the new segment wins;
 *   <li>the replaced segments other than B are deleted, the directory fsynced;
 *   <li>the new indexes are renamed over B's, then {@code B.log.swap} over {@code B.log}, and the
 *       directory fsynced.
 * </ol>
 *
 * <p>Every step is a rename or a delete of a name: a Raft snapshot that hard-links the old files
 * keeps their bytes. On open, {@link #finishInterrupted} completes a swap that a crash cut short (a
 * {@code .swap} file is whole: it was fsynced before it got that name) and deletes the files of a
 * cleaning that did not reach its commit point ({@code .cleaned}).
 */
final class CleanedSegments {
  private static final Logger LOGGER = LoggerFactory.getLogger(CleanedSegments.class);
  private static final Pattern SEGMENT_FILE =
      Pattern.compile("(\\d{20})(\\.log|\\.index|\\.timeindex)");
  private static final Pattern SWAP_FILE =
      Pattern.compile("(\\d{20})" + Pattern.quote(LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX));

  private CleanedSegments() {}

  /**
   * Steps 2 to 4 above: swaps the cleaned files of base {@code base} (written and fsynced) in for
   * {@code replaced}, whose first segment has that base. Closes and deletes the replaced segments
   * other than the first; the caller closes the first (its files are replaced, not deleted) and
   * opens the new segment.
   */
  static void swapIn(Path dir, long base, List<LogSegment> replaced) throws IOException {
    Path swap = swapPath(dir, base);
    Files.move(
        LogSegment.cleanedPath(dir, base, LogSegment.LOG_SUFFIX),
        swap,
        StandardCopyOption.ATOMIC_MOVE);
    DurableFiles.fsyncDirectory(dir);
    boolean deleted = false;
    for (LogSegment segment : replaced) {
      if (segment.baseOffset() != base) {
        segment.closeAndDelete();
        deleted = true;
      }
    }
    if (deleted) {
      DurableFiles.fsyncDirectory(dir);
    }
    for (String suffix : new String[] {LogSegment.INDEX_SUFFIX, LogSegment.TIME_INDEX_SUFFIX}) {
      Files.move(
          LogSegment.cleanedPath(dir, base, suffix),
          LogSegment.path(dir, base, suffix),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(
        swap,
        LogSegment.path(dir, base, LogSegment.LOG_SUFFIX),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    DurableFiles.fsyncDirectory(dir);
  }

  /** Deletes the files of a cleaned segment that is not swapped in. */
  static void discard(Path dir, long base) throws IOException {
    for (String suffix :
        new String[] {
          LogSegment.LOG_SUFFIX, LogSegment.INDEX_SUFFIX, LogSegment.TIME_INDEX_SUFFIX
        }) {
      Files.deleteIfExists(LogSegment.cleanedPath(dir, base, suffix));
    }
  }

  /**
   * Completes the swaps a crash interrupted (a {@code B.log.swap} replaces every segment from B up
   * to its end offset; its indexes are rebuilt) and deletes the files of unfinished cleanings.
   *
   * @return the base offsets of the segments swapped in, whose indexes must be rebuilt
   */
  static Set<Long> finishInterrupted(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.toList();
    }
    Set<Long> swapped = new TreeSet<>();
    boolean changed = false;
    for (Path file : files) {
      Matcher swap = SWAP_FILE.matcher(file.getFileName().toString());
      if (!swap.matches()) {
        continue;
      }
      long base = Long.parseLong(swap.group(1));
      long end = endOffset(file, base);
      List<String> replaced = new ArrayList<>();
      for (Path other : files) {
        Matcher segment = SEGMENT_FILE.matcher(other.getFileName().toString());
        if (segment.matches()) {
          long otherBase = Long.parseLong(segment.group(1));
          boolean covered = otherBase > base && otherBase < end;
          boolean ownIndex = otherBase == base && !segment.group(2).equals(LogSegment.LOG_SUFFIX);
          if (covered || ownIndex) {
            Files.deleteIfExists(other);
            replaced.add(other.getFileName().toString());
          }
        }
      }
      Files.move(
          file,
          LogSegment.path(dir, base, LogSegment.LOG_SUFFIX),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      swapped.add(base);
      changed = true;
      LOGGER.info(
          "partition log {}: finished the swap of cleaned segment {} (offsets up to {}) that a"
              + " stop interrupted; removed {}",
          dir,
          base,
          end,
          replaced);
    }
    for (Path file : files) {
      if (file.getFileName().toString().endsWith(LogSegment.CLEANED_SUFFIX)) {
        changed |= Files.deleteIfExists(file);
        LOGGER.debug("partition log {}: deleted unfinished cleaning {}", dir, file.getFileName());
      }
    }
    if (changed) {
      DurableFiles.fsyncDirectory(dir);
    }
    return swapped;
  }

  static Path swapPath(Path dir, long base) {
    return dir.resolve(
        String.format("%020d%s%s", base, LogSegment.LOG_SUFFIX, LogSegment.SWAP_SUFFIX));
  }

  /** The offset after the last batch of a swap file (its base when it holds none). */
  private static long endOffset(Path file, long base) throws IOException {
    FileRecords records = FileRecords.open(file.toFile(), false, true, 0, false);
    try {
      long end = base;
      for (FileChannelRecordBatch batch : records.batches()) {
        end = batch.lastOffset() + 1;
      }
      return end;
    } catch (KafkaException e) {
      throw ioCause(e);
    } finally {
      records.closeHandlers();
    }
  }
}
