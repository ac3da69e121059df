package io.chronik.broker.log;

import static io.chronik.broker.log.TestRecords.batch;
import static io.chronik.broker.log.TestRecords.batches;
import static io.chronik.broker.log.TestRecords.idempotent;
import static io.chronik.broker.log.TestRecords.keyed;
import static io.chronik.broker.log.TestRecords.kv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCleanerTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final Compression NONE = Compression.NONE;

  @TempDir Path dir;

  /** A compacted log whose every batch gets a segment of its own (segment.bytes 1). */
  private static LogConfig oneBatchPerSegment() {
    return LogConfig.defaults().withSegmentBytes(1).withCleanup(LogCleanup.compacted());
  }

  /** The same log with room to merge its cleaned segments into one. */
  private static LogConfig merging() {
    return LogConfig.defaults().withSegmentBytes(1 << 20).withCleanup(LogCleanup.compacted());
  }

  @Test
  void shouldKeepOnlyTheLatestRecordOfEachKeyAtItsOriginalOffset() throws IOException {
    // given: versions of a, b and c, a record without a key, then an active segment
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1"), kv(T0, "b", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "c", "1"), kv(T0, "b", "2")), 0);
      log.append(keyed(NONE, kv(T0, null, "keyless")), 0);
      log.append(keyed(NONE, kv(T0, "a", "3")), 0);
      log.append(keyed(NONE, kv(T0, "d", "1")), 0);
      log.updateConfig(merging());

      // when
      CleanResult result = new LogCleaner().clean(log, T0, Map.of());

      // then: one merged segment plus the active one; offsets kept, with gaps
      assertThat(result.cleaned()).isTrue();
      assertThat(result.recordsRead()).isEqualTo(7);
      assertThat(result.recordsRemoved()).isEqualTo(4);
      assertThat(result.segmentsRead()).isEqualTo(5);
      assertThat(result.segmentsWritten()).isEqualTo(1);
      assertThat(result.bytesRemoved()).isPositive();
      assertThat(readAll(log)).containsExactly("3:c=1", "4:b=2", "6:a=3", "7:d=1");
      assertThat(log.segmentCount()).isEqualTo(2);
      assertThat(log.logEndOffset()).isEqualTo(8);
      assertThat(log.cleanedUpTo()).isEqualTo(7);
      assertThat(log.read(0, 1 << 20, Long.MAX_VALUE, true).firstOffset()).isEqualTo(3);
      assertThat(log.offsetForTimestamp(T0)).contains(new TimestampOffset(T0, 3));
      assertThat(new LogCleaner().inspect(log, T0).due()).isFalse();
    }
  }

  @Test
  void shouldKeepEachSegmentsLastBatchSoThatReopeningFindsNoGapBetweenSegments()
      throws IOException {
    // given: segments of one batch each, all of whose records are overwritten later
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1"), kv(T0, "b", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "b", "2"), kv(T0, "a", "3")), 0);
      log.append(keyed(NONE, kv(T0, "z", "1")), 0);

      // when: cleaned without merging, then reopened with a recovery scan of every segment
      new LogCleaner().clean(log, T0, Map.of());
    }
    Files.delete(dir.resolve(LogLoader.RECOVERY_POINT_FILE));
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      // then: the emptied batches stay, empty, at the ends of their segments
      assertThat(log.segmentCount()).isEqualTo(4);
      assertThat(log.logEndOffset()).isEqualTo(6);
      assertThat(readAll(log)).containsExactly("3:b=2", "4:a=3", "5:z=1");
      List<RecordBatch> first = batches(log.read(0, 1 << 20, Long.MAX_VALUE, true).records());
      assertThat(first).hasSize(1);
      assertThat(first.get(0).baseOffset()).isZero();
      assertThat(first.get(0).lastOffset()).isEqualTo(1);
      assertThat(first.get(0).countOrNull()).isZero();
      assertThat(log.append(keyed(NONE, kv(T0, "y", "1")), 0).firstOffset()).isEqualTo(6);
    }
  }

  @Test
  void shouldDropATombstoneOnlyOnceDeleteRetentionPassedSinceTheCleaningThatKeptIt()
      throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", null), kv(T0, "b", "1")), 0);
      log.append(keyed(NONE, kv(T0, "c", "1")), 0);
      log.updateConfig(merging());
      LogCleaner cleaner = new LogCleaner();

      // when: the first cleaning keeps the tombstone and stamps its delete horizon
      cleaner.clean(log, T0, Map.of());
      List<String> afterFirst = readAll(log);
      boolean dueBefore = cleaner.inspect(log, T0 + DAY - 1).due();
      LogCleaner.Dirt dueAfter = cleaner.inspect(log, T0 + DAY);
      CleanResult second = cleaner.clean(log, T0 + DAY, Map.of());

      // then
      assertThat(afterFirst).containsExactly("1:a=null", "2:b=1", "3:c=1");
      assertThat(dueBefore).isFalse();
      assertThat(dueAfter.due()).isTrue();
      assertThat(dueAfter.reason()).contains("delete.retention.ms");
      assertThat(second.recordsRemoved()).isEqualTo(1);
      assertThat(readAll(log)).containsExactly("2:b=1", "3:c=1");
    }
  }

  @Test
  void shouldBeDueAgainForTombstonesRightAfterTheCleaningThatKeptThemWhenRetentionIsZero()
      throws IOException {
    // given: delete.retention.ms 0
    LogConfig config =
        merging().withCleanup(new LogCleanup(false, true, 0.5, 0, 0, Long.MAX_VALUE));
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", null)), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      log.updateConfig(config);
      LogCleaner cleaner = new LogCleaner();
      cleaner.clean(log, T0, Map.of());

      // when: the next pass, with no new data
      LogCleaner.Dirt dirt = cleaner.inspect(log, T0 + 1);
      cleaner.clean(log, T0 + 1, Map.of());

      // then
      assertThat(dirt.due()).isTrue();
      assertThat(readAll(log)).containsExactly("2:b=1");
      assertThat(cleaner.inspect(log, T0 + 2).due()).isFalse();
    }
  }

  @Test
  void shouldFindTombstonesDueAfterAReopenFromTheirBatchHeaders() throws IOException {
    // given: a tombstone kept by a cleaning, and the log reopened
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", null), kv(T0, "b", "1")), 0);
      log.append(keyed(NONE, kv(T0, "c", "1")), 0);
      new LogCleaner().clean(log, T0, Map.of());
    }
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      // when
      LogCleaner.Dirt dirt = new LogCleaner().inspect(log, T0 + DAY);

      // then
      assertThat(dirt.due()).isTrue();
      new LogCleaner().clean(log, T0 + DAY, Map.of());
      assertThat(readAll(log)).containsExactly("2:b=1", "3:c=1");
    }
  }

  @Test
  void shouldRewriteACompressedBatchCompressedWithItsOffsetRange() throws IOException {
    // given
    Compression lz4 = Compression.lz4().build();
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(
          keyed(lz4, kv(T0, "a", "1"), kv(T0, "b", "1"), kv(T0, "c", "1"), kv(T0, "d", "1")), 0);
      log.append(keyed(Compression.gzip().build(), kv(T0, "b", "2"), kv(T0, "d", "2")), 0);
      log.append(keyed(NONE, kv(T0, "e", "1")), 0);
      byte[] second = bytesOfBatchAt(log, 4);
      log.updateConfig(merging());

      // when
      new LogCleaner().clean(log, T0, Map.of());

      // then: the first batch keeps base 0 and last 3, lz4; the second is kept as sent
      List<RecordBatch> cleaned = batches(log.read(0, 1 << 20, Long.MAX_VALUE, true).records());
      assertThat(cleaned).hasSize(2);
      RecordBatch first = cleaned.get(0);
      assertThat(first.baseOffset()).isZero();
      assertThat(first.lastOffset()).isEqualTo(3);
      assertThat(first.compressionType()).isEqualTo(CompressionType.LZ4);
      assertThat(first.isValid()).isTrue();
      assertThat(bytesOfBatchAt(log, 4)).isEqualTo(second);
      assertThat(readAll(log)).containsExactly("0:a=1", "2:c=1", "4:b=2", "5:d=2", "6:e=1");
    }
  }

  @Test
  void shouldKeepTheLastBatchOfEachProducerEvenWhenItLosesEveryRecord() throws IOException {
    // given: producer 7's batches, both overwritten by a later record of another writer
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(idempotent(7L, (short) 0, 0, kv(T0, "a", "1")), 0);
      log.append(idempotent(7L, (short) 0, 1, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "a", "3")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      log.updateConfig(merging());

      // when
      new LogCleaner().clean(log, T0, Map.of(7L, 1L));

      // then: its first batch is gone, its last one stays empty with its sequence
      List<RecordBatch> kept = batches(log.read(0, 1 << 20, Long.MAX_VALUE, true).records());
      assertThat(kept).extracting(RecordBatch::baseOffset).containsExactly(1L, 2L);
      assertThat(kept.get(0).countOrNull()).isZero();
      assertThat(kept.get(0).producerId()).isEqualTo(7L);
      assertThat(kept.get(0).lastSequence()).isEqualTo(1);
      assertThat(readAll(log)).containsExactly("2:a=3", "3:b=1");
    }
  }

  @Test
  void shouldDropBatchesOfAProducerTheStateNoLongerKnows() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(idempotent(7L, (short) 0, 0, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      log.updateConfig(merging());

      // when
      new LogCleaner().clean(log, T0, Map.of());

      // then
      assertThat(batches(log.read(0, 1 << 20, Long.MAX_VALUE, true).records()))
          .extracting(RecordBatch::baseOffset)
          .containsExactly(1L);
    }
  }

  @Test
  void shouldLeaveSegmentsNewerThanMinCompactionLagUncleaned() throws IOException {
    // given
    LogConfig config =
        oneBatchPerSegment().withCleanup(new LogCleanup(false, true, 0, DAY, HOUR, Long.MAX_VALUE));
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0 + HOUR, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0 + HOUR, "b", "1")), 0);
      LogCleaner cleaner = new LogCleaner();

      // when: at T0 + 1h + 1 only the first segment is old enough, and nothing overwrites a there
      CleanResult early = cleaner.clean(log, T0 + HOUR + 1, Map.of());
      List<String> afterEarly = readAll(log);
      CleanResult later = cleaner.clean(log, T0 + 2 * HOUR + 1, Map.of());

      // then
      assertThat(early.recordsRemoved()).isZero();
      assertThat(afterEarly).containsExactly("0:a=1", "1:a=2", "2:b=1");
      assertThat(later.recordsRemoved()).isEqualTo(1);
      assertThat(readAll(log)).containsExactly("1:a=2", "2:b=1");
    }
  }

  @Test
  void shouldBeDueForDataOlderThanMaxCompactionLagWhateverTheDirtyRatio() throws IOException {
    // given: a log whose dirty ratio stays below 0.99
    LogConfig config =
        oneBatchPerSegment().withCleanup(new LogCleanup(false, true, 0.99, DAY, 0, HOUR));
    try (PartitionLog log = PartitionLog.open(dir, config)) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      new LogCleaner().clean(log, T0, Map.of());
      log.append(keyed(NONE, kv(T0 + 1, "b", "2")), 0);
      LogCleaner cleaner = new LogCleaner();

      // when
      LogCleaner.Dirt young = cleaner.inspect(log, T0 + HOUR);
      LogCleaner.Dirt old = cleaner.inspect(log, T0 + HOUR + 2);

      // then
      assertThat(young.due()).isFalse();
      assertThat(old.due()).isTrue();
      assertThat(old.reason()).contains("max.compaction.lag.ms");
    }
  }

  @Test
  void shouldRollTheActiveSegmentAtMaxCompactionLag() {
    // given
    LogConfig config = LogConfig.defaults().withCleanup(LogCleanup.compacted().withLags(0, HOUR));

    // then
    assertThat(config.rollMs()).isEqualTo(HOUR);
    assertThat(config.withCleanup(LogCleanup.deleteOnly()).rollMs())
        .isEqualTo(LogConfig.DEFAULT_SEGMENT_MS);
  }

  @Test
  void shouldCleanInSeveralRunsWhenTheOffsetMapIsSmallerThanTheDirtyKeys() throws IOException {
    // given: 12 keys written twice, a map of 5 keys, any dirt due
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      for (int round = 1; round <= 2; round++) {
        for (int k = 0; k < 12; k++) {
          log.append(keyed(NONE, kv(T0, "k" + k, "v" + round)), 0);
        }
      }
      log.append(keyed(NONE, kv(T0, "tail", "x")), 0);
      log.updateConfig(
          merging().withCleanup(new LogCleanup(false, true, 0, DAY, 0, Long.MAX_VALUE)));
      LogCleaner cleaner = new LogCleaner(5);

      // when
      List<Long> checkpoints = new ArrayList<>();
      while (cleaner.inspect(log, T0).due()) {
        cleaner.clean(log, T0, Map.of());
        checkpoints.add(log.cleanedUpTo());
      }

      // then
      assertThat(checkpoints).hasSizeGreaterThan(2).isSorted();
      assertThat(checkpoints.get(checkpoints.size() - 1)).isEqualTo(24);
      List<String> expected = new ArrayList<>();
      for (int k = 0; k < 12; k++) {
        expected.add((12 + k) + ":k" + k + "=v2");
      }
      expected.add("24:tail=x");
      assertThat(readAll(log)).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void shouldDeleteAnUnfinishedCleaningWhenTheLogOpens() throws IOException {
    // given: the cleaned files of a run that never reached its swap
    writeThreeVersionsOfAAndClose();
    for (String suffix : new String[] {".log", ".index", ".timeindex"}) {
      Files.write(dir.resolve("00000000000000000000" + suffix + ".cleaned"), new byte[] {1, 2});
    }

    // when
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      // then
      assertThat(readAll(log)).containsExactly("0:a=1", "1:a=2", "2:a=3", "3:b=1");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .noneMatch(n -> n.endsWith(".cleaned"));
      }
    }
  }

  @Test
  void shouldFinishAnInterruptedSwapWhenTheLogOpens() throws IOException {
    // given: a copy of the log cleaned (merging three segments), and the original with that
    // cleaned segment under its swap name and one of the replaced segments already deleted
    writeThreeVersionsOfAAndClose();
    Path cleanedDir = dir.resolveSibling(dir.getFileName() + "-cleaned");
    copyDir(dir, cleanedDir);
    List<String> expected;
    try (PartitionLog log = PartitionLog.open(cleanedDir, merging())) {
      new LogCleaner().clean(log, T0, Map.of());
      expected = readAll(log);
    }
    Files.copy(
        cleanedDir.resolve("00000000000000000000.log"),
        dir.resolve("00000000000000000000.log.swap"));
    Files.delete(dir.resolve("00000000000000000001.log"));

    // when
    try (PartitionLog log = PartitionLog.open(dir, merging())) {
      // then
      assertThat(expected).containsExactly("2:a=3", "3:b=1");
      assertThat(readAll(log)).isEqualTo(expected);
      assertThat(log.segmentCount()).isEqualTo(2);
      assertThat(Files.exists(dir.resolve("00000000000000000002.log"))).isFalse();
      assertThat(Files.exists(dir.resolve("00000000000000000000.index"))).isTrue();
      assertThat(log.offsetForTimestamp(T0)).contains(new TimestampOffset(T0, 2));
    }
  }

  @Test
  void shouldLeaveTheBytesOfASnapshotAloneAndPutCleanedSegmentsInTheNextOne() throws IOException {
    // given: a snapshot that links the uncleaned segments
    Path log1 = dir.resolve("log");
    Path before = dir.resolve("snapshot-1");
    Path after = dir.resolve("snapshot-2");
    try (PartitionLog log = PartitionLog.open(log1, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "a", "3")), 0);
      LogCheckpoint first = log.checkpointInto(before);
      Map<String, String> linked = contents(before, first.files());
      log.updateConfig(merging());

      // when
      new LogCleaner().clean(log, T0, Map.of());
      LogCheckpoint second = log.checkpointInto(after);

      // then
      assertThat(contents(before, first.files())).isEqualTo(linked).hasSize(10);
      assertThat(second.files()).contains("00000000000000000000.log");
      assertThat(Files.readAllBytes(after.resolve("00000000000000000000.log")))
          .isEqualTo(Files.readAllBytes(log1.resolve("00000000000000000000.log")));
      assertThat(Files.size(after.resolve("00000000000000000000.log")))
          .isLessThan(Files.size(before.resolve("00000000000000000000.log")) * 3);
      assertThat(readAll(log)).containsExactly("2:a=3");
    }
  }

  @Test
  void shouldRefuseTheSwapWhenRetentionDeletedASegmentMeanwhile() throws IOException {
    // given: a view taken, then the segments it names deleted
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      CleanerView view = log.cleanable().view();
      log.deleteRecordsBefore(1);

      // when
      boolean swapped = log.cleanable().swapCleaned(view.generation(), view.closed());

      // then
      assertThat(swapped).isFalse();
      assertThat(readAll(log)).containsExactly("1:a=2");
    }
  }

  @Test
  void shouldLowerTheCleanerCheckpointWhenTheLogIsCutBelowIt() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      new LogCleaner().clean(log, T0, Map.of());
      assertThat(log.cleanedUpTo()).isEqualTo(2);

      // when
      log.truncateTo(1);

      // then
      assertThat(log.cleanedUpTo()).isEqualTo(1);
      assertThat(Files.readAllLines(dir.resolve(LogLoader.CLEANER_CHECKPOINT_FILE)))
          .containsExactly("0", "1");
    }
  }

  @Test
  void shouldEndExactlyAtACutThatFallsInAGapAndStayThereWhenReopened() throws IOException {
    // given: segments merged by the cleaner across the boundary at 2, whose batches are gone
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 3);
      log.append(keyed(NONE, kv(T0, "b", "1")), 3);
      log.append(keyed(NONE, kv(T0, "a", "2")), 4);
      log.append(keyed(NONE, kv(T0, "b", "2")), 4);
      log.append(keyed(NONE, kv(T0, "c", "1")), 4);
      log.updateConfig(merging());
      new LogCleaner().clean(log, T0, Map.of());
      assertThat(readAll(log)).containsExactly("2:a=2", "3:b=2", "4:c=1");

      // when: cut back to 2 (a snapshot's end, where Raft replays from), inside the merged gap
      log.truncateTo(2);

      // then
      assertThat(log.logEndOffset()).isEqualTo(2);
      assertThat(log.latestEpoch()).isEqualTo(3);
      assertThat(log.append(keyed(NONE, kv(T0, "a", "2")), 4).firstOffset()).isEqualTo(2);
    }
    Files.delete(dir.resolve(LogLoader.RECOVERY_POINT_FILE));
    try (PartitionLog log = PartitionLog.open(dir, merging())) {
      assertThat(log.logEndOffset()).isEqualTo(3);
      assertThat(readAll(log)).containsExactly("2:a=2");
      assertThat(log.endOffsetForLeaderEpoch(3)).isEqualTo(2);
    }
  }

  @Test
  void shouldCutAWholeBatchWhenTheCutFallsInsideOne() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1"), kv(T0, "b", "1")), 0);

      // when
      log.truncateTo(1);

      // then: as before compaction, the log ends below the cut
      assertThat(log.logEndOffset()).isZero();
    }
  }

  @Test
  void shouldApplyRetentionOnlyWhenThePolicyDeletes() throws IOException {
    // given: old segments, retention.ms 1h
    LogConfig compactOnly = oneBatchPerSegment().withRetention(HOUR, -1);
    LogConfig compactDelete =
        compactOnly.withCleanup(LogCleanup.compacted().withPolicy(true, true));
    try (PartitionLog log = PartitionLog.open(dir, compactOnly)) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      log.append(keyed(NONE, kv(T0 + 10 * HOUR, "c", "1")), 0);

      // when
      RetentionResult kept = log.applyRetention(T0 + 10 * HOUR);
      log.updateConfig(compactDelete);
      RetentionResult deleted = log.applyRetention(T0 + 10 * HOUR);

      // then
      assertThat(kept.deletedSegments()).isZero();
      assertThat(deleted.deletedSegments()).isEqualTo(2);
      assertThat(readAll(log)).containsExactly("2:c=1");
    }
  }

  @Test
  void shouldLeaveBatchesTheCleanerRewroteOutOfTheBatchHeadersReplicasCompare() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1"), kv(T0, "b", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "c", "1")), 0);
      log.append(keyed(NONE, kv(T0, "d", "1")), 0);
      new LogCleaner().clean(log, T0, Map.of());

      // when
      List<BatchSummary> last = log.lastBatches(Long.MAX_VALUE, 10);

      // then: [0, 1] lost a record; the others are as appended
      assertThat(last).extracting(BatchSummary::baseOffset).containsExactly(2L, 3L, 4L);
    }
  }

  @Test
  void shouldStopAtItsNextReadAndLeaveTheLogAsItWasWhenStopped() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
      LogCleaner cleaner = new LogCleaner();

      // when
      cleaner.stop();

      // then
      assertThatThrownBy(() -> cleaner.clean(log, T0, Map.of()))
          .isInstanceOf(java.io.InterruptedIOException.class);
      assertThat(readAll(log)).containsExactly("0:a=1", "1:a=2", "2:b=1");
      assertThat(log.cleanedUpTo()).isZero();
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .noneMatch(n -> n.endsWith(".cleaned"));
      }
    }
  }

  @Test
  void shouldNotBeDueWhenTheLogIsNotCompacted() throws IOException {
    // given
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults().withSegmentBytes(1))) {
      log.append(batch(T0, "x"), 0);
      log.append(batch(T0, "y"), 0);

      // when
      CleanResult result = new LogCleaner().clean(log, T0, Map.of());

      // then
      assertThat(result.cleaned()).isFalse();
      assertThat(log.segmentCount()).isEqualTo(2);
    }
  }

  private void writeThreeVersionsOfAAndClose() throws IOException {
    try (PartitionLog log = PartitionLog.open(dir, oneBatchPerSegment())) {
      log.append(keyed(NONE, kv(T0, "a", "1")), 0);
      log.append(keyed(NONE, kv(T0, "a", "2")), 0);
      log.append(keyed(NONE, kv(T0, "a", "3")), 0);
      log.append(keyed(NONE, kv(T0, "b", "1")), 0);
    }
  }

  /** Every record from the log start: "offset:key=value". */
  static List<String> readAll(PartitionLog log) {
    List<String> out = new ArrayList<>();
    long next = log.logStartOffset();
    while (next < log.logEndOffset()) {
      FetchData data = log.read(next, 1 << 20, Long.MAX_VALUE, true);
      assertThat(data.isEmpty()).as("read at %d", next).isFalse();
      for (RecordBatch batch : data.records().batches()) {
        for (Record record : batch) {
          if (record.offset() >= next) {
            out.add(
                record.offset()
                    + ":"
                    + StandardCharsets.UTF_8.decode(record.key())
                    + "="
                    + (record.hasValue() ? StandardCharsets.UTF_8.decode(record.value()) : "null"));
          }
        }
        next = batch.lastOffset() + 1;
      }
    }
    return out;
  }

  private static byte[] bytesOfBatchAt(PartitionLog log, long offset) {
    for (RecordBatch batch : log.read(offset, 1 << 20, Long.MAX_VALUE, true).records().batches()) {
      if (batch.baseOffset() == offset) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(buffer);
        return buffer.array();
      }
    }
    throw new AssertionError("no batch at " + offset);
  }

  /** The bytes of each file, Base64-encoded (so that maps of them compare by content). */
  private static Map<String, String> contents(Path dir, List<String> files) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (String file : files) {
      out.put(
          file,
          java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(file))));
    }
    return out;
  }

  private static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
