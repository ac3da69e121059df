package io.chronik.broker;

import io.chronik.broker.replication.GroupStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches this node's Raft groups and data dir and logs, with their error codes, the conditions an
 * operator must hear about: a group that cannot elect a leader (CHR-1202), a follower the leader
 * has not heard from (CHR-1204), a follower that fell behind the leader's log start and must
 * install a snapshot (CHR-3002), and a data dir running out of space (CHR-2101).
 *
 * <p>Each condition is logged once when it starts and once when it ends, not at every check, and
 * conditions that hit many groups at once (a node down) are logged as one line per node.
 */
final class NodeConditions {
  private static final Logger LOGGER = LoggerFactory.getLogger(NodeConditions.class);

  /** A group without a leader for longer is reported: 2.5 times the 2 s maximum timeout. */
  static final long NO_LEADER_MS = 5_000;

  /** A follower silent for longer is reported (as the doctor's partition.under-replicated). */
  static final long FOLLOWER_SILENT_MS = 5_000;

  /** Free space below this is reported. */
  static final long LOW_SPACE_BYTES = 64L << 20;

  private final Supplier<List<GroupStatus>> statuses;
  private final Function<String, String> labels;
  private final Path dataDir;
  private final LongSupplier clock;
  private final Map<String, Long> leaderlessSince = new HashMap<>();
  private Set<String> reportedLeaderless = Set.of();
  private final Map<Integer, Set<String>> reportedSilent = new TreeMap<>();
  private final Set<String> reportedBehind = new HashSet<>();
  private boolean reportedLowSpace;

  NodeConditions(
      Supplier<List<GroupStatus>> statuses,
      Function<String, String> labels,
      Path dataDir,
      LongSupplier clock) {
    this.statuses = statuses;
    this.labels = labels;
    this.dataDir = dataDir;
    this.clock = clock;
  }

  /** Checks once; for the broker's timer. Never throws. */
  void run() {
    try {
      long usable;
      try {
        usable = Files.getFileStore(dataDir).getUsableSpace();
      } catch (IOException e) {
        usable = -1;
      }
      check(statuses.get(), usable).forEach(LOGGER::warn);
    } catch (RuntimeException e) {
      LOGGER.warn("cannot check the node's Raft groups: {}", e.toString());
    }
  }

  /**
   * Compares the groups and free space with what was reported before; returns the lines to log.
   *
   * @param usableBytes the data dir's free space, -1 when unknown
   */
  synchronized List<String> check(List<GroupStatus> groups, long usableBytes) {
    long now = clock.getAsLong();
    List<String> lines = new ArrayList<>();
    leaderless(groups, now, lines);
    silentFollowers(groups, lines);
    behindFollowers(groups, lines);
    space(usableBytes, lines);
    return lines;
  }

  private void leaderless(List<GroupStatus> groups, long now, List<String> lines) {
    Set<String> present = new HashSet<>();
    Set<String> longLeaderless = new TreeSet<>();
    for (GroupStatus g : groups) {
      present.add(g.groupId());
      if (g.leaderId() >= 0) {
        leaderlessSince.remove(g.groupId());
        continue;
      }
      long since = leaderlessSince.computeIfAbsent(g.groupId(), id -> now);
      if (now - since >= NO_LEADER_MS) {
        longLeaderless.add(labels.apply(g.groupId()));
      }
    }
    leaderlessSince.keySet().retainAll(present);
    Set<String> started = new TreeSet<>(longLeaderless);
    started.removeAll(reportedLeaderless);
    Set<String> ended = new TreeSet<>(reportedLeaderless);
    ended.removeAll(longLeaderless);
    if (!started.isEmpty()) {
      lines.add(
          "no Raft leader for "
              + NO_LEADER_MS / 1000
              + " s or more in "
              + count(longLeaderless.size(), "group")
              + " ("
              + names(longLeaderless)
              + "): a majority of their replicas is not reachable, quorum lost [CHR-1202]");
    }
    if (!ended.isEmpty()) {
      lines.add("Raft leader found again for " + names(ended));
    }
    reportedLeaderless = longLeaderless;
  }

  private void silentFollowers(List<GroupStatus> groups, List<String> lines) {
    Map<Integer, Set<String>> silent = new TreeMap<>();
    Map<Integer, Long> longest = new HashMap<>();
    for (GroupStatus g : groups) {
      if (!g.isLeader()) {
        continue;
      }
      for (GroupStatus.FollowerStatus f : g.followers()) {
        if (f.lastContactMs() > FOLLOWER_SILENT_MS) {
          silent.computeIfAbsent(f.nodeId(), n -> new TreeSet<>()).add(labels.apply(g.groupId()));
          longest.merge(f.nodeId(), f.lastContactMs(), Math::max);
        }
      }
    }
    for (Map.Entry<Integer, Set<String>> e : silent.entrySet()) {
      if (!reportedSilent.containsKey(e.getKey())) {
        lines.add(
            String.format(
                Locale.ROOT,
                "follower node %d has not answered for %.1f s in %s this node leads (%s): is its"
                    + " Raft port reachable from here? [CHR-1204]",
                e.getKey(),
                longest.get(e.getKey()) / 1000.0,
                count(e.getValue().size(), "group"),
                names(e.getValue())));
      }
    }
    for (int node : reportedSilent.keySet()) {
      if (!silent.containsKey(node)) {
        lines.add("follower node " + node + " answers again");
      }
    }
    reportedSilent.clear();
    reportedSilent.putAll(silent);
  }

  private void behindFollowers(List<GroupStatus> groups, List<String> lines) {
    Set<String> behind = new HashSet<>();
    for (GroupStatus g : groups) {
      if (!g.isLeader() || g.logStartIndex() <= 0) {
        continue;
      }
      for (GroupStatus.FollowerStatus f : g.followers()) {
        if (f.matchIndex() >= 0 && f.matchIndex() < g.logStartIndex() - 1) {
          String key = g.groupId() + "/" + f.nodeId();
          behind.add(key);
          if (!reportedBehind.contains(key)) {
            lines.add(
                "["
                    + labels.apply(g.groupId())
                    + "] follower node "
                    + f.nodeId()
                    + " is behind this leader's log start (it has up to index "
                    + f.matchIndex()
                    + ", the log starts at "
                    + g.logStartIndex()
                    + "): it must install a snapshot [CHR-3002]");
          }
        }
      }
    }
    reportedBehind.retainAll(behind);
    reportedBehind.addAll(behind);
  }

  private void space(long usableBytes, List<String> lines) {
    boolean low = usableBytes >= 0 && usableBytes < LOW_SPACE_BYTES;
    if (low && !reportedLowSpace) {
      lines.add(
          usableBytes == 0
              ? "no space left on device for the data dir " + dataDir + " [CHR-2101]"
              : "the data dir "
                  + dataDir
                  + " has only "
                  + usableBytes / (1 << 20)
                  + " MiB free: appends fail when it is full [CHR-2101]");
    } else if (!low && reportedLowSpace) {
      lines.add("the data dir " + dataDir + " has free space again");
    }
    reportedLowSpace = low;
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static String names(Set<String> names) {
    List<String> list = new ArrayList<>(names);
    return list.size() <= 8
        ? String.join(", ", list)
        : String.join(", ", list.subList(0, 8)) + " and " + (list.size() - 8) + " more";
  }
}
