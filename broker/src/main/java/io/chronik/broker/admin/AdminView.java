package io.chronik.broker.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the admin HTTP API shows; implemented by the broker. */
public interface AdminView {
  /** Empty when the node serves Kafka requests, otherwise why it does not yet. */
  Optional<String> notReadyReason();

  /** Node identity, addresses and effective configuration. */
  Map<String, Object> node();

  /** The cluster as this node's metadata sees it: nodes, the metadata leader, topics. */
  Map<String, Object> cluster();

  /** Every Raft group hosted here, with its partition where it has one. */
  List<Map<String, Object>> raftGroups();

  /** The leader changes of one group seen by this node, oldest first; empty if unknown. */
  Optional<List<?>> elections(String groupId);

  /**
   * Moves a group's leadership: {@code {"topic": T, "partition": P, "to": N}} or {@code {"group":
   * "__meta", "to": N}}. Completes with the outcome, or fails with an {@link AdminException}.
   */
  java.util.concurrent.CompletableFuture<Map<String, Object>> transferLeader(
      Map<String, Object> request);

  /**
   * Runs a membership change: {@code add-node} ({@code {"nodeId": N, "raft": "HOST:PORT"}}), {@code
   * move-replica} ({@code {"topic", "partition", "from", "to"}}) or {@code remove-node} ({@code
   * {"nodeId": N, "force": false, "dryRun": false}}); each takes an optional {@code "timeoutMs"}.
   * Completes with the outcome, or fails with an {@link AdminException}.
   */
  java.util.concurrent.CompletableFuture<Map<String, Object>> membership(
      String action, Map<String, Object> request);

  /** The Prometheus text exposition. */
  String metrics();

  /** The snapshot API; empty until the node is ready. */
  default Optional<SnapshotAdmin> snapshots() {
    return Optional.empty();
  }

  /** Where blocking admin calls run (never the event loop). */
  default java.util.concurrent.Executor worker() {
    return java.util.concurrent.ForkJoinPool.commonPool();
  }

  /**
   * The read-only diagnostics endpoints ({@code /v1/raft/elections}, {@code /v1/probe/peers},
   * {@code /v1/logs}, {@code /v1/replicas}): the JSON body for {@code path}, or empty when {@code
   * path} is not one of them. The future fails with an {@link AdminException} for a bad request.
   */
  default Optional<java.util.concurrent.CompletableFuture<Object>> diagnostics(
      String path, Map<String, String> query) {
    return Optional.empty();
  }
}
