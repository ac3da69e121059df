package io.chronik.broker.log;

import static io.chronik.broker.log.LogCleanerTest.readAll;
import static io.chronik.broker.log.TestRecords.keyed;
import static io.chronik.broker.log.TestRecords.kv;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log cleaner's {@code cleaner-offset-checkpoint}: a run maps only the dirty part above it, a
 * pass that finds nothing dirty reads and writes nothing, and the checkpoint survives restarts (or,
 * unreadable, makes the cleaner start over) and follows the log's cuts.
 */
class LogCleanerCheckpointTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long DAY = 24 * 3_600_000L;
  private static final Compression NONE = Compression.NONE;

  /** Every batch in a segment of its own; any dirt is due (min.cleanable.dirty.ratio 0). */
  private static final LogConfig EAGER =
      LogConfig.defaults()
          .withSegmentBytes(1)
          .withCleanup(new LogCleanup(false, true, 0, DAY, 0, Long.MAX_VALUE));

  @TempDir Path dir;

  @Test
  void shouldReadAndWriteNothingWhenASecondPassFindsNothingNewDirty() throws IOException {
    // given: a log cleaned once
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      appendVersions(log);
      LogCleaner cleaner = new LogCleaner();
      assertThat(cleaner.clean(log, T0, Map.of()).cleaned()).isTrue();
      long read = cleaner.io().bytesRead();
      long written = cleaner.io().bytesWritten();
      Map<String, List<Object>> files = files();

      // when
      LogCleaner.Dirt dirt = cleaner.inspect(log, T0);
      CleanResult second = cleaner.clean(log, T0, Map.of());

      // then
      assertThat(dirt.dirtyBytes()).isZero();
      assertThat(dirt.cleanBytes()).isPositive();
      assertThat(dirt.due()).isFalse();
      assertThat(second.cleaned()).isFalse();
      assertThat(cleaner.io().bytesRead()).isEqualTo(read);
      assertThat(cleaner.io().bytesWritten()).isEqualTo(written);
      assertThat(files()).isEqualTo(files);
    }
  }

  @Test
  void shouldMapOnlyTheNewDirtyPartWhenCleaningResumesAfterNewWrites() throws IOException {
    // given: a log cleaned up to offset 3, then newer versions of a and b
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      appendVersions(log);
      LogCleaner cleaner = new LogCleaner();
      cleaner.clean(log, T0, Map.of());
      assertThat(log.cleanedUpTo()).isEqualTo(3);
      log.append(keyed(NONE, kv(T0, "b", "2")), 0);
      log.append(keyed(NONE, kv(T0, "a", "3")), 0);
      log.append(keyed(NONE, kv(T0, "d", "1")), 0);
      LogCleaner.Dirt dirt = cleaner.inspect(log, T0);

      // when
      CleanResult result = cleaner.clean(log, T0, Map.of());

      // then: the map read the dirty segments only; the clean part was filtered against it
      assertThat(result.bytesMapped()).isEqualTo(dirt.dirtyBytes()).isPositive();
      assertThat(result.bytesRead()).isEqualTo(dirt.cleanBytes() + dirt.dirtyBytes());
      assertThat(readAll(log)).containsExactly("3:c=1", "4:b=2", "5:a=3", "6:d=1");
      assertThat(log.cleanedUpTo()).isEqualTo(6);
    }
  }

  @Test
  void shouldKeepTheCheckpointAcrossARestart() throws IOException {
    // given: a log cleaned up to offset 3, closed and opened again
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      appendVersions(log);
      new LogCleaner().clean(log, T0, Map.of());
    }
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      Map<String, List<Object>> files = files();
      LogCleaner cleaner = new LogCleaner();

      // when: a pass right after the restart, then one after new writes
      CleanResult unchanged = cleaner.clean(log, T0, Map.of());
      long headersRead = cleaner.io().bytesRead();
      Map<String, List<Object>> filesAfterPass = files();
      log.append(keyed(NONE, kv(T0, "a", "3")), 0);
      log.append(keyed(NONE, kv(T0, "d", "1")), 0);
      long dirtyBytes = cleaner.inspect(log, T0).dirtyBytes();
      CleanResult resumed = cleaner.clean(log, T0, Map.of());

      // then: after the restart only batch headers read (for the delete horizons of kept
      // tombstones), nothing rewritten; then only the new part mapped
      assertThat(log.cleanedUpTo()).isEqualTo(5);
      assertThat(unchanged.cleaned()).isFalse();
      assertThat(unchanged.cleanedUpTo()).isEqualTo(3);
      assertThat(headersRead).isPositive().isLessThanOrEqualTo(segmentBytes(files));
      assertThat(filesAfterPass).isEqualTo(files);
      assertThat(resumed.bytesMapped()).isEqualTo(dirtyBytes).isPositive();
      assertThat(cleaner.io().bytesRead())
          .isEqualTo(headersRead + resumed.bytesMapped() + resumed.bytesRead());
      assertThat(readAll(log)).containsExactly("1:b=1", "3:c=1", "4:a=3", "5:d=1");
    }
  }

  @Test
  void shouldCompactFromTheStartWithAWarningWhenTheCheckpointIsUnreadable() throws IOException {
    // given: a cleaned log whose checkpoint got damaged while it was closed
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      appendVersions(log);
      new LogCleaner().clean(log, T0, Map.of());
    }
    Path checkpoint = dir.resolve(LogLoader.CLEANER_CHECKPOINT_FILE);
    Files.writeString(checkpoint, "0\nthree\n", StandardCharsets.US_ASCII);

    // when
    try (LogCapture warnings = new LogCapture(LogLoader.class);
        PartitionLog log = PartitionLog.open(dir, EAGER)) {
      long cleanedOnOpen = log.cleanedUpTo();
      LogCleaner.Dirt dirt = new LogCleaner().inspect(log, T0);
      CleanResult result = new LogCleaner().clean(log, T0, Map.of());

      // then: the whole log counts as dirty again, is compacted, and the file is good again
      assertThat(warnings.messages())
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains("CHR-2004", LogLoader.CLEANER_CHECKPOINT_FILE)
                      .contains("from its start again"));
      assertThat(cleanedOnOpen).isEqualTo(log.logStartOffset());
      assertThat(dirt.cleanBytes()).isZero();
      assertThat(result.cleaned()).isTrue();
      assertThat(readAll(log)).containsExactly("1:b=1", "2:a=2", "3:c=1");
      assertThat(Files.readAllLines(checkpoint)).containsExactly("0", "3");
    }
  }

  @Test
  void shouldCompactFromTheStartWhenTheCheckpointIsMissing() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      appendVersions(log);
      new LogCleaner().clean(log, T0, Map.of());
    }
    Files.delete(dir.resolve(LogLoader.CLEANER_CHECKPOINT_FILE));

    // when
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {

      // then
      assertThat(log.cleanedUpTo()).isEqualTo(log.logStartOffset());
      assertThat(new LogCleaner().inspect(log, T0).cleanBytes()).isZero();
    }
  }

  @Test
  void shouldKeepTheCheckpointWhenACrashLeftAHalfWrittenReplacement() throws IOException {
    // given: the temp file of a checkpoint write that a crash cut short
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      appendVersions(log);
      new LogCleaner().clean(log, T0, Map.of());
    }
    Path temp = dir.resolve(LogLoader.CLEANER_CHECKPOINT_FILE + DurableFiles.TEMP_SUFFIX);
    Files.writeString(temp, "0\n9", StandardCharsets.US_ASCII);

    // when
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {

      // then
      assertThat(log.cleanedUpTo()).isEqualTo(3);
      assertThat(temp).doesNotExist();
    }
  }

  @Test
  void shouldMoveTheFirstDirtyOffsetUpToTheLogStartWhenRecordsAreDeletedAboveTheCheckpoint()
      throws IOException {
    // given: a log cleaned up to offset 3, then more versions
    try (PartitionLog log = PartitionLog.open(dir, EAGER)) {
      appendVersions(log);
      LogCleaner cleaner = new LogCleaner();
      cleaner.clean(log, T0, Map.of());
      log.append(keyed(NONE, kv(T0, "a", "3")), 0);
      log.append(keyed(NONE, kv(T0, "b", "2")), 0);
      log.append(keyed(NONE, kv(T0, "e", "1")), 0);

      // when: DeleteRecords moves the log start above the checkpoint
      log.deleteRecordsBefore(5);
      CleanResult result = cleaner.clean(log, T0, Map.of());

      // then: the deleted records count as neither clean nor dirty
      assertThat(result.bytesRead()).isEqualTo(result.bytesMapped());
      assertThat(log.cleanedUpTo()).isEqualTo(6);
      assertThat(readAll(log)).containsExactly("5:b=2", "6:e=1");
    }
  }

  /** Offsets 0 to 3: a=1, b=1, a=2 and c=1; c=1 sits in the active segment. */
  private static void appendVersions(PartitionLog log) {
    log.append(keyed(NONE, kv(T0, "a", "1")), 0);
    log.append(keyed(NONE, kv(T0, "b", "1")), 0);
    log.append(keyed(NONE, kv(T0, "a", "2")), 0);
    log.append(keyed(NONE, kv(T0, "c", "1")), 0);
  }

  /** The bytes of the segment files among {@code files}. */
  private static long segmentBytes(Map<String, List<Object>> files) {
    return files.entrySet().stream()
        .filter(e -> e.getKey().endsWith(LogSegment.LOG_SUFFIX))
        .mapToLong(e -> (Long) e.getValue().get(0))
        .sum();
  }

  private Map<String, List<Object>> files() throws IOException {
    return files(dir);
  }

  /** Each file of {@code dir}: its size, modification time and inode. */
  static Map<String, List<Object>> files(Path dir) throws IOException {
    Map<String, List<Object>> out = new TreeMap<>();
    try (Stream<Path> listing = Files.list(dir)) {
      for (Path file : listing.toList()) {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        out.put(
            file.getFileName().toString(),
            List.of(a.size(), a.lastModifiedTime(), String.valueOf(a.fileKey())));
      }
    }
    return out;
  }
}
