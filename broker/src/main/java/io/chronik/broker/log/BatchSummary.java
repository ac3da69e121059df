package io.chronik.broker.log;

/**
 * The header of one stored record batch, for comparing replicas: what {@link
 * PartitionLog#lastBatches} reports.
 *
 * @param baseOffset the offset of the batch's first record
 * @param lastOffset the offset of its last record
 * @param leaderEpoch the partition leader epoch it was written in
 * @param crc the CRC-32C stored in the v2 batch header, as read from the segment (unsigned)
 * @param crcValid whether the stored CRC matches the bytes it covers, recomputed on this read
 * @param sizeBytes the batch's size on disk
 */
public record BatchSummary(
    long baseOffset, long lastOffset, int leaderEpoch, long crc, boolean crcValid, int sizeBytes) {}
