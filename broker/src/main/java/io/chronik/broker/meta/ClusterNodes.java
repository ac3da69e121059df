package io.chronik.broker.meta;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the metadata image holds of the cluster's nodes, and how registering, fencing and removing a
 * node change it: an immutable value; each change returns a new one. The checks that need more of
 * the image (a removed node's replicas) are {@link MetadataImage}'s.
 *
 * <p>Invariants: a fenced node is registered; a removed node is not registered, until a new
 * incarnation of it registers ({@link RemovedNode}).
 *
 * @param brokers registered nodes by id
 * @param removed nodes removed by {@code chronik cluster remove-node}, by id
 * @param fenced registered nodes the metadata group's leader fenced
 */
record ClusterNodes(
    Map<Integer, BrokerInfo> brokers, Map<Integer, RemovedNode> removed, Set<Integer> fenced) {

  ClusterNodes {
    brokers = Map.copyOf(brokers);
    removed = removed == null ? Map.of() : Map.copyOf(removed);
    fenced = fenced == null ? Set.of() : Set.copyOf(fenced);
  }

  /**
   * The removal that keeps {@code broker} from registering (its data dir's incarnation was
   * removed), if any.
   */
  RemovedNode refusing(BrokerInfo broker) {
    RemovedNode gone = removed.get(broker.nodeId());
    return gone != null && gone.removes(broker.incarnation()) ? gone : null;
  }

  /**
   * Adds or updates a node's registration; a node added again from a wiped data dir (a new
   * incarnation) is no longer removed.
   */
  ClusterNodes register(BrokerInfo broker) {
    Map<Integer, BrokerInfo> next = new HashMap<>(brokers);
    next.put(broker.nodeId(), broker);
    Map<Integer, RemovedNode> nextRemoved = new HashMap<>(removed);
    nextRemoved.remove(broker.nodeId());
    return new ClusterNodes(next, nextRemoved, fenced);
  }

  /** Fences a node or lets it back. */
  ClusterNodes fence(int nodeId, boolean fence) {
    Set<Integer> next = new TreeSet<>(fenced);
    if (fence) {
      next.add(nodeId);
    } else {
      next.remove(nodeId);
    }
    return new ClusterNodes(brokers, removed, next);
  }

  /** Removes a node's registration and records its removal. */
  ClusterNodes unregister(MetaCommand.UnregisterBroker c) {
    Map<Integer, BrokerInfo> next = new HashMap<>(brokers);
    BrokerInfo gone = next.remove(c.nodeId());
    Map<Integer, RemovedNode> nextRemoved = new HashMap<>(removed);
    nextRemoved.put(
        c.nodeId(),
        new RemovedNode(
            c.nodeId(),
            gone == null ? "" : gone.incarnation(),
            c.byNode() == null ? -1 : c.byNode(),
            c.atMs() == null ? 0L : c.atMs()));
    return new ClusterNodes(next, nextRemoved, fence(c.nodeId(), false).fenced());
  }
}
