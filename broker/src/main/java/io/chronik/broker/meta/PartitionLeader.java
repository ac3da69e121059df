package io.chronik.broker.meta;

/**
 * The leader of a partition's Raft group as last reported by the leader itself.
 *
 * @param nodeId the leader's node id
 * @param term the Raft term it leads in (the Kafka leader epoch)
 */
public record PartitionLeader(int nodeId, long term) {}
