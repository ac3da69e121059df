package io.chronik.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.log.ProducerStateManager.Append;
import io.chronik.broker.log.ProducerStateManager.Duplicate;
import io.chronik.broker.log.ProducerStateManager.Reject;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

class ProducerStateManagerTest {

  private static final long PID = 4242L;
  private static final long T0 = 1_700_000_000_000L;

  private final ProducerStateManager state = new ProducerStateManager();
  private long nextOffset;

  @Test
  void shouldAppendWhenBatchHasNoProducerId() {
    // given
    RecordBatch plain =
        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("a".getBytes()))
            .batches()
            .iterator()
            .next();

    // when / then
    assertThat(state.check(plain)).isInstanceOf(Append.class);
    state.onAppended(plain, 0, 0, T0);
    assertThat(state.producerCount()).isZero();
  }

  @Test
  void shouldAcceptNewProducerOnlyWhenItStartsAtSequenceZero() {
    assertThat(state.check(batch(0, 0, 3))).isInstanceOf(Append.class);
    assertThat(state.check(batch(0, 5, 1)))
        .isEqualTo(new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
  }

  @Test
  void shouldReturnOriginalOffsetsWhenRetriedBatchIsAmongTheLastFive() {
    // given: seven batches of two records, sequences 0-1, 2-3, ... 12-13
    for (int i = 0; i < 7; i++) {
      append(batch(0, 2 * i, 2));
    }

    // when / then
    assertThat(state.check(batch(0, 4, 2))).isEqualTo(new Duplicate(4, 5));
    assertThat(state.check(batch(0, 12, 2))).isEqualTo(new Duplicate(12, 13));
    assertThat(state.check(batch(0, 14, 1))).isInstanceOf(Append.class);
  }

  @Test
  void shouldAnswerDuplicateSequenceWhenRetriedBatchIsOlderThanTheLastFive() {
    // given: a batch whose answer the producer never got (its leader hung after replicating it),
    // then seven more that the next leader appended, so that the retry is older than the cache
    for (int i = 0; i < 8; i++) {
      append(batch(0, 2 * i, 2));
    }

    // when: the producer retries it
    var decision = state.check(batch(0, 2, 2));

    // then: it was written, offsets unknown; the Kafka producer takes that as success instead of
    // retrying an OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout
    assertThat(decision).isEqualTo(new Reject(Errors.DUPLICATE_SEQUENCE_NUMBER));
    assertThat(state.check(batch(0, 0, 2))).isEqualTo(new Reject(Errors.DUPLICATE_SEQUENCE_NUMBER));
    // a batch that overlaps the oldest remembered one, or another epoch's, is no retry of ours
    assertThat(state.check(batch(0, 5, 2)))
        .isEqualTo(new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
    assertThat(state.check(batch(1, 2, 2)))
        .isEqualTo(new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
    assertThat(state.check(batch(0, 16, 1))).isInstanceOf(Append.class);
  }

  @Test
  void shouldRejectOutOfOrderWhenSequenceSkips() {
    // given
    append(batch(0, 0, 3));

    // when / then
    assertThat(state.check(batch(0, 4, 1)))
        .isEqualTo(new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
    assertThat(state.check(batch(0, 3, 1))).isInstanceOf(Append.class);
  }

  @Test
  void shouldFenceOlderEpochWhenNewerEpochWasAppended() {
    // given
    append(batch(0, 0, 2));

    // when / then: a new epoch must start at sequence 0, and then fences the old one
    assertThat(state.check(batch(1, 2, 1)))
        .isEqualTo(new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
    append(batch(1, 0, 1));
    assertThat(state.check(batch(0, 2, 1))).isEqualTo(new Reject(Errors.INVALID_PRODUCER_EPOCH));
    assertThat(state.check(batch(0, 0, 2))).isEqualTo(new Reject(Errors.INVALID_PRODUCER_EPOCH));
    assertThat(state.check(batch(1, 1, 1))).isInstanceOf(Append.class);
  }

  @Test
  void shouldAcceptWrappedSequenceWhenLastSequenceIsMaxInt() {
    // given: a batch with sequences MAX-1 and MAX after one ending at MAX-2
    state.onAppended(batch(0, Integer.MAX_VALUE - 2, 1), 0, 0, T0);
    RecordBatch nearWrap = batch(0, Integer.MAX_VALUE - 1, 2);
    assertThat(nearWrap.lastSequence()).isEqualTo(Integer.MAX_VALUE);
    append(nearWrap);

    // when / then
    assertThat(state.check(batch(0, 0, 1))).isInstanceOf(Append.class);
    assertThat(state.check(batch(0, 1, 1)))
        .isEqualTo(new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
  }

  @Test
  void shouldMakeSameDecisionsWhenRestoredFromSerializedBytes() {
    // given
    append(batch(0, 0, 2));
    append(batch(0, 2, 3));
    state.onAppended(batch(3L, (short) 2, 0, 1), 100, 100, T0 + 1);

    // when
    byte[] bytes = state.serialize();
    ProducerStateManager restored = ProducerStateManager.deserialize(bytes);

    // then
    assertThat(restored.serialize()).isEqualTo(bytes);
    assertThat(restored.producerCount()).isEqualTo(2);
    assertThat(restored.check(batch(0, 2, 3))).isEqualTo(new Duplicate(2, 4));
    assertThat(restored.check(batch(0, 5, 1))).isInstanceOf(Append.class);
    assertThat(restored.check(batch(3L, (short) 1, 1, 1)))
        .isEqualTo(new Reject(Errors.INVALID_PRODUCER_EPOCH));
  }

  @Test
  void shouldRejectSerializedStateWhenABitFlipped() {
    // given
    append(batch(0, 0, 2));
    byte[] bytes = state.serialize();
    bytes[10] ^= 0x04;

    // when / then
    assertThatThrownBy(() -> ProducerStateManager.deserialize(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> ProducerStateManager.deserialize(new byte[] {0, 1, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldForgetProducerWhenIdleLongerThanExpiration() {
    // given
    state.onAppended(batch(1L, (short) 0, 0, 1), 0, 0, T0);
    state.onAppended(batch(2L, (short) 0, 0, 1), 1, 1, T0 + 1000);

    // when
    int removed = state.removeExpiredProducers(T0 + 1500, 1000);

    // then
    assertThat(removed).isOne();
    assertThat(state.producerCount()).isOne();
    assertThat(state.check(batch(1L, (short) 0, 1, 1)))
        .isEqualTo(new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
  }

  private void append(RecordBatch batch) {
    assertThat(state.check(batch)).isInstanceOf(Append.class);
    int count = batch.countOrNull();
    state.onAppended(batch, nextOffset, nextOffset + count - 1, T0);
    nextOffset += count;
  }

  private static RecordBatch batch(int epoch, int baseSequence, int records) {
    return batch(PID, (short) epoch, baseSequence, records);
  }

  private static RecordBatch batch(long producerId, short epoch, int baseSequence, int records) {
    SimpleRecord[] simple = new SimpleRecord[records];
    for (int i = 0; i < records; i++) {
      simple[i] = new SimpleRecord(T0, ("v" + i).getBytes());
    }
    return MemoryRecords.withIdempotentRecords(
            Compression.NONE, producerId, epoch, baseSequence, simple)
        .batches()
        .iterator()
        .next();
  }
}
