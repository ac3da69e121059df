package io.chronik.broker;

import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a group going on a node whose Raft storage for it is empty (a wiped data dir, a wiped group
 * directory).
 *
 * <p>Such a node hears from the group's leader but has committed nothing. A Ratis 3.3 leader that
 * still holds the node's match index from before the wipe never sends it anything below that index
 * (RATIS-2523): it repeats the same heartbeat, or the same entries, and the node answers "my log is
 * empty" for ever. When a group stays in that state for {@link #INTERVAL_MS}, this class asks its
 * leader to step down. The next term's leader (often the same node) starts without the stale match
 * index and sends the node its log, or its snapshot when it purged the log. Each group is asked at
 * most once per {@link #INTERVAL_MS}, and only while it has a leader other than this node and
 * nothing committed here. The interval counts from when a leader was first known, also across the
 * gaps in which the node, hearing from the leader only every few seconds, knows no leader.
 */
final class CatchUpNudge {
  private static final Logger LOGGER = LoggerFactory.getLogger(CatchUpNudge.class);
  static final long INTERVAL_MS = 5000;

  private final RaftNode raft;
  private final int nodeId;
  private final Map<String, Long> firstSeen = new HashMap<>();
  private final Map<String, Long> lastNudge = new HashMap<>();

  CatchUpNudge(RaftNode raft, int nodeId) {
    this.raft = raft;
    this.nodeId = nodeId;
  }

  /** Nudges the metadata group when it needs it. */
  void meta() {
    nudge("__meta", raft.metaStatus());
  }

  /** Nudges a partition group when it needs it. */
  void partition(String groupId) {
    nudge(groupId, raft.status(groupId));
  }

  private void nudge(String groupKey, Optional<GroupStatus> status) {
    if (status.isEmpty()) {
      return;
    }
    GroupStatus s = status.get();
    long now = System.currentTimeMillis();
    if (s.leaderId() == nodeId || s.commitIndex() >= 0) {
      firstSeen.remove(groupKey);
      return;
    }
    if (s.leaderId() < 0) {
      // the leader backs off from a follower that keeps answering "inconsistent", so the follower
      // forgets it between heartbeats: keep counting from when a leader was first known
      return;
    }
    // give the leader one interval to find out on its own
    long since = firstSeen.computeIfAbsent(groupKey, k -> now);
    long last = lastNudge.getOrDefault(groupKey, since);
    if (now - last < INTERVAL_MS) {
      return;
    }
    lastNudge.put(groupKey, now);
    LOGGER.info(
        "[{}] nothing committed here {} ms after node {} became known as leader (term {}); asking"
            + " it to step down so that the next term's leader sends this node its log or snapshot",
        groupKey,
        now - since,
        s.leaderId(),
        s.term());
    raft.stepDownLeader(groupKey, 10_000)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                LOGGER.info("[{}] the leader did not step down: {}", groupKey, e.getMessage());
              }
            });
  }
}
