package io.chronik.broker.raft;

import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.PartitionLeader;
import io.chronik.broker.replication.ElectionJournal;
import io.chronik.broker.replication.InSyncReplicas;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles leader changes reported by the state machines, off Ratis's threads: records each in the
 * {@link ElectionJournal}, and when this node became a partition's leader, reports that to the
 * metadata group so every node can route clients to it.
 */
final class LeaderEvents implements LeaderAwareStateMachine.LeaderListener, AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(LeaderEvents.class);
  private static final int REPORT_ATTEMPTS = 20;

  private final int selfNodeId;
  private final ElectionJournal journal = new ElectionJournal();
  private final CompletableFuture<RaftNode> node = new CompletableFuture<>();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "chronik-leader-events");
            t.setDaemon(true);
            return t;
          });

  LeaderEvents(int selfNodeId) {
    this.selfNodeId = selfNodeId;
  }

  ElectionJournal journal() {
    return journal;
  }

  /** The node is built and its metadata client works: reports can go out. */
  void ready(RaftNode raftNode) {
    node.complete(raftNode);
  }

  @Override
  public void leaderChanged(RaftGroupId groupId, RaftPeerId leader) {
    node.thenAcceptAsync(n -> handle(n, groupId, leader), executor);
  }

  private void handle(RaftNode n, RaftGroupId groupId, RaftPeerId leader) {
    String key = n.isMeta(groupId) ? "__meta" : groupId.getUuid().toString();
    int leaderId = RaftPeers.nodeIdOf(leader);
    long term;
    try {
      term = n.term(groupId);
    } catch (IOException | IllegalStateException e) {
      return; // the group is gone
    }
    journal.record(key, term, leaderId, n.isPreferred(groupId, leaderId));
    LOGGER.info("[{}] leader is now node {} in term {}", key, leaderId, term);
    if (leaderId == selfNodeId && !n.isMeta(groupId)) {
      report(n, key, n.epochOf(groupId, term), REPORT_ATTEMPTS);
    }
  }

  private void report(RaftNode n, String groupId, long term, int attemptsLeft) {
    n.submit(new MetaCommand.RecordLeader(groupId, selfNodeId, term, electionIsr(n, groupId)))
        .whenComplete(
            (r, e) -> {
              if (e != null && attemptsLeft > 1) {
                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS, executor)
                    .execute(() -> report(n, groupId, term, attemptsLeft - 1));
              } else if (e != null) {
                LOGGER.warn(
                    "[{}] could not record leadership in the metadata: {}", groupId, e.toString());
              }
            });
  }

  /**
   * The in-sync replicas this node reports when it was just elected, before it measured its
   * followers: the previous term's ISR with this node ({@link InSyncReplicas#afterElection}), so
   * Metadata answers do not show the leader alone until its first measure is recorded.
   */
  private List<Integer> electionIsr(RaftNode n, String groupId) {
    MetadataImage image = n.image();
    List<Integer> replicas =
        image.allPartitions().stream()
            .map(java.util.Map.Entry::getValue)
            .filter(a -> a.groupId().equals(groupId))
            .findFirst()
            .map(PartitionAssignment::replicas)
            .orElse(List.of());
    PartitionLeader previous = image.leaders().get(groupId);
    return InSyncReplicas.afterElection(
        selfNodeId, replicas, previous == null ? List.of() : previous.isr());
  }

  /**
   * A group's configuration changed. When the members' priorities changed, a leadership transfer is
   * under way (that is how {@link RaftNode#transferLeader} moves a leader), so the next leader
   * change is recorded as a transfer on every member.
   */
  @Override
  public void configurationChanged(
      RaftGroupId groupId, java.util.Map<Integer, Integer> priorities) {
    // the metadata group is the one name-based group id a node hosts (see MetaGroupIds)
    String key =
        io.chronik.broker.MetaGroupIds.isMetaGroupId(groupId.getUuid())
            ? "__meta"
            : groupId.getUuid().toString();
    java.util.Map<Integer, Integer> previous = this.priorities.put(key, priorities);
    if (previous != null && !previous.equals(priorities)) {
      journal.transferRequested(key);
    }
  }

  private final java.util.Map<String, java.util.Map<Integer, Integer>> priorities =
      new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
