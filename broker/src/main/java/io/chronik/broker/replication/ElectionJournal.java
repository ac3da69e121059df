package io.chronik.broker.replication;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recent leader changes of every Raft group, as seen by this node: when, in which term, from
 * which leader to which, and why. Bounded per group; the oldest entries fall off.
 */
public final class ElectionJournal {
  /** Why a group's leader changed. */
  public enum Cause {
    /** this node just started and learned the group's leader */
    STARTUP,
    /** a leadership transfer asked for by an operator or the balancer */
    TRANSFER,
    /**
     * the leader handed over to the member with the highest Raft priority (its preferred leader)
     */
    PRIORITY,
    /** the old leader stopped answering within the election timeout */
    TIMEOUT,
    /** a group whose leader had been unknown found one */
    ELECTION
  }

  /**
   * One leader change.
   *
   * @param timeMs when this node saw it (epoch milliseconds)
   * @param term the new leader's term
   * @param oldLeader the previous leader's node id, -1 if none was known
   * @param newLeader the new leader's node id, -1 when the group lost its leader
   * @param cause why it changed
   */
  public record Entry(long timeMs, long term, int oldLeader, int newLeader, Cause cause) {}

  private static final int MAX_PER_GROUP = 256;
  private final Map<String, Deque<Entry>> entries = new ConcurrentHashMap<>();
  private final Map<String, Integer> current = new ConcurrentHashMap<>();
  private final Map<String, Long> transfersRequested = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final Map<String, Long> counts = new ConcurrentHashMap<>();

  /** Notes that a transfer of {@code groupId} was requested, so the next change is a transfer. */
  public void transferRequested(String groupId) {
    transfersRequested.put(groupId, System.currentTimeMillis());
  }

  /**
   * Records a leader change seen on this node.
   *
   * @param preferred whether the new leader has the group's highest Raft priority
   */
  public void record(String groupId, long term, int newLeader, boolean preferred) {
    Integer old = current.put(groupId, newLeader);
    if (old != null && old == newLeader) {
      return;
    }
    Long transfer = transfersRequested.remove(groupId);
    Cause cause;
    if (transfer != null && System.currentTimeMillis() - transfer < 60_000) {
      cause = Cause.TRANSFER;
    } else if (old == null) {
      cause = Cause.STARTUP;
    } else if (old < 0) {
      cause = Cause.ELECTION;
    } else if (preferred) {
      cause = Cause.PRIORITY;
    } else {
      cause = Cause.TIMEOUT;
    }
    Deque<Entry> log = entries.computeIfAbsent(groupId, g -> new ArrayDeque<>());
    synchronized (log) {
      log.addLast(
          new Entry(System.currentTimeMillis(), term, old == null ? -1 : old, newLeader, cause));
      while (log.size() > MAX_PER_GROUP) {
        log.removeFirst();
      }
    }
    total.incrementAndGet();
    counts.merge(groupId, 1L, Long::sum);
  }

  /** The recorded changes of a group, oldest first. */
  public List<Entry> entries(String groupId) {
    Deque<Entry> log = entries.get(groupId);
    if (log == null) {
      return List.of();
    }
    synchronized (log) {
      return new ArrayList<>(log);
    }
  }

  /** The leader changes of one group recorded since start. */
  public long count(String groupId) {
    Deque<Entry> log = entries.get(groupId);
    return log == null ? 0 : counts.getOrDefault(groupId, 0L);
  }

  /** Every leader change recorded since start. */
  public long total() {
    return total.get();
  }

  /** Forgets a group that left this node. */
  public void forget(String groupId) {
    entries.remove(groupId);
    current.remove(groupId);
  }
}
