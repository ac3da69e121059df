package io.chronik.broker.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory and brings it to a consistent state: finishes or removes leftovers of
 * interrupted operations (temp files, a cleaned segment's swap: {@link CleanedSegments}), recovers
 * every segment from the one holding the recovery point to the tail (CRC-checked, indexes rebuilt,
 * a torn or corrupt tail cut off), loads older segments from their indexes (rebuilding an index
 * that is missing or does not fit), and recovers the leader-epoch cache and the log start offset.
 */
final class LogLoader {

  private static final Logger LOGGER = LoggerFactory.getLogger(LogLoader.class);
  private static final Pattern SEGMENT_FILE =
      Pattern.compile("(\\d{20})(\\.log|\\.index|\\.timeindex)");

  static final String LOG_START_OFFSET_FILE = "log-start-offset";
  static final String RECOVERY_POINT_FILE = "recovery-point-offset";
  static final String CLEANER_CHECKPOINT_FILE = "cleaner-offset-checkpoint";

  /**
   * A loaded, consistent log: segments in offset order, the last one active; {@code cleanedUpTo} is
   * the offset below which the log cleaner compacted the log (the log start offset when it never
   * did), within [log start, log end].
   */
  record Loaded(
      ConcurrentSkipListMap<Long, LogSegment> segments,
      long logStartOffset,
      long recoveryPoint,
      LeaderEpochCache epochCache,
      long cleanedUpTo) {}

  private final Path dir;
  private final LogConfig config;
  private final long nowMs;

  private LogLoader(Path dir, LogConfig config, long nowMs) {
    this.dir = dir;
    this.config = config;
    this.nowMs = nowMs;
  }

  static Loaded load(Path dir, LogConfig config, long nowMs) throws IOException {
    Files.createDirectories(dir);
    return new LogLoader(dir, config, nowMs).load();
  }

  private Loaded load() throws IOException {
    Set<Long> swapped = CleanedSegments.finishInterrupted(dir);
    TreeSet<Long> bases = scanDirectory();
    OptionalLong storedStart =
        readOffset(LOG_START_OFFSET_FILE, "the log starts at its first segment");
    OptionalLong storedRecoveryPoint =
        readOffset(RECOVERY_POINT_FILE, "every segment is checked as after a crash");
    OptionalLong storedCleanedUpTo =
        readOffset(
            CLEANER_CHECKPOINT_FILE,
            "the log cleaner counts the whole log as dirty and compacts it from its start again");
    long recoveryPoint = storedRecoveryPoint.orElse(0L);

    Path epochFile = dir.resolve(LeaderEpochCache.FILE_NAME);
    List<LeaderEpochCache.EpochEntry> storedEpochs = null;
    try {
      storedEpochs = LeaderEpochCache.read(epochFile).orElse(null);
    } catch (IOException e) {
      LOGGER.warn(
          "CHR-2003 partition log {}: leader-epoch checkpoint unreadable ({}); rebuilding it from"
              + " the segments",
          dir,
          e.getMessage());
    }
    boolean rebuildEpochs = storedEpochs == null && !bases.isEmpty();
    LeaderEpochCache epochCache =
        new LeaderEpochCache(epochFile, storedEpochs == null ? List.of() : storedEpochs);

    ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    try {
      loadSegments(bases, swapped, recoveryPoint, epochCache, rebuildEpochs, segments);
      if (segments.isEmpty()) {
        long base = storedStart.orElse(0L);
        segments.put(base, LogSegment.create(dir, base, config.indexIntervalBytes(), nowMs));
      }
      for (LogSegment segment : segments.headMap(segments.lastKey()).values()) {
        segment.onBecomeInactive();
      }
    } catch (IOException | RuntimeException e) {
      for (LogSegment segment : segments.values()) {
        closeQuietly(segment, e);
      }
      throw e;
    }

    long logEndOffset = segments.lastEntry().getValue().nextOffset();
    long logStartOffset =
        Math.min(Math.max(storedStart.orElse(0L), segments.firstKey()), logEndOffset);
    epochCache.truncateFromEnd(logEndOffset);
    epochCache.truncateFromStart(logStartOffset);
    if (!epochCache.entries().equals(storedEpochs)) {
      epochCache.persist();
    }
    if (storedStart.isPresent() && storedStart.getAsLong() != logStartOffset) {
      new OffsetCheckpointFile(dir.resolve(LOG_START_OFFSET_FILE)).write(logStartOffset);
    }
    if (recoveryPoint > logEndOffset) {
      recoveryPoint = logEndOffset;
      new OffsetCheckpointFile(dir.resolve(RECOVERY_POINT_FILE)).write(recoveryPoint);
    }
    long cleanedUpTo =
        Math.min(Math.max(storedCleanedUpTo.orElse(logStartOffset), logStartOffset), logEndOffset);
    if (storedCleanedUpTo.isPresent() && storedCleanedUpTo.getAsLong() > logEndOffset) {
      // the log lost its tail: what is appended there again was never cleaned
      new OffsetCheckpointFile(dir.resolve(CLEANER_CHECKPOINT_FILE)).write(cleanedUpTo);
    }
    LOGGER.debug(
        "partition log {}: opened {} segments, offsets [{}, {}), recovery point {}, epochs {}",
        dir,
        segments.size(),
        logStartOffset,
        logEndOffset,
        recoveryPoint,
        epochCache.entries());
    return new Loaded(segments, logStartOffset, recoveryPoint, epochCache, cleanedUpTo);
  }

  /**
   * Opens the segments in offset order. A segment that was truncated, or one that does not start
   * where its predecessor ends, ends the log: it and everything after it is cut.
   */
  private void loadSegments(
      TreeSet<Long> bases,
      Set<Long> swapped,
      long recoveryPoint,
      LeaderEpochCache epochCache,
      boolean rebuildEpochs,
      ConcurrentSkipListMap<Long, LogSegment> segments)
      throws IOException {
    Long floor = bases.floor(recoveryPoint);
    long recoverFrom = floor == null ? Long.MIN_VALUE : floor;
    SegmentRecovery.EpochVisitor visitor =
        (offset, epoch) -> epochCache.assignIfNewer(epoch, offset);
    List<Long> ordered = new ArrayList<>(bases);
    for (int i = 0; i < ordered.size(); i++) {
      long base = ordered.get(i);
      if (!segments.isEmpty()) {
        long expected = segments.lastEntry().getValue().nextOffset();
        if (base != expected) {
          cutAfter(
              ordered.subList(i, ordered.size()), expected, "segment " + base + " leaves a gap");
          return;
        }
      }
      LogSegment segment = LogSegment.open(dir, base, config.indexIntervalBytes(), nowMs);
      segments.put(base, segment);
      // a cleaned segment whose swap was finished on this open has no indexes yet
      boolean recover = base >= recoverFrom || swapped.contains(base);
      if (!recover && !(segment.indexFilesExisted() && segment.loadFromIndexes())) {
        LOGGER.warn(
            "CHR-2002 partition log {}: indexes of segment {} are missing or inconsistent;"
                + " rebuilding them",
            dir,
            base);
        recover = true;
      }
      if (!recover) {
        if (rebuildEpochs) {
          segment.visitEpochs(visitor);
        }
        continue;
      }
      LogSegment.Recovery recovery = segment.recover(visitor);
      if (recovery.truncatedBytes() > 0) {
        LOGGER.warn(
            "CHR-2001 partition log {}: torn or corrupt batch in segment {} ({}); truncated"
                + " {} bytes, the log now ends at offset {}",
            dir,
            segment.file().getFileName(),
            recovery.problem(),
            recovery.truncatedBytes(),
            segment.nextOffset());
        cutAfter(ordered.subList(i + 1, ordered.size()), segment.nextOffset(), recovery.problem());
        return;
      }
    }
  }

  private void cutAfter(List<Long> dropped, long logEndOffset, String reason) throws IOException {
    if (dropped.isEmpty()) {
      return;
    }
    LOGGER.warn(
        "CHR-2001 partition log {}: deleting segments {} after offset {} ({})",
        dir,
        dropped,
        logEndOffset,
        reason);
    for (long base : dropped) {
      Files.deleteIfExists(LogSegment.path(dir, base, LogSegment.LOG_SUFFIX));
      Files.deleteIfExists(LogSegment.path(dir, base, LogSegment.INDEX_SUFFIX));
      Files.deleteIfExists(LogSegment.path(dir, base, LogSegment.TIME_INDEX_SUFFIX));
    }
  }

  /**
   * The base offsets of the segment log files; deletes temp files and index files whose log file is
   * gone (leftovers of an interrupted write or deletion).
   */
  private TreeSet<Long> scanDirectory() throws IOException {
    TreeSet<Long> bases = new TreeSet<>();
    List<Path> indexes = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        Matcher matcher = SEGMENT_FILE.matcher(name);
        if (name.endsWith(DurableFiles.TEMP_SUFFIX)) {
          Files.deleteIfExists(file);
        } else if (matcher.matches() && matcher.group(2).equals(LogSegment.LOG_SUFFIX)) {
          bases.add(Long.parseLong(matcher.group(1)));
        } else if (matcher.matches()) {
          indexes.add(file);
        }
      }
    }
    for (Path index : indexes) {
      String name = index.getFileName().toString();
      long base = Long.parseLong(name.substring(0, 20));
      if (!bases.contains(base)) {
        LOGGER.debug("partition log {}: deleting orphan index {}", dir, name);
        Files.deleteIfExists(index);
      }
    }
    return bases;
  }

  /** The offset in {@code name}; empty, with a warning saying {@code fallback}, when unreadable. */
  private OptionalLong readOffset(String name, String fallback) {
    try {
      return new OffsetCheckpointFile(dir.resolve(name)).read();
    } catch (IOException e) {
      LOGGER.warn(
          "CHR-2004 partition log {}: ignoring {} ({}); {}", dir, name, e.getMessage(), fallback);
      return OptionalLong.empty();
    }
  }

  private static void closeQuietly(LogSegment segment, Exception cause) {
    try {
      segment.close();
    } catch (IOException | UncheckedIOException e) {
      cause.addSuppressed(e);
    }
  }
}
