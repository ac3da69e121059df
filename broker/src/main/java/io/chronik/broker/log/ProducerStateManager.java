package io.chronik.broker.log;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Idempotent-producer de-duplication state of one partition, with Kafka's rules: per producer id,
 * the current epoch and the metadata of its last {@value #BATCHES_PER_PRODUCER} batches.
 *
 * <p>It runs inside a Raft state machine, so it is deterministic: its decisions depend only on the
 * batches given and on earlier {@link #onAppended} calls (never on a clock), and {@link #serialize}
 * produces the same bytes on every replica for the same state.
 *
 * <p>The rules of {@link #check}, in order:
 *
 * <ol>
 *   <li>A batch without a producer id is appended.
 *   <li>The same producer id, epoch, base and last sequence as a cached batch: a duplicate; the
 *       original offsets are returned and nothing is appended.
 *   <li>The same epoch, not next in sequence (the last rule), and a batch that ends before the
 *       oldest cached batch begins: a retry of a batch written long ago, DUPLICATE_SEQUENCE_NUMBER,
 *       which the Kafka producer takes as success with an unknown offset. Batches of an epoch are
 *       appended only in sequence from 0, so every sequence before a cached one was written. A
 *       producer gets there when a leader hangs after replicating its batch: the next leader
 *       appends the batches sent after it, and the hung one's late NOT_LEADER_OR_FOLLOWER makes the
 *       producer retry it. (Kafka answers OUT_OF_ORDER_SEQUENCE_NUMBER there, which the producer
 *       retries until its delivery timeout, holding the partition's later batches back.)
 *   <li>An epoch older than the producer's: INVALID_PRODUCER_EPOCH (the producer is fenced).
 *   <li>A newer epoch, or a producer id not seen before, must start at sequence 0; otherwise
 *       OUT_OF_ORDER_SEQUENCE_NUMBER. (Kafka 2.5+ accepts any sequence from an unknown producer, or
 *       answers UNKNOWN_PRODUCER_ID; this state is never lost by retention, so the stricter answer
 *       is kept.)
 *   <li>The same epoch must continue at the last sequence + 1, wrapping from {@link
 *       Integer#MAX_VALUE} to 0; otherwise OUT_OF_ORDER_SEQUENCE_NUMBER.
 * </ol>
 *
 * <p>{@link #check} looks at the state left by the last {@link #onAppended}: when one append holds
 * several batches of the same producer, check and record them one at a time. Thread-safe.
 */
public final class ProducerStateManager {

  /** How many batches are remembered per producer (Kafka's value, the client's in-flight max). */
  public static final int BATCHES_PER_PRODUCER = 5;

  private static final short FORMAT_VERSION = 1;

  /** Sequences run from 0 to {@link Integer#MAX_VALUE}, then wrap to 0. */
  private static final long SEQUENCE_SPACE = Integer.MAX_VALUE + 1L;

  /** What to do with a batch. */
  public sealed interface Decision permits Append, Duplicate, Reject {}

  /** Append the batch. */
  public record Append() implements Decision {}

  /** A retry of a batch already in the log at these offsets: answer with them, append nothing. */
  public record Duplicate(long firstOffset, long lastOffset) implements Decision {}

  /** Refuse the batch with this error. */
  public record Reject(Errors error) implements Decision {}

  private static final Append APPEND = new Append();

  private record BatchMetadata(
      int firstSequence, int lastSequence, long firstOffset, long lastOffset, long timestamp) {}

  private static final class ProducerEntry {
    private short epoch;
    private long lastTimestamp;
    private final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(BATCHES_PER_PRODUCER);

    private ProducerEntry(short epoch) {
      this.epoch = epoch;
    }
  }

  private final TreeMap<Long, ProducerEntry> producers = new TreeMap<>();

  public synchronized Decision check(RecordBatch batch) {
    if (!batch.hasProducerId()) {
      return APPEND;
    }
    int firstSequence = batch.baseSequence();
    if (firstSequence < 0) {
      return new Reject(Errors.INVALID_RECORD);
    }
    ProducerEntry entry = producers.get(batch.producerId());
    if (entry == null) {
      return firstSequence == 0 ? APPEND : new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }
    short epoch = batch.producerEpoch();
    if (epoch == entry.epoch) {
      Optional<BatchMetadata> duplicate = findDuplicate(entry, batch);
      if (duplicate.isPresent()) {
        return new Duplicate(duplicate.get().firstOffset(), duplicate.get().lastOffset());
      }
    }
    if (epoch < entry.epoch) {
      return new Reject(Errors.INVALID_PRODUCER_EPOCH);
    }
    if (epoch > entry.epoch) {
      return firstSequence == 0 ? APPEND : new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }
    int lastSequence = entry.batches.isEmpty() ? -1 : entry.batches.getLast().lastSequence();
    if (inSequence(lastSequence, firstSequence)) {
      return APPEND;
    }
    return olderThanCache(entry, batch)
        ? new Reject(Errors.DUPLICATE_SEQUENCE_NUMBER)
        : new Reject(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
  }

  /**
   * Records a batch that {@link #check} allowed and the log appended at [{@code firstOffset},
   * {@code lastOffset}]; {@code timestampMs} is when (by the log's time, e.g. the Raft entry's),
   * used only by {@link #removeExpiredProducers}.
   */
  public synchronized void onAppended(
      RecordBatch batch, long firstOffset, long lastOffset, long timestampMs) {
    if (!batch.hasProducerId()) {
      return;
    }
    ProducerEntry entry =
        producers.computeIfAbsent(
            batch.producerId(), id -> new ProducerEntry(batch.producerEpoch()));
    if (entry.epoch != batch.producerEpoch()) {
      entry.epoch = batch.producerEpoch();
      entry.batches.clear();
    }
    if (entry.batches.size() == BATCHES_PER_PRODUCER) {
      entry.batches.removeFirst();
    }
    entry.batches.addLast(
        new BatchMetadata(
            batch.baseSequence(), batch.lastSequence(), firstOffset, lastOffset, timestampMs));
    entry.lastTimestamp = timestampMs;
  }

  /**
   * Forgets the producers whose last batch is more than {@code maxIdleMs} older than {@code nowMs}
   * ({@code producer.id.expiration.ms}); deterministic when {@code nowMs} comes from the Raft entry
   * being applied.
   *
   * @return how many producers were forgotten
   */
  public synchronized int removeExpiredProducers(long nowMs, long maxIdleMs) {
    int removed = 0;
    for (Iterator<ProducerEntry> it = producers.values().iterator(); it.hasNext(); ) {
      if (nowMs - it.next().lastTimestamp > maxIdleMs) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  /**
   * The last offset of each producer's latest batch, by producer id: the batches the log cleaner
   * keeps (possibly empty), as Kafka's does, so that the log still holds every producer's last
   * sequence and epoch.
   */
  public synchronized Map<Long, Long> lastBatchOffsets() {
    Map<Long, Long> out = new java.util.HashMap<>();
    producers.forEach(
        (id, entry) -> {
          if (!entry.batches.isEmpty()) {
            out.put(id, entry.batches.getLast().lastOffset());
          }
        });
    return out;
  }

  public synchronized int producerCount() {
    return producers.size();
  }

  /**
   * The state in a versioned binary format, identical for identical states: version (int16),
   * producer count (int32), then per producer in id order: id (int64), epoch (int16), last
   * timestamp (int64), batch count (int8), and per batch first and last sequence (int32 each),
   * first and last offset and timestamp (int64 each); last, a CRC-32C (int32) of all that.
   */
  public synchronized byte[] serialize() {
    int size = 2 + 4 + 4;
    for (ProducerEntry entry : producers.values()) {
      size += 8 + 2 + 8 + 1 + entry.batches.size() * (4 + 4 + 8 + 8 + 8);
    }
    ByteBuffer buffer = ByteBuffer.allocate(size);
    buffer.putShort(FORMAT_VERSION).putInt(producers.size());
    for (Map.Entry<Long, ProducerEntry> producer : producers.entrySet()) {
      ProducerEntry entry = producer.getValue();
      buffer.putLong(producer.getKey()).putShort(entry.epoch).putLong(entry.lastTimestamp);
      buffer.put((byte) entry.batches.size());
      for (BatchMetadata batch : entry.batches) {
        buffer.putInt(batch.firstSequence()).putInt(batch.lastSequence());
        buffer.putLong(batch.firstOffset()).putLong(batch.lastOffset()).putLong(batch.timestamp());
      }
    }
    buffer.putInt(crc(buffer.array(), buffer.position()));
    return buffer.array();
  }

  /**
   * Reads what {@link #serialize} wrote.
   *
   * @throws IllegalArgumentException for an unknown version, a checksum mismatch or a malformed
   *     body
   */
  public static ProducerStateManager deserialize(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      short version = buffer.getShort();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("unknown producer state version " + version);
      }
      if (bytes.length < 10 || crc(bytes, bytes.length - 4) != buffer.getInt(bytes.length - 4)) {
        throw new IllegalArgumentException("producer state checksum mismatch");
      }
      ProducerStateManager state = new ProducerStateManager();
      int count = buffer.getInt();
      for (int i = 0; i < count; i++) {
        long producerId = buffer.getLong();
        ProducerEntry entry = new ProducerEntry(buffer.getShort());
        entry.lastTimestamp = buffer.getLong();
        int batches = buffer.get();
        if (batches < 0 || batches > BATCHES_PER_PRODUCER) {
          throw new IllegalArgumentException("bad batch count " + batches);
        }
        for (int b = 0; b < batches; b++) {
          entry.batches.addLast(
              new BatchMetadata(
                  buffer.getInt(),
                  buffer.getInt(),
                  buffer.getLong(),
                  buffer.getLong(),
                  buffer.getLong()));
        }
        if (state.producers.put(producerId, entry) != null) {
          throw new IllegalArgumentException("producer id " + producerId + " twice");
        }
      }
      if (buffer.remaining() != 4) {
        throw new IllegalArgumentException(buffer.remaining() - 4 + " trailing bytes");
      }
      return state;
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated producer state", e);
    }
  }

  private static Optional<BatchMetadata> findDuplicate(ProducerEntry entry, RecordBatch batch) {
    for (BatchMetadata cached : entry.batches) {
      if (cached.firstSequence() == batch.baseSequence()
          && cached.lastSequence() == batch.lastSequence()) {
        return Optional.of(cached);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code batch}, of the entry's epoch and not next in sequence, ends before the oldest
   * cached batch begins, and is not a batch from after the sequence wrapped from {@link
   * Integer#MAX_VALUE} to 0 (such a batch is ahead of the last sequence by less than half the
   * sequence space: a gap, which stays OUT_OF_ORDER_SEQUENCE_NUMBER). A batch or a cache whose
   * sequences wrap never counts either: the answer is never a false duplicate.
   */
  private static boolean olderThanCache(ProducerEntry entry, RecordBatch batch) {
    if (entry.batches.isEmpty()) {
      return false;
    }
    int oldest = entry.batches.getFirst().firstSequence();
    int last = entry.batches.getLast().lastSequence();
    long ahead = Math.floorMod(batch.baseSequence() - (last + 1L), SEQUENCE_SPACE);
    return batch.baseSequence() <= batch.lastSequence()
        && oldest <= last
        && batch.lastSequence() < oldest
        && ahead >= SEQUENCE_SPACE / 2;
  }

  private static boolean inSequence(int lastSequence, int nextSequence) {
    return nextSequence == lastSequence + 1L
        || nextSequence == 0 && lastSequence == Integer.MAX_VALUE;
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
