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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
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
 * empty" for ever. When a group stays in that state for {@link #INTERVAL_MS}, this class asks its
 * leader to step down. The next term's leader (often the same node) starts without the stale match
 * index and sends the node its log, or its snapshot when it purged the log. Each group is asked at
 * most once per {@link #INTERVAL_MS}, and only while it has a leader other than this node and
 * nothing committed here. The clock starts when a leader is first known and stops only when
 * something is committed here (or this node leads): a node stuck this way keeps losing track of the
 * leader for a moment (its election timer fires, its pre-vote fails, it hears the leader again),
 * and a clock that restarted at each of those moments would never reach the interval.
 */
final class CatchUpNudge {
  private static final Logger LOGGER = LoggerFactory.getLogger(CatchUpNudge.class);
  static final long INTERVAL_MS = 5000;

  private final Function<String, Optional<GroupStatus>> statuses;
  private final BiFunction<String, Long, CompletableFuture<Void>> stepDown;
  private final LongSupplier clock;
  private final ToLongFunction<String> receivedBytes;
  private final int nodeId;
  private final Map<String, long[]> growth = new HashMap<>();
  private final Map<String, Long> firstSeen = new HashMap<>();
  private final Map<String, Long> lastNudge = new HashMap<>();

  CatchUpNudge(RaftNode raft, int nodeId, Path dataDir) {
    this(
        key -> "__meta".equals(key) ? raft.metaStatus() : raft.status(key),
        raft::stepDownLeader,
        System::currentTimeMillis,
        key -> bytesUnder(RaftNode.groupDir(dataDir.resolve("raft"), key)),
        nodeId);
  }

  /**
   * @param statuses a group's status by its key ("__meta" or a partition group id)
   * @param stepDown asks a group's leader to step down (key, timeout in ms)
   * @param receivedBytes the bytes of a group's Raft storage on this node, sampled to see progress
   */
  CatchUpNudge(
      Function<String, Optional<GroupStatus>> statuses,
      BiFunction<String, Long, CompletableFuture<Void>> stepDown,
      LongSupplier clock,
      ToLongFunction<String> receivedBytes,
      int nodeId) {
    this.statuses = statuses;
    this.stepDown = stepDown;
    this.clock = clock;
    this.receivedBytes = receivedBytes;
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

  private void nudge(String groupKey) {
    Optional<GroupStatus> status = statuses.apply(groupKey);
    if (status.isEmpty()) {
      return;
    }
    GroupStatus s = status.get();
    long now = clock.getAsLong();
    if (s.leaderId() == nodeId || s.commitIndex() >= 0) {
      firstSeen.remove(groupKey);
      lastNudge.remove(groupKey);
      growth.remove(groupKey);
      return;
    }
    if (s.leaderId() < 0) {
      return; // no leader to ask right now; the clock keeps running
    }
    // give the leader one interval to find out on its own, and let a transfer run
    long since = firstSeen.computeIfAbsent(groupKey, k -> now);
    long last = Math.max(lastNudge.getOrDefault(groupKey, since), lastGrowth(groupKey, now));
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
    stepDown
        .apply(groupKey, 10_000L)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                LOGGER.info("[{}] the leader did not step down: {}", groupKey, e.getMessage());
              }
            });
  }

  /** When the group's storage last grew; sampled at most twice a second. */
  private long lastGrowth(String groupKey, long now) {
    // {last sample time, bytes then, time of the last growth}
    long[] g = growth.computeIfAbsent(groupKey, k -> new long[] {Long.MIN_VALUE, -1, now});
    if (g[0] == Long.MIN_VALUE || now - g[0] >= 500) {
      g[0] = now;
      long bytes = receivedBytes.applyAsLong(groupKey);
      if (bytes != g[1]) {
        g[1] = bytes;
        g[2] = now;
      }
    }
    return g[2];
  }

  private static long bytesUnder(Path dir) {
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
              total[0] += attrs.size();
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
