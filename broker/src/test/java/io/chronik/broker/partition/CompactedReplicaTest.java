package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.log.FetchData;
import io.chronik.broker.log.LogCleaner;
import io.chronik.broker.log.LogCleanup;
import io.chronik.broker.log.LogConfig;
import io.chronik.broker.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compacted partition replica with its Raft snapshots: cleaning never moves an offset that a
 * restart replays from, and a snapshot carries the cleaned segments.
 */
class CompactedReplicaTest {
  private static final LogConfig COMPACTED =
      new LogConfig(1024, Long.MAX_VALUE, -1, -1, 256).withCleanup(LogCleanup.compacted());
  private static final long PRODUCER = 42L;

  @TempDir Path dir;
  private final List<PartitionReplica> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(PartitionReplica::close);
  }

  @Test
  void shouldReplayToTheSameOffsetsWhenARestartCutsTheCleanedLogBackToItsSnapshot()
      throws Exception {
    // given: a snapshot at 40, then more versions of the same keys; the cleaner merges segments
    // on both sides of offset 40 and drops the batches around it
    PartitionReplica replica = replica("node");
    appendVersions(replica, 0, 40);
    Path snapshot = dir.resolve("snapshot");
    replica.snapshotInto(snapshot);
    appendVersions(replica, 40, 40);
    int segments = replica.log().segmentCount();
    replica.log().updateConfig(COMPACTED.withSegmentBytes(1 << 20));
    new LogCleaner()
        .clean(replica.log(), System.currentTimeMillis(), replica.producerLastOffsets());
    assertThat(replica.log().segmentCount()).isEqualTo(2).isLessThan(segments);
    assertThat(values(replica)).noneMatch(v -> v.startsWith("39:") || v.startsWith("40:"));

    // when: a restart cuts back to the snapshot and Raft replays the later entries
    replica.restore(snapshot, false);
    long restoredEnd = replica.highWatermark();
    appendVersions(replica, 40, 40);

    // then: the replayed records get their original offsets
    assertThat(restoredEnd).isEqualTo(40);
    assertThat(replica.highWatermark()).isEqualTo(80);
    assertThat(values(replica)).containsSubsequence("75:k5=v75", "79:k9=v79");
    assertThat(values(replica)).allSatisfy(v -> assertThat(v).matches("(\\d+):k\\d=v\\1"));
  }

  @Test
  void shouldInstallTheCleanedSegmentsOnAReplicaThatTakesTheSnapshot() throws Exception {
    // given: a leader that cleaned its log, then snapshotted it
    PartitionReplica leader = replica("leader");
    appendVersions(leader, 0, 60);
    new LogCleaner().clean(leader.log(), System.currentTimeMillis(), leader.producerLastOffsets());
    Path snapshot = dir.resolve("snapshot");
    leader.snapshotInto(snapshot);

    // when
    PartitionReplica follower = replica("follower");
    follower.restore(snapshot, true);

    // then: the follower holds the cleaned records and counts all of them as dirty
    assertThat(values(follower)).isEqualTo(values(leader)).hasSizeLessThan(60);
    assertThat(follower.highWatermark()).isEqualTo(leader.highWatermark()).isEqualTo(60);
    assertThat(follower.log().cleanedUpTo()).isEqualTo(follower.log().logStartOffset());
    assertThat(leader.log().cleanedUpTo()).isPositive();
  }

  @Test
  void shouldKeepTheLastBatchOfTheReplicasIdempotentProducer() throws Exception {
    // given: the producer writes k0 twice, then a plain writer overwrites k0
    PartitionReplica replica = replica("node");
    apply(replica, idempotent(0, "k0", "p0"));
    apply(replica, idempotent(1, "k0", "p1"));
    appendVersions(replica, 2, 40);

    // when
    new LogCleaner()
        .clean(replica.log(), System.currentTimeMillis(), replica.producerLastOffsets());

    // then: the producer's last batch is still there, empty, with its sequence
    assertThat(replica.producerLastOffsets()).containsEntry(PRODUCER, 1L);
    RecordBatch kept = firstBatch(replica.log());
    assertThat(kept.baseOffset()).isEqualTo(1);
    assertThat(kept.producerId()).isEqualTo(PRODUCER);
    assertThat(kept.lastSequence()).isEqualTo(1);
    assertThat(kept.countOrNull()).isZero();
  }

  private PartitionReplica replica(String name) throws Exception {
    PartitionIdentity id = new PartitionIdentity("t", "topic-id", 0, "g-" + name);
    PartitionReplica replica =
        new PartitionReplica(id, PartitionLog.open(dir.resolve(name), COMPACTED));
    open.add(replica);
    return replica;
  }

  /** Records {@code from} to {@code from + count - 1}: key k(i mod 10), value v(i). */
  private static void appendVersions(PartitionReplica replica, int from, int count) {
    for (int i = from; i < from + count; i++) {
      apply(
          replica,
          MemoryRecords.withRecords(
              Compression.NONE,
              new SimpleRecord(1_000L + i, ("k" + i % 10).getBytes(), ("v" + i).getBytes())));
    }
  }

  private static MemoryRecords idempotent(int sequence, String key, String value) {
    return MemoryRecords.withIdempotentRecords(
        Compression.NONE,
        PRODUCER,
        (short) 0,
        sequence,
        new SimpleRecord(1_000L, key.getBytes(), value.getBytes()));
  }

  private static void apply(PartitionReplica replica, MemoryRecords records) {
    ByteBuffer entry = PartitionEntry.append(1_000L, records.buffer());
    assertThat(replica.apply(entry, 1).error().code()).isZero();
  }

  private static RecordBatch firstBatch(PartitionLog log) {
    return log.read(0, 1 << 20, Long.MAX_VALUE, true).records().batches().iterator().next();
  }

  /** "offset:key=value" of every record, past gaps and empty batches. */
  private static List<String> values(PartitionReplica replica) {
    List<String> out = new ArrayList<>();
    long offset = replica.log().logStartOffset();
    while (offset < replica.highWatermark()) {
      FetchData data = replica.log().read(offset, 1 << 20, replica.highWatermark(), true);
      for (RecordBatch batch : data.records().batches()) {
        for (Record r : batch) {
          if (r.offset() >= offset) {
            out.add(
                r.offset()
                    + ":"
                    + StandardCharsets.UTF_8.decode(r.key())
                    + "="
                    + StandardCharsets.UTF_8.decode(r.value()));
          }
        }
        offset = batch.lastOffset() + 1;
      }
    }
    return out;
  }
}
