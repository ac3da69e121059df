package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.log.FetchData;
import io.chronik.broker.log.LogConfig;
import io.chronik.broker.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi-append entry (group commit) applies each Produce request's batches on their own. */
class MultiAppendTest {
  private static final LogConfig CONFIG = new LogConfig(1 << 20, Long.MAX_VALUE, -1, -1, 4096);
  private static final long PRODUCER = 42L;
  private static final short EPOCH = 0;

  @TempDir Path dir;
  private PartitionReplica replica;

  @AfterEach
  void close() {
    if (replica != null) {
      replica.close();
    }
  }

  @Test
  void shouldGiveEachAppendItsOwnOffsetsWhenOneEntryCarriesSeveral() throws Exception {
    // given
    replica = replica();
    List<ByteBuffer> appends =
        List.of(plain("a", "b"), idempotent(0, "c"), plain("d"), idempotent(1, "e", "f"));

    // when
    List<PartitionEntry.Reply> replies =
        PartitionEntry.repliesOf(
            replica.applyEntry(PartitionEntry.multiAppend(1_000L, appends), 1), appends.size());

    // then
    assertThat(replies).extracting(PartitionEntry.Reply::error).containsOnly(Errors.NONE);
    assertThat(replies)
        .extracting(PartitionEntry.Reply::baseOffset)
        .containsExactly(0L, 2L, 3L, 4L);
    assertThat(values()).containsExactly("0:a", "1:b", "2:c", "3:d", "4:e", "5:f");
  }

  @Test
  void shouldRejectOnlyTheBadAppendWhenAnotherAppendOfTheEntryIsOutOfSequence() throws Exception {
    // given: a producer whose sequence 0 is in the log
    replica = replica();
    replica.apply(PartitionEntry.append(1_000L, idempotent(0, "first")), 1);

    // when: one entry carries a retry of sequence 0, a gap (sequence 5), and sequence 1
    List<ByteBuffer> appends =
        List.of(idempotent(0, "first"), idempotent(5, "gap"), idempotent(1, "next"));
    List<PartitionEntry.Reply> replies =
        PartitionEntry.repliesOf(
            replica.applyEntry(PartitionEntry.multiAppend(2_000L, appends), 1), appends.size());

    // then: the retry is answered with its original offset, the gap is refused, the next lands
    assertThat(replies)
        .extracting(PartitionEntry.Reply::error)
        .containsExactly(Errors.NONE, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, Errors.NONE);
    assertThat(replies.get(0).baseOffset()).isZero();
    assertThat(replies.get(2).baseOffset()).isEqualTo(1L);
    assertThat(values()).containsExactly("0:first", "1:next");
  }

  @Test
  void shouldApplyTheOtherAppendsWhenOneAppendOfTheEntryIsCorrupt() throws Exception {
    // given: the middle append's batch has a broken CRC
    replica = replica();
    ByteBuffer corrupt = plain("bad");
    corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 0x55));
    List<ByteBuffer> appends = List.of(plain("x"), corrupt, plain("y"));

    // when
    List<PartitionEntry.Reply> replies =
        PartitionEntry.repliesOf(
            replica.applyEntry(PartitionEntry.multiAppend(1_000L, appends), 1), appends.size());

    // then
    assertThat(replies)
        .extracting(PartitionEntry.Reply::error)
        .containsExactly(Errors.NONE, Errors.CORRUPT_MESSAGE, Errors.NONE);
    assertThat(values()).containsExactly("0:x", "1:y");
  }

  private PartitionReplica replica() throws Exception {
    PartitionIdentity id = new PartitionIdentity("t", "topic-id", 0, "g");
    return new PartitionReplica(id, PartitionLog.open(dir.resolve("p"), CONFIG));
  }

  private static ByteBuffer plain(String... values) {
    return MemoryRecords.withRecords(Compression.NONE, records(values)).buffer();
  }

  private static ByteBuffer idempotent(int sequence, String... values) {
    return MemoryRecords.withIdempotentRecords(
            Compression.NONE, PRODUCER, EPOCH, sequence, records(values))
        .buffer();
  }

  private static SimpleRecord[] records(String... values) {
    SimpleRecord[] out = new SimpleRecord[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = new SimpleRecord(1_000L, null, values[i].getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private List<String> values() {
    List<String> out = new ArrayList<>();
    FetchData data = replica.log().read(0, 1 << 20, replica.highWatermark(), true);
    for (RecordBatch batch : data.records().batches()) {
      for (Record r : batch) {
        out.add(r.offset() + ":" + StandardCharsets.UTF_8.decode(r.value()));
      }
    }
    return out;
  }
}
