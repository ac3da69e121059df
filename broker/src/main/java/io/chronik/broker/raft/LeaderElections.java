package io.chronik.broker.raft;

import io.chronik.broker.replication.GroupMembers;
import io.chronik.broker.replication.InSyncReplicas;
import io.chronik.broker.replication.LeaderElection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader elections asked for through Kafka's ElectLeaders, run from any node: the group's leader is
 * found and asked through Raft clients ({@link RaftMembership}), as the admin transfer-leader
 * action does, and a preferred election hands the lead over with a Raft leadership transfer to the
 * member that already has the highest priority (no priority changes). The calls block, so they run
 * on a few threads of their own.
 *
 * <p>Invariants: the lead only ever moves to a member of the group's highest priority, and only
 * when {@link LeaderElection#decide} finds it live and caught up; a transfer is bounded by {@link
 * #TRANSFER_TIMEOUT_MS} (the leader holds new writes while it hands over).
 */
final class LeaderElections implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(LeaderElections.class);

  /** The longest wait for a group's leader to be found. */
  static final long LOOKUP_TIMEOUT_MS = 5_000;

  /** The longest hand-over. */
  static final long TRANSFER_TIMEOUT_MS = 5_000;

  private final RaftNode node;
  private final long liveMs;
  private final ExecutorService executor;

  /**
   * @param liveMs the longest silence of a live member as the leader sees it (two heartbeats)
   */
  LeaderElections(RaftNode node, long liveMs) {
    this.node = node;
    this.liveMs = liveMs;
    AtomicInteger ids = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            4,
            4,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "chronik-elections-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    this.executor = pool;
  }

  CompletableFuture<LeaderElection> elect(
      String groupId, List<Integer> replicas, int knownLeader, boolean preferred, long timeoutMs) {
    return CompletableFuture.supplyAsync(
        () -> electNow(groupId, replicas, knownLeader, preferred, timeoutMs), executor);
  }

  private LeaderElection electNow(
      String groupId, List<Integer> replicas, int knownLeader, boolean preferred, long timeoutMs) {
    List<Integer> known = new ArrayList<>();
    if (replicas.contains(knownLeader)) {
      known.add(knownLeader);
    }
    replicas.stream().filter(r -> r != knownLeader).forEach(known::add);
    RaftMembership membership = node.membership();
    GroupMembers members;
    try {
      members =
          membership.members(groupId, known, Math.max(1, Math.min(timeoutMs, LOOKUP_TIMEOUT_MS)));
    } catch (IOException e) {
      String why = "the group has no leader: " + e.getMessage();
      return preferred
          ? new LeaderElection(LeaderElection.Result.PREFERRED_NOT_AVAILABLE, -1, why)
          : new LeaderElection(LeaderElection.Result.NO_ELIGIBLE_LEADER, -1, why);
    }
    if (!preferred) {
      // Raft elects only members that hold every committed entry: a group that has a leader
      // needs no other, and there is nothing unclean to fall back on
      return new LeaderElection(LeaderElection.Result.NOT_NEEDED, members.leader(), null);
    }
    LeaderElection.Decision decision =
        LeaderElection.decide(members, liveMs, InSyncReplicas.LAG_ENTRIES_MAX);
    if (decision instanceof LeaderElection.AlreadyPreferred already) {
      return new LeaderElection(LeaderElection.Result.NOT_NEEDED, already.leader(), null);
    }
    if (decision instanceof LeaderElection.Unavailable unavailable) {
      return new LeaderElection(
          LeaderElection.Result.PREFERRED_NOT_AVAILABLE, members.leader(), unavailable.reason());
    }
    int to = ((LeaderElection.HandOver) decision).nodeId();
    LOGGER.info(
        "[{}] preferred leader election asked: handing the lead from node {} to node {}",
        groupId,
        members.leader(),
        to);
    try {
      membership.transferLeadership(
          groupId, members, to, Math.max(1, Math.min(timeoutMs, TRANSFER_TIMEOUT_MS)));
      return new LeaderElection(LeaderElection.Result.ELECTED, to, null);
    } catch (IOException e) {
      return new LeaderElection(
          LeaderElection.Result.PREFERRED_NOT_AVAILABLE, members.leader(), e.getMessage());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
