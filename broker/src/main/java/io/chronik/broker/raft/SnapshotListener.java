package io.chronik.broker.raft;

/**
 * Told after a group's state machine recorded a snapshot. It runs on the state-machine thread, so
 * it must only hand the work off.
 */
@FunctionalInterface
public interface SnapshotListener {
  SnapshotListener NONE = (group, term, index) -> {};

  /**
   * @param groupKey {@code __meta} or the partition group's id
   */
  void snapshotTaken(String groupKey, long term, long index);
}
