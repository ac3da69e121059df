package io.chronik.broker.log;

/**
 * The answer to an OffsetForLeaderEpoch question (KIP-101/KIP-279).
 *
 * @param leaderEpoch the largest epoch in the log that is {@code <=} the requested one
 * @param endOffset the offset at which that epoch ended: the start offset of the next epoch, or the
 *     log end offset when it is the latest
 */
public record EpochEndOffset(int leaderEpoch, long endOffset) {}
