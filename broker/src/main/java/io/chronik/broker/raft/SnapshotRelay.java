package io.chronik.broker.raft;

/**
 * Passes snapshot events to the listener set after the server started: the state machines, which
 * report snapshots, exist before the node's user can name a listener. Until one is set, events go
 * to {@link SnapshotListener#NONE}; the listener set last gets every later event.
 */
final class SnapshotRelay implements SnapshotListener {
  private volatile SnapshotListener target = SnapshotListener.NONE;

  void setTarget(SnapshotListener listener) {
    target = listener;
  }

  @Override
  public void snapshotTaken(String groupKey, long term, long index) {
    target.snapshotTaken(groupKey, term, index);
  }
}
