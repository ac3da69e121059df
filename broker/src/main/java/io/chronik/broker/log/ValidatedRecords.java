package io.chronik.broker.log;

import java.util.Objects;
import org.apache.kafka.common.record.CompressionType;

/**
 * A summary of records that passed {@link BatchValidator}.
 *
 * @param batchCount the record batches
 * @param recordCount the records in all batches (from the batch headers)
 * @param maxTimestamp the largest batch max timestamp (-1 when none carried one)
 * @param compressionType the compression of the first batch
 * @param hasProducerId whether any batch carries a producer id (idempotent or transactional)
 */
public record ValidatedRecords(
    int batchCount,
    int recordCount,
    long maxTimestamp,
    CompressionType compressionType,
    boolean hasProducerId) {

  public ValidatedRecords {
    Objects.requireNonNull(compressionType, "compressionType");
  }
}
