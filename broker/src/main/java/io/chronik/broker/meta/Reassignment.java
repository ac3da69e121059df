package io.chronik.broker.meta;

import java.util.ArrayList;
import java.util.List;

/**
 * A replica move in progress: the partition's replicas go from {@code from} to {@code to}. While it
 * is recorded in the metadata, the nodes in {@link #adding()} host the partition's Raft group (they
 * join it with the old configuration and wait for its leader to add them), and the partition's
 * assignment still names {@code from}. Completing the move sets the assignment to {@code to}; the
 * nodes in {@link #removing()} then leave the group and delete their copy.
 *
 * @param topic the topic
 * @param partition the partition index
 * @param from the replicas when the move started, preferred leader first
 * @param to the replicas when it is done, preferred leader first
 */
public record Reassignment(String topic, int partition, List<Integer> from, List<Integer> to) {
  public Reassignment {
    from = List.copyOf(from);
    to = List.copyOf(to);
  }

  /** The nodes that gain a replica. */
  public List<Integer> adding() {
    List<Integer> out = new ArrayList<>(to);
    out.removeAll(from);
    return out;
  }

  /** The nodes that lose their replica. */
  public List<Integer> removing() {
    List<Integer> out = new ArrayList<>(from);
    out.removeAll(to);
    return out;
  }
}
