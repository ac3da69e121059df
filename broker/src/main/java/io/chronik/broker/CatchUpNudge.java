package io.chronik.broker;

import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupStatus;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a group going on a node whose Raft storage for it is empty (a wiped data dir, a wiped group
 * directory).
 *
 * <p>Such a node hears from the group's leader but has committed nothing. A Ratis 3.3 leader that
 * still holds the node's match index from before the wipe never sends it anything below that index
 * (RATIS-2523): it repeats the same heartbeat, or the same entries, and the node answers "my log is
 * empty" for ever. This class then asks for a new term: the leader hands leadership to another
 * member at once, or steps down when it cannot ({@link RaftNode#newTerm}). The next term's leader
 * starts without the stale match index and sends the node its log, or its snapshot when it purged
 * the log. Once the node has something committed in the group again, {@link #settle} puts back what
 * the hand-over changed (a member's raised Raft priority).
 *
 * <p>Two rules decide when to ask; neither asks while the group's Raft storage here is growing (a
 * log or a snapshot arriving), and neither asks while this node leads the group or has something
 * committed.
 *
 * <ul>
 *   <li><b>At once, when the leader's record proves the node was wiped.</b> A leader records the
 *       commit index each follower reports and never lowers it; a node with no log, no snapshot and
 *       nothing committed whose leader records a commit index of 0 or more for it has lost its
 *       storage since it last answered that leader. The leader passes the commit indexes it records
 *       on to its followers with its appends, so any member proves it as well: the node asks for
 *       that record from its first look at the group, the leader once known and each other member
 *       in turn before that (a leader tries a node it could not reach only every second or so, so
 *       it may be heard from late). It asks for a new term once the record shows the wipe and its
 *       own storage has not grown since that first look: at once while it knows no leader (a
 *       transfer comes from the leader, so none is under way), else once {@link #QUICK_MS} passed
 *       since that first look (time for a transfer already under way to show on disk). This happens
 *       at most once per group: the record stays high after the new term starts, so it proves
 *       nothing the second time. A group of a new cluster or a new replica is never asked this way:
 *       no member has a record above -1 for the node.
 *   <li><b>After {@link #INTERVAL_MS} with nothing committed</b>, whatever the record says, and at
 *       most once per interval, and only while a leader is known. The clock starts when a leader is
 *       first known and stops only when something is committed here (or this node leads): a node
 *       stuck this way keeps losing track of the leader for a moment (its election timer fires, its
 *       pre-vote fails, it hears the leader again), and a clock that restarted at each of those
 *       moments would never reach the interval.
 * </ul>
 */
final class CatchUpNudge {
  private static final Logger LOGGER = LoggerFactory.getLogger(CatchUpNudge.class);
  static final long INTERVAL_MS = 5000;

  /**
   * How long the storage must stay as it was, after the leader is known, for a quick nudge. A new
   * term's leader starts sending its log or snapshot within a heartbeat or two; a nudge asked for
   * needlessly costs one leadership hand-over (about 0.1 s), once per group.
   */
  static final long QUICK_MS = 300;

  /** How often the size of a group's Raft storage is sampled to see whether it grows. */
  static final long GROWTH_SAMPLE_MS = 100;

  /** How often the leader's record is asked for again while it shows nothing. */
  static final long RECORD_QUERY_MS = 1000;

  /**
   * The commit index a member of a group records for a node, -1 when it records none: the leader,
   * or a follower, which holds what its leader passed on.
   *
   * <p>Called with the group key and the member's node id.
   */
  interface LeaderRecord {
    CompletableFuture<Long> commitIndexOf(String groupKey, int member);
  }

  /** How a group gets a new term's leader, and what is put back once this node caught up. */
  interface NewTerm {
    /** Asks for a new term of {@code groupKey} (a leadership hand-over, else a step-down). */
    CompletableFuture<Void> start(String groupKey, long timeoutMs);

    /** Called once per asked group when this node has something committed in it again. */
    default void settle(String groupKey) {}
  }

  private final Function<String, Optional<GroupStatus>> statuses;
  private final NewTerm newTerm;
  private final LeaderRecord leaderRecord;
  private final LongSupplier clock;
  private final ToLongFunction<String> receivedBytes;
  private final Function<String, List<Integer>> otherMembers;
  private final int nodeId;
  private final Map<String, long[]> growth = new HashMap<>();
  private final Map<String, Long> firstSeen = new HashMap<>();
  private final Map<String, Long> firstLook = new HashMap<>();
  private final Map<String, Integer> witnessTurn = new HashMap<>();
  private final Map<String, Long> lastNudge = new HashMap<>();
  private final Map<String, RecordQuery> records = new HashMap<>();
  private final Set<String> quickDone = new HashSet<>();

  /** The groups asked for a new term, with the calls that ask (each ends once its call did). */
  private final Map<String, CompletableFuture<Void>> asked = new HashMap<>();

  /** A query of a member's record: whom and when it was sent, and its answer once there. */
  private record RecordQuery(int witness, long sentAt, CompletableFuture<Long> answer) {}

  CatchUpNudge(RaftNode raft, int nodeId, Path dataDir) {
    this(
        key -> "__meta".equals(key) ? raft.metaStatus() : raft.status(key),
        new NewTerm() {
          @Override
          public CompletableFuture<Void> start(String groupKey, long timeoutMs) {
            return raft.newTerm(groupKey, timeoutMs);
          }

          @Override
          public void settle(String groupKey) {
            raft.settleNewTerm(groupKey, 10_000L);
          }
        },
        raft::commitIndexKnownToLeader,
        System::currentTimeMillis,
        key -> logAndSnapshotBytes(RaftNode.groupDir(dataDir.resolve("raft"), key)),
        key -> otherMembers(raft, key, nodeId),
        nodeId);
  }

  /**
   * @param statuses a group's status by its key ("__meta" or a partition group id)
   * @param newTerm asks for a group's new term, and settles it once this node caught up
   * @param leaderRecord the commit index a group's leader records for this node
   * @param receivedBytes the bytes of a group's Raft storage on this node, sampled to see progress
   * @param otherMembers the group's other members (node ids), asked for their record of this node
   *     while no leader is known
   */
  CatchUpNudge(
      Function<String, Optional<GroupStatus>> statuses,
      NewTerm newTerm,
      LeaderRecord leaderRecord,
      LongSupplier clock,
      ToLongFunction<String> receivedBytes,
      Function<String, List<Integer>> otherMembers,
      int nodeId) {
    this.statuses = statuses;
    this.newTerm = newTerm;
    this.leaderRecord = leaderRecord;
    this.clock = clock;
    this.receivedBytes = receivedBytes;
    this.otherMembers = otherMembers;
    this.nodeId = nodeId;
  }

  /** Nudges the metadata group when it needs it. */
  void meta() {
    nudge("__meta");
  }

  /** Nudges a partition group when it needs it. */
  void partition(String groupId) {
    nudge(groupId);
  }

  /**
   * Settles every group asked for a new term that has something committed here again (puts back
   * what the new term changed); the others stay asked. A group whose call for a new term still runs
   * (a snapshot can arrive before a hand-over finished raising a member's priority) is settled once
   * that call ended, so what it changed is known by then.
   */
  void settle() {
    for (var it = asked.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      String groupKey = e.getKey();
      Optional<GroupStatus> s = statuses.apply(groupKey);
      if (s.isPresent() && s.get().commitIndex() >= 0) {
        it.remove();
        e.getValue().whenComplete((r, failure) -> newTerm.settle(groupKey));
      }
    }
  }

  private void nudge(String groupKey) {
    Optional<GroupStatus> status = statuses.apply(groupKey);
    if (status.isEmpty()) {
      return;
    }
    GroupStatus s = status.get();
    long now = clock.getAsLong();
    if (s.leaderId() == nodeId || s.commitIndex() >= 0) {
      firstSeen.remove(groupKey);
      firstLook.remove(groupKey);
      lastNudge.remove(groupKey);
      growth.remove(groupKey);
      records.remove(groupKey);
      quickDone.add(groupKey); // the storage was there, or has arrived: no quick nudge any more
      return;
    }
    long grew = lastGrowth(groupKey, now);
    if (!quickDone.contains(groupKey) && s.logEndIndex() < 0 && s.snapshotIndex() < 0) {
      // the wipe can be proven before the leader is heard from: any member keeps the commit index
      // this node last reported (a leader passes them on to its followers)
      long looked = firstLook.computeIfAbsent(groupKey, k -> now);
      int witness = s.leaderId() >= 0 ? s.leaderId() : nextWitness(groupKey);
      long recorded = witness < 0 ? -1 : recordedCommit(groupKey, witness, now);
      // the quick wait lets a transfer already under way show on disk; a transfer comes from the
      // leader, so while none is known here none is under way and the wait would only cost time
      boolean waited = s.leaderId() < 0 || now - looked >= QUICK_MS;
      if (recorded >= 0 && grew <= looked && waited) {
        quickDone.add(groupKey);
        ask(
            groupKey,
            s,
            now,
            "node "
                + records.get(groupKey).witness()
                + " records commit index "
                + recorded
                + " for this node, which has none: this node lost its Raft storage");
        return;
      }
    }
    if (s.leaderId() < 0) {
      return; // no leader to ask right now; the clock keeps running
    }
    long since = firstSeen.computeIfAbsent(groupKey, k -> now);
    // give the leader one interval to find out on its own, and let a transfer run
    long last = Math.max(lastNudge.getOrDefault(groupKey, since), grew);
    if (now - last < INTERVAL_MS) {
      return;
    }
    ask(
        groupKey,
        s,
        now,
        "nothing committed here "
            + (now - since)
            + " ms after node "
            + s.leaderId()
            + " became known as leader");
  }

  /** The member to ask next while no leader is known: each other member in turn, -1 when none. */
  private int nextWitness(String groupKey) {
    List<Integer> others = otherMembers.apply(groupKey);
    if (others.isEmpty()) {
      return -1;
    }
    int turn = witnessTurn.getOrDefault(groupKey, 0);
    return others.get(Math.floorMod(turn, others.size()));
  }

  private void ask(String groupKey, GroupStatus s, long now, String why) {
    lastNudge.put(groupKey, now);
    LOGGER.info(
        "[{}] {} (term {}); asking for a new term, whose leader sends this node its log or"
            + " snapshot",
        groupKey,
        why,
        s.term());
    CompletableFuture<Void> call =
        newTerm
            .start(groupKey, 10_000L)
            .whenComplete(
                (r, e) -> {
                  if (e != null) {
                    LOGGER.info("[{}] no new term: {}", groupKey, e.getMessage());
                  }
                });
    // a second call while the first still runs: settle once both ended
    asked.merge(groupKey, call, CompletableFuture::allOf);
  }

  /**
   * The commit index a member of the group records for this node as last answered, -1 while
   * unknown. Asks again every {@link #RECORD_QUERY_MS} while the answer is missing or shows
   * nothing, the next member in turn while no leader is known.
   */
  private long recordedCommit(String groupKey, int member, long now) {
    RecordQuery q = records.get(groupKey);
    long answer = -1;
    if (q != null && q.answer().isDone() && !q.answer().isCompletedExceptionally()) {
      answer = q.answer().join();
    }
    if (answer < 0 && (q == null || (q.answer().isDone() && now - q.sentAt() >= RECORD_QUERY_MS))) {
      records.put(
          groupKey, new RecordQuery(member, now, leaderRecord.commitIndexOf(groupKey, member)));
      witnessTurn.merge(groupKey, 1, Integer::sum);
    }
    return answer;
  }

  /** When the group's storage last grew; sampled at most every {@link #GROWTH_SAMPLE_MS}. */
  private long lastGrowth(String groupKey, long now) {
    // {last sample time, bytes then, time of the last growth}
    long[] g = growth.computeIfAbsent(groupKey, k -> new long[] {Long.MIN_VALUE, -1, now});
    if (g[0] == Long.MIN_VALUE || now - g[0] >= GROWTH_SAMPLE_MS) {
      g[0] = now;
      long bytes = receivedBytes.applyAsLong(groupKey);
      if (bytes != g[1]) {
        g[1] = bytes;
        g[2] = now;
      }
    }
    return g[2];
  }

  private static List<Integer> otherMembers(RaftNode raft, String groupKey, int nodeId) {
    try {
      return raft.members(groupKey).stream().filter(id -> id != nodeId).toList();
    } catch (IOException | RuntimeException e) {
      return List.of(); // the group is not (or no longer) hosted here
    }
  }

  /**
   * The bytes of the files under a group's Raft storage dir that a leader sends (log segments,
   * snapshot files, a snapshot being installed); the Raft metadata files, which a new term
   * rewrites, are left out.
   */
  private static long logAndSnapshotBytes(Path dir) {
    long[] total = {0};
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (!file.getFileName().toString().startsWith("raft-meta")) {
                total[0] += attrs.size();
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // a file renamed or deleted while walking
            }
          });
    } catch (IOException e) {
      return -1;
    }
    return total[0];
  }
}
