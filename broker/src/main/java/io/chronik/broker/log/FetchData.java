package io.chronik.broker.log;

import java.util.Objects;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Records;

/**
 * The result of {@link PartitionLog#read}.
 *
 * @param firstOffset the base offset of the first returned batch, or -1 when nothing was returned
 * @param records whole batches only, in offset order; the first one may start before the offset
 *     asked for (it contains it). {@link PartitionLog} returns heap {@link MemoryRecords} that the
 *     caller owns: they stay valid after retention or truncation.
 */
public record FetchData(long firstOffset, Records records) {

  /** Nothing to return. */
  public static final FetchData EMPTY = new FetchData(-1L, MemoryRecords.EMPTY);

  public FetchData {
    Objects.requireNonNull(records, "records");
  }

  public boolean isEmpty() {
    return records.sizeInBytes() == 0;
  }
}
