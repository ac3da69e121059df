package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.replication.GroupStatus;
import java.util.Optional;
import org.apache.kafka.common.protocol.Errors;

/**
 * Reads that Kafka serves a client from the partition leader only (ListOffsets,
 * OffsetForLeaderEpoch; a follower's log and epoch cache may end below what consumers already read
 * from the leader). A follower answers NOT_LEADER_OR_FOLLOWER, and the client refreshes its
 * metadata and asks the leader. A leader that is not ready yet (elected, but it has not applied
 * what the previous leader committed) answers the error its caller names: its log, too, may end
 * below what consumers read.
 */
final class LeaderOnlyRead {
  private LeaderOnlyRead() {}

  /**
   * The error for a client's read of {@code replica} here, NONE when this node is its ready leader.
   */
  static Errors check(BrokerServices services, PartitionReplica replica, Errors whenNotReady) {
    Optional<GroupStatus> status = services.groups().status(replica.identity().groupId());
    if (status.isEmpty() || !status.get().isLeader()) {
      return Errors.NOT_LEADER_OR_FOLLOWER;
    }
    return status.get().leaderReady() ? Errors.NONE : whenNotReady;
  }
}
