package io.chronik.broker.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.record.SimpleRecord;

/** Builds record batches the way a Kafka producer does, with kafka-clients' own builders. */
final class TestRecords {

  private TestRecords() {}

  /** One uncompressed batch with a record per value, all stamped {@code timestamp}. */
  static MemoryRecords batch(long timestamp, String... values) {
    return batch(Compression.NONE, timestamp, values);
  }

  static MemoryRecords batch(Compression compression, long timestamp, String... values) {
    SimpleRecord[] records = new SimpleRecord[values.length];
    for (int i = 0; i < values.length; i++) {
      records[i] = new SimpleRecord(timestamp, values[i].getBytes(StandardCharsets.UTF_8));
    }
    return MemoryRecords.withRecords(compression, records);
  }

  /** A record with a key; a null {@code value} makes a tombstone. */
  static SimpleRecord kv(long timestamp, String key, String value) {
    return new SimpleRecord(
        timestamp,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** One batch of keyed records. */
  static MemoryRecords keyed(Compression compression, SimpleRecord... records) {
    return MemoryRecords.withRecords(compression, records);
  }

  /** One batch of an idempotent producer. */
  static MemoryRecords idempotent(
      long producerId, short epoch, int baseSequence, SimpleRecord... records) {
    return MemoryRecords.withIdempotentRecords(
        Compression.NONE, producerId, epoch, baseSequence, records);
  }

  /** "key=value" (or "key=null" for a tombstone) of each record, in order. */
  static List<String> keyValues(Records records) {
    return records(records).stream()
        .map(
            r ->
                StandardCharsets.UTF_8.decode(r.key()).toString()
                    + "="
                    + (r.hasValue() ? StandardCharsets.UTF_8.decode(r.value()).toString() : "null"))
        .toList();
  }

  /** One batch whose records carry the given timestamps. */
  static MemoryRecords batchWithTimestamps(long... timestamps) {
    SimpleRecord[] records = new SimpleRecord[timestamps.length];
    for (int i = 0; i < timestamps.length; i++) {
      records[i] = new SimpleRecord(timestamps[i], ("t" + timestamps[i]).getBytes());
    }
    return MemoryRecords.withRecords(Compression.NONE, records);
  }

  /** One uncompressed single-record batch with a value of {@code valueBytes} bytes. */
  static MemoryRecords sized(int valueBytes, long timestamp) {
    byte[] value = new byte[valueBytes];
    Arrays.fill(value, (byte) 'x');
    return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(timestamp, value));
  }

  /** Several batches in one buffer, as one Produce partition entry may carry them. */
  static MemoryRecords concat(MemoryRecords... parts) {
    int size = 0;
    for (MemoryRecords part : parts) {
      size += part.sizeInBytes();
    }
    ByteBuffer buffer = ByteBuffer.allocate(size);
    for (MemoryRecords part : parts) {
      buffer.put(part.buffer().duplicate());
    }
    return MemoryRecords.readableRecords(buffer.flip());
  }

  static byte[] bytes(MemoryRecords records) {
    ByteBuffer buffer = records.buffer().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  static List<Record> records(Records records) {
    List<Record> all = new ArrayList<>();
    for (RecordBatch batch : records.batches()) {
      for (Record record : batch) {
        all.add(record);
      }
    }
    return all;
  }

  static List<Long> offsets(Records records) {
    return records(records).stream().map(Record::offset).toList();
  }

  static List<String> values(Records records) {
    return records(records).stream()
        .map(record -> StandardCharsets.UTF_8.decode(record.value()).toString())
        .toList();
  }

  static List<RecordBatch> batches(Records records) {
    List<RecordBatch> all = new ArrayList<>();
    records.batches().forEach(all::add);
    return all;
  }
}
