package io.chronik.broker.raft;

import io.chronik.broker.replication.GroupMembers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a group a new term's leader without waiting out an election timeout, for a node that lost
 * its Raft storage (see {@link GroupClients#stepDownLeader} for why a new term is needed at all).
 *
 * <p>The leader hands leadership to the other member with the highest commit index it records (a
 * Ratis leadership transfer: the target starts its election at once, ~0.1 s on loopback). Ratis
 * refuses a transfer to a member below the group's highest priority, so when the target's priority
 * is lower, it is first raised to that priority (a configuration entry), and put back by {@link
 * #settle} once this node has its storage again; the group's preferred leader then takes the lead
 * back as it does after any leader change. A group with no other member, or a hand-over that fails,
 * falls back to asking the leader to step down (an election, 1–2 s).
 *
 * <p>Invariants: a raised priority is put back at most once, and only while the group's members and
 * that priority are still as this class left them; otherwise the group is left as it is and the
 * reason logged.
 */
final class LeaderHandOver {
  private static final Logger LOGGER = LoggerFactory.getLogger(LeaderHandOver.class);

  /** Calls may wait for a leader change or a configuration entry: one thread per call. */
  private static final Executor CALLS =
      task -> {
        Thread t = new Thread(task, "chronik-leader-hand-over");
        t.setDaemon(true);
        t.start();
      };

  private final RaftNode node;
  private final GroupClients clients;
  private final int nodeId;
  private final Map<String, Raised> raised = new ConcurrentHashMap<>();

  /** A member whose priority was raised from {@code before} to {@code to} for a hand-over. */
  private record Raised(int member, int before, int to) {}

  LeaderHandOver(RaftNode node, GroupClients clients, int nodeId) {
    this.node = node;
    this.clients = clients;
    this.nodeId = nodeId;
  }

  /**
   * Gets {@code groupKey} a new term's leader: a hand-over to another member, else a step-down.
   *
   * @param groupKey a partition group id, or {@code __meta}
   */
  CompletableFuture<Void> newTerm(String groupKey, long timeoutMs) {
    return CompletableFuture.runAsync(
            () -> {
              try {
                handOver(groupKey, timeoutMs);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            CALLS)
        .handle(
            (r, e) -> {
              if (e == null) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              LOGGER.info(
                  "[{}] no hand-over of leadership ({}); asking the leader to step down",
                  groupKey,
                  rootMessage(e));
              return clients.stepDownLeader(groupKey, timeoutMs);
            })
        .thenCompose(f -> f);
  }

  /** Puts back a priority raised for a hand-over of {@code groupKey}, if any. */
  CompletableFuture<Void> settle(String groupKey, long timeoutMs) {
    Raised r = raised.remove(groupKey);
    if (r == null) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(
        () -> {
          try {
            RaftMembership membership = node.membership();
            GroupMembers g = membership.members(groupKey, node.members(groupKey), timeoutMs);
            Integer now = g.priorities().get(r.member());
            if (now == null || now != r.to()) {
              LOGGER.info(
                  "[{}] node {}'s Raft priority changed since the hand-over (now {}); left as it"
                      + " is",
                  groupKey,
                  r.member(),
                  now);
              return;
            }
            Map<Integer, Integer> wanted = new LinkedHashMap<>(g.priorities());
            wanted.put(r.member(), r.before());
            membership.setMembers(groupKey, g, wanted, timeoutMs);
            LOGGER.info(
                "[{}] node {}'s Raft priority is {} again, as before the hand-over",
                groupKey,
                r.member(),
                r.before());
          } catch (IOException e) {
            LOGGER.warn(
                "[{}] could not put node {}'s Raft priority back to {}: {}; `chronik cluster"
                    + " transfer-leader` moves the leadership where it is wanted",
                groupKey,
                r.member(),
                r.before(),
                e.getMessage());
          }
        },
        CALLS);
  }

  private void handOver(String groupKey, long timeoutMs) throws IOException {
    RaftMembership membership = node.membership();
    GroupMembers g = membership.members(groupKey, node.members(groupKey), timeoutMs);
    int target = -1;
    long best = -1;
    for (Map.Entry<Integer, Long> e : g.commitIndex().entrySet()) {
      int id = e.getKey();
      if (id != nodeId
          && id != g.leader()
          && g.priorities().containsKey(id)
          && e.getValue() > best) {
        best = e.getValue();
        target = id;
      }
    }
    if (target < 0) {
      throw new IOException("the group has no other member with a log to lead it");
    }
    int top = Collections.max(g.priorities().values());
    int own = g.priorities().get(target);
    if (own < top) {
      Map<Integer, Integer> wanted = new LinkedHashMap<>(g.priorities());
      wanted.put(target, top);
      membership.setMembers(groupKey, g, wanted, timeoutMs);
      raised.put(groupKey, new Raised(target, own, top));
    }
    node.journal().transferRequested(groupKey);
    membership.transferLeadership(groupKey, g, target, timeoutMs);
    LOGGER.info(
        "[{}] node {} handed leadership to node {} for this node's catch-up",
        groupKey,
        g.leader(),
        target);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
