package io.chronik.broker.meta;

/**
 * The leader of a partition's Raft group as last reported by the leader itself.
 *
 * @param nodeId the leader's node id
 * @param term the Raft term it leads in (the Kafka leader epoch)
 * @param isr the in-sync replicas as the leader last reported them (the leader first)
 */
public record PartitionLeader(int nodeId, long term, java.util.List<Integer> isr) {
  public PartitionLeader {
    isr = isr == null ? java.util.List.of(nodeId) : java.util.List.copyOf(isr);
  }
}
