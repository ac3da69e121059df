package io.chronik.broker.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a {@link PartitionLog} checkpoint: closed segments with their indexes, hard-linked
 * (a linked segment shares its file, so it must never be written again), plus the leader epochs.
 */
final class SnapshotFiles {
  private static final String[] SEGMENT_SUFFIXES = {
    LogSegment.LOG_SUFFIX, LogSegment.INDEX_SUFFIX, LogSegment.TIME_INDEX_SUFFIX
  };

  private SnapshotFiles() {}

  /** Links {@code closed} segments of {@code dir} and writes {@code epochs} into {@code target}. */
  static List<String> linkInto(
      Path dir,
      Path target,
      Collection<LogSegment> closed,
      List<LeaderEpochCache.EpochEntry> epochs)
      throws IOException {
    List<String> files = new ArrayList<>();
    for (LogSegment segment : closed) {
      for (String suffix : SEGMENT_SUFFIXES) {
        Path source = LogSegment.path(dir, segment.baseOffset(), suffix);
        FileLinks.linkOrCopy(target.resolve(source.getFileName()), source);
        files.add(source.getFileName().toString());
      }
    }
    new LeaderEpochCache(target.resolve(LeaderEpochCache.FILE_NAME), epochs).persist();
    files.add(LeaderEpochCache.FILE_NAME);
    DurableFiles.fsyncDirectory(target);
    return files;
  }

  /**
   * Replaces the segment and epoch files of {@code dir} (whose segments are closed and deleted) by
   * the checkpoint's files in {@code source}, with an empty active segment at its end offset, and
   * writes its log start offset and recovery point. The log is then loaded from {@code dir}.
   */
  static void replace(
      Path dir,
      Path source,
      LogCheckpoint checkpoint,
      OffsetCheckpointFile logStartOffsetFile,
      OffsetCheckpointFile recoveryPointFile)
      throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        // with a cleaner's leftovers (.cleaned, .swap), and its checkpoint: the new segments were
        // not cleaned here. A cleaning under way may delete its own files at the same time
        if (name.matches("\\d{20}\\..*")
            || name.equals(LeaderEpochCache.FILE_NAME)
            || name.equals(LogLoader.CLEANER_CHECKPOINT_FILE)) {
          Files.deleteIfExists(file);
        }
      }
    }
    for (String name : checkpoint.files()) {
      if (name.equals(LeaderEpochCache.FILE_NAME)) {
        Files.copy(source.resolve(name), dir.resolve(name));
      } else {
        FileLinks.linkOrCopy(dir.resolve(name), source.resolve(name));
      }
    }
    // an empty active segment at the end offset: recovery on open never touches linked files
    Files.createFile(LogSegment.path(dir, checkpoint.logEndOffset(), LogSegment.LOG_SUFFIX));
    logStartOffsetFile.write(checkpoint.logStartOffset());
    recoveryPointFile.write(checkpoint.logEndOffset());
    DurableFiles.fsyncDirectory(dir);
  }
}
