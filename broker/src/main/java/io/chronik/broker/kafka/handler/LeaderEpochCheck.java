package io.chronik.broker.kafka.handler;

import org.apache.kafka.common.protocol.Errors;

/**
 * The leader-epoch check of Fetch (v9+), ListOffsets (v4+) and OffsetForLeaderEpoch (v2+): a client
 * sends the leader epoch its metadata gave for the partition ({@code currentLeaderEpoch}), and a
 * replica, leader or follower, answers as a Kafka broker does:
 *
 * <ul>
 *   <li>FENCED_LEADER_EPOCH when the client's epoch is older than the partition's current epoch
 *       here: its metadata is stale (the leader changed), so it refreshes it and goes to the new
 *       leader;
 *   <li>UNKNOWN_LEADER_EPOCH when it is newer than this node knows (this node has not heard of the
 *       new leader yet): the client retries;
 *   <li>nothing when they are equal, or when the client sent -1 (no epoch: older request versions
 *       and clients that do not track epochs).
 * </ul>
 *
 * <p>The current epoch is {@link io.chronik.broker.partition.PartitionReplica#leaderEpoch}, the
 * epoch Metadata answers give for the partition, so a client that refreshed its metadata passes.
 */
final class LeaderEpochCheck {
  private LeaderEpochCheck() {}

  /**
   * The error for a request with {@code requested} as its current leader epoch, {@link Errors#NONE}
   * when it may go on.
   *
   * @param requested the client's {@code currentLeaderEpoch}, negative for none
   * @param current the partition's current leader epoch here, -1 when unknown
   */
  static Errors check(int requested, int current) {
    if (requested < 0 || requested == current) {
      return Errors.NONE;
    }
    return requested < current ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
  }
}
