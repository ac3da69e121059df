package io.chronik.broker.meta;

import java.time.Instant;

/**
 * A node that {@code chronik cluster remove-node} removed from the cluster. The node that was
 * removed learns it from the metadata it applies and stops; a data dir of that incarnation never
 * serves again. A machine wiped and added anew under the same id is another incarnation.
 *
 * @param nodeId the removed node's id
 * @param incarnation the incarnation of its data dir when it was removed (empty when unknown)
 * @param byNode the node that ran the removal, -1 when unknown
 * @param atMs when the removal was recorded (epoch milliseconds, 0 when unknown)
 */
public record RemovedNode(int nodeId, String incarnation, int byNode, long atMs) {
  public RemovedNode {
    incarnation = incarnation == null ? "" : incarnation;
  }

  /** Whether this removal concerns the data dir of {@code incarnation}. */
  public boolean removes(String dataDirIncarnation) {
    return incarnation.isEmpty() || incarnation.equals(dataDirIncarnation);
  }

  /** One line for the operator: who removed the node, and when. */
  public String describe() {
    return "node "
        + nodeId
        + " was removed from the cluster"
        + (byNode >= 0 ? " by node " + byNode : "")
        + " (chronik cluster remove-node)"
        + (atMs > 0 ? " at " + Instant.ofEpochMilli(atMs) : "");
  }
}
