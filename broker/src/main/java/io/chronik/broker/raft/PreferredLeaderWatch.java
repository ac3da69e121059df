package io.chronik.broker.raft;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the lead of each group this node leads to the group's preferred leader (its member with
 * the highest Raft priority), where Ratis 3.3 does not do it by itself, once that member is ready
 * (a restarted node that still replays its logs would take no writes as a leader). Run once a
 * second.
 *
 * <p>Ratis hands the lead to a higher-priority follower only once that follower's match index has
 * reached the leader's last entry, and takes no writes while it hands over:
 *
 * <ul>
 *   <li>Under a steady write load a follower is always a few entries behind, so the lead never went
 *       back to a returned preferred leader. When that follower answered within the last {@link
 *       #LIVE_MS} and is within {@link #CLOSE_ENTRIES} of the leader's last entry on {@link
 *       #CLOSE_CHECKS} checks in a row, this node asks its Ratis server for a transfer to it: the
 *       leader holds new writes (for at most {@link #TRANSFER_TIMEOUT_MS}) until the follower has
 *       every entry, and hands over.
 *   <li>A follower's match index says what it stored, not what it applied: a restarted node has its
 *       log back at once but replays it (the metadata first, then each group) before it takes
 *       writes, and as a leader a group takes none until its new leader has applied every entry.
 *       Handed the lead at once, the group took no writes for the rest of the replay (7-10 s in
 *       FailoverSoakIT). So the follower must also be ready, as its admin API's {@code /ready} says
 *       (the {@code ready} predicate), before this node hands over to it.
 *   <li>When the follower it hands over to dies before it takes the lead, its match index stays at
 *       the leader's last entry (no write gets in), so Ratis hands over to it again and again and
 *       the group takes no writes until that member returns. When such a follower has not answered
 *       for {@link #deadMs} (longer than an election timeout), this node steps down: the next
 *       leader starts with no match index for any follower, so it does not hand over to the dead
 *       member.
 * </ul>
 *
 * <p>Invariants: this only ever acts on a group this node leads and whose leadership is ready, and
 * only towards the members with the group's highest priority, so it never moves a lead away from a
 * preferred leader; at most one request per group is in flight, and a group is not asked again
 * within {@link #BACKOFF_MS} of a request.
 */
final class PreferredLeaderWatch implements Runnable {
  private static final Logger LOGGER = LoggerFactory.getLogger(PreferredLeaderWatch.class);
  static final long LIVE_MS = 1_000;
  static final long CLOSE_ENTRIES = 1_000;
  static final int CLOSE_CHECKS = 2;
  static final long TRANSFER_TIMEOUT_MS = 2_000;
  static final long BACKOFF_MS = 5_000;
  private static final AtomicLong CALL_IDS = new AtomicLong();

  /**
   * A follower as the leader sees it.
   *
   * @param ready whether the node serves clients with every group caught up (its {@code /ready})
   */
  record Follower(int nodeId, int priority, long matchIndex, long lastRpcMs, boolean ready) {}

  /** What to do about a group. */
  sealed interface Action {}

  /** Nothing to do. */
  record Wait() implements Action {}

  /** Hand the lead to {@code nodeId}. */
  record Transfer(int nodeId) implements Action {}

  /** Step down: the preferred member this leader keeps handing over to is dead. */
  record StepDown(int nodeId, long silentMs) implements Action {}

  private final RaftServer server;
  private final MetaGroupRef metaGroup;
  private final RaftPeerId selfId;
  private final long deadMs;
  private final IntPredicate ready;
  private final Map<RaftGroupId, Integer> closeChecks = new HashMap<>();
  private final Map<RaftGroupId, Long> transferAskedAt = new HashMap<>();
  private final Set<RaftGroupId> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param deadMs how long a preferred member the lead is handed to may be silent before this node
   *     steps down
   * @param ready whether a node (by id) is ready to take a group's lead
   */
  PreferredLeaderWatch(
      RaftServer server,
      MetaGroupRef metaGroup,
      RaftPeerId selfId,
      long deadMs,
      IntPredicate ready) {
    this.server = server;
    this.metaGroup = metaGroup;
    this.selfId = selfId;
    this.deadMs = deadMs;
    this.ready = ready;
  }

  @Override
  public void run() {
    Set<RaftGroupId> seen = new HashSet<>();
    try {
      for (RaftGroupId gid : server.getGroupIds()) {
        seen.add(gid);
        try {
          check(gid, System.currentTimeMillis());
        } catch (IOException | RuntimeException e) {
          // the group is going away, or still starting
          closeChecks.remove(gid);
        }
      }
    } catch (RuntimeException e) {
      LOGGER.debug("preferred-leader check skipped: {}", e.toString());
    }
    closeChecks.keySet().retainAll(seen);
    transferAskedAt.keySet().retainAll(seen);
  }

  private void check(RaftGroupId gid, long now) throws IOException {
    RaftServer.Division division = server.getDivision(gid);
    var info = division.getInfo();
    if (!info.isLeader() || !info.isLeaderReady() || inFlight.contains(gid)) {
      closeChecks.remove(gid);
      return;
    }
    Map<String, Integer> priorities = new HashMap<>();
    int mine = Integer.MIN_VALUE;
    for (RaftPeer p : division.getRaftConf().getCurrentPeers()) {
      priorities.put(p.getId().toString(), p.getPriority());
      if (p.getId().equals(selfId)) {
        mine = p.getPriority();
      }
    }
    int top = priorities.values().stream().mapToInt(Integer::intValue).max().orElse(mine);
    TermIndex last = division.getRaftLog().getLastEntryTermIndex();
    if (mine >= top || last == null) {
      closeChecks.remove(gid);
      return;
    }
    List<Follower> followers = followers(info.getRoleInfoProto(), info.getFollowerMatchIndices());
    if (followers == null) {
      return; // the followers changed between the two reads; look again next time
    }
    List<Follower> preferred = new ArrayList<>();
    for (Follower f : followers) {
      Integer p = priorities.get(RaftPeers.peerId(f.nodeId()).toString());
      if (p != null && p == top) {
        // its readiness costs an HTTP request (at most one a second): asked only when it matters
        boolean isReady = nearlyCaughtUp(f, last.getIndex()) && ready.test(f.nodeId());
        preferred.add(new Follower(f.nodeId(), p, f.matchIndex(), f.lastRpcMs(), isReady));
      }
    }
    int checks = closeChecks.getOrDefault(gid, 0);
    Action action = decide(preferred, last.getIndex(), checks, deadMs);
    if (action instanceof Wait) {
      if (closing(preferred, last.getIndex())) {
        closeChecks.put(gid, checks + 1);
      } else {
        closeChecks.remove(gid);
      }
      return;
    }
    closeChecks.remove(gid);
    if (action instanceof Transfer) {
      Long asked = transferAskedAt.get(gid);
      if (asked != null && now - asked < BACKOFF_MS) {
        return;
      }
      transferAskedAt.put(gid, now);
    }
    act(gid, action);
  }

  /**
   * The followers of a leader's role info, with the match indexes Ratis lists in the same order;
   * null when the two lists differ in length (the followers changed in between).
   */
  private static List<Follower> followers(RoleInfoProto role, long[] matchIndexes) {
    if (!role.hasLeaderInfo()) {
      return List.of();
    }
    List<ServerRpcProto> infos = role.getLeaderInfo().getFollowerInfoList();
    if (infos.size() != matchIndexes.length) {
      return null;
    }
    List<Follower> out = new ArrayList<>();
    for (int i = 0; i < infos.size(); i++) {
      ServerRpcProto f = infos.get(i);
      out.add(
          new Follower(
              RaftPeers.nodeIdOf(RaftPeerId.valueOf(f.getId().getId())),
              0,
              matchIndexes[i],
              f.getLastRpcElapsedTimeMs(),
              false));
    }
    return out;
  }

  /**
   * What a leader below its group's top priority does, given its followers with the top priority,
   * its last entry's index, and on how many checks in a row a live one of them was close to it.
   */
  static Action decide(List<Follower> preferred, long lastIndex, int closeChecks, long deadMs) {
    for (Follower f : preferred) {
      if (close(f, lastIndex)) {
        return closeChecks + 1 >= CLOSE_CHECKS ? new Transfer(f.nodeId()) : new Wait();
      }
    }
    for (Follower f : preferred) {
      if (f.matchIndex() >= lastIndex && f.lastRpcMs() > deadMs) {
        return new StepDown(f.nodeId(), f.lastRpcMs());
      }
    }
    return new Wait();
  }

  private static boolean closing(List<Follower> preferred, long lastIndex) {
    return preferred.stream().anyMatch(f -> close(f, lastIndex));
  }

  /** Nearly caught up, and ready. */
  private static boolean close(Follower f, long lastIndex) {
    return nearlyCaughtUp(f, lastIndex) && f.ready();
  }

  /**
   * Live (answered within {@link #LIVE_MS}) and within {@link #CLOSE_ENTRIES} of the last entry.
   */
  private static boolean nearlyCaughtUp(Follower f, long lastIndex) {
    return f.lastRpcMs() >= 0
        && f.lastRpcMs() <= LIVE_MS
        && f.matchIndex() >= lastIndex - CLOSE_ENTRIES;
  }

  private void act(RaftGroupId gid, Action action) throws IOException {
    String group = metaGroup.isMeta(gid) ? "__meta" : gid.getUuid().toString();
    RaftPeerId to;
    long timeoutMs;
    if (action instanceof Transfer t) {
      LOGGER.info(
          "[{}] node {} has the group's highest Raft priority, is nearly caught up and ready:"
              + " handing the lead to it",
          group,
          t.nodeId());
      to = RaftPeers.peerId(t.nodeId());
      timeoutMs = TRANSFER_TIMEOUT_MS;
    } else {
      StepDown s = (StepDown) action;
      LOGGER.warn(
          "[{}] node {}, the preferred leader, has not answered for {} ms while this leader hands the"
              + " lead back to it, which holds the group's writes; stepping down so that a new leader"
              + " takes them [CHR-1205]",
          group,
          s.nodeId(),
          s.silentMs());
      to = null; // step down
      timeoutMs = deadMs;
    }
    inFlight.add(gid);
    server
        .transferLeadershipAsync(
            new TransferLeadershipRequest(
                ClientId.randomId(), selfId, gid, CALL_IDS.incrementAndGet(), to, timeoutMs))
        .whenComplete(
            (reply, error) -> {
              inFlight.remove(gid);
              if (error != null || !reply.isSuccess()) {
                LOGGER.info(
                    "[{}] the lead did not move: {}",
                    group,
                    String.valueOf(error != null ? error : reply.getException()));
              }
            });
  }
}
