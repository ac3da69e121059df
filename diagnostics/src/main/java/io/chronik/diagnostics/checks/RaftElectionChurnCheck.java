package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.Election;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code raft.election-churn}: how often each Raft group changed leader recently, why, and how long
 * its leaders lasted, from the election journals of its replicas ({@code /v1/raft/elections}).
 *
 * <p>Every replica journals the changes it sees. Per group the check reads the replica whose
 * journal holds the most changes within the window (the one that saw the most), counting from that
 * node's own clock so that clock skew does not move the window. A node's own start (STARTUP) is not
 * an election.
 *
 * <ul>
 *   <li>CRIT: a group changed leader {@link Thresholds#electionCritCount()} times or more in the
 *       window.
 *   <li>WARN: {@link Thresholds#electionWarnCount()} times or more.
 *   <li>UNKNOWN: no replica of a group answered with its journal.
 * </ul>
 */
public final class RaftElectionChurnCheck implements Check {
  public static final String ID = "raft.election-churn";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Raft groups do not keep changing leader";
  }

  @Override
  public String description() {
    Thresholds t = Thresholds.defaults();
    return "Reads every replica's election journal (/v1/raft/elections) and counts, per group, the"
        + " leader changes within the last "
        + Text.duration(t.electionWindowMs())
        + " by the answering node's clock (a node's own start is not counted), with their"
        + " causes (TIMEOUT, ELECTION, PRIORITY, TRANSFER) and how long each leader lasted."
        + " WARN at "
        + t.electionWarnCount()
        + " changes of one group, CRIT at "
        + t.electionCritCount()
        + "; a restart or a deliberate move costs one or two. UNKNOWN when no replica of a"
        + " group answered with its journal.";
  }

  @Override
  public String remedy() {
    return "Follow the dominant cause: TIMEOUT or ELECTION, followers miss heartbeats (check"
        + " perf.gc, perf.fsync and the network playbook); TRANSFER, something keeps moving"
        + " leaders on request; PRIORITY, the preferred leader keeps failing and coming back.";
  }

  /** What one group's journal says within the window. */
  record Churn(
      String label,
      int node,
      int count,
      Map<String, Integer> causes,
      List<Long> tenuresMs,
      long currentTenureMs) {}

  @Override
  public List<CheckResult> run(CheckInput input) {
    ClusterSnapshot snapshot = input.snapshot();
    Thresholds t = input.thresholds();
    List<Churn> churns = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    TreeSet<Integer> silent = new TreeSet<>();
    int checked = 0;
    for (GroupView group : GroupView.of(snapshot)) {
      Optional<Churn> churn = Optional.empty();
      boolean anyJournal = false;
      for (int member : group.members()) {
        Optional<NodeSnapshot> node = snapshot.node(member);
        if (node.isEmpty() || !node.get().elections().ok()) {
          silent.add(member);
          continue;
        }
        List<Election> journal = node.get().elections().get().get(group.groupId());
        if (journal == null) {
          continue; // the node does not host the group (yet)
        }
        anyJournal = true;
        Churn c = churn(group.label(), member, journal, now(snapshot, node.get()), t);
        if (churn.isEmpty() || c.count() > churn.get().count()) {
          churn = Optional.of(c);
        }
      }
      if (!anyJournal) {
        unknown.add(group.label());
        continue;
      }
      checked++;
      churns.add(churn.orElseThrow());
    }
    churns.sort(Comparator.comparingInt(Churn::count).reversed().thenComparing(Churn::label));
    List<Churn> crit = churns.stream().filter(c -> c.count() >= t.electionCritCount()).toList();
    List<Churn> warn =
        churns.stream()
            .filter(c -> c.count() >= t.electionWarnCount() && c.count() < t.electionCritCount())
            .toList();
    String window = Text.duration(t.electionWindowMs());
    List<String> details = new ArrayList<>();
    churns.stream()
        .filter(c -> c.count() >= t.electionWarnCount())
        .forEach(c -> details.add(describe(c, window)));
    if (!unknown.isEmpty()) {
      details.add(
          "no journal for "
              + Text.list(unknown)
              + (silent.isEmpty()
                  ? ""
                  : " (/v1/raft/elections did not answer on " + Text.nodes(silent) + ")"));
    }
    if (!crit.isEmpty() || !warn.isEmpty()) {
      List<Churn> bad = new ArrayList<>(crit);
      bad.addAll(warn);
      Churn worst = bad.get(0);
      int groups = bad.size();
      return List.of(
          new CheckResult(
              ID,
              crit.isEmpty() ? Status.WARN : Status.CRIT,
              Text.count(groups, "group", "groups")
                  + " changed leader too often in the last "
                  + window
                  + ": "
                  + worst.label()
                  + " "
                  + worst.count()
                  + " times ("
                  + causes(worst.causes())
                  + ")",
              String.join("\n", details),
              remedy(bad),
              ErrorCatalogue.ELECTION_CHURN,
              null));
    }
    if (!unknown.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check " + Text.count(unknown.size(), "group", "groups"),
              String.join("\n", details),
              silent.isEmpty()
                  ? "the groups' replicas have not joined them yet: check again shortly"
                  : "see node.reachable for " + Text.nodes(silent),
              "",
              null));
    }
    if (checked == 0) {
      return List.of(CheckResult.ok(ID, "no Raft groups to check", ""));
    }
    Churn most = churns.get(0);
    return List.of(
        CheckResult.ok(
            ID,
            "no group changed leader "
                + t.electionWarnCount()
                + " times in the last "
                + window
                + " ("
                + Text.count(checked, "group", "groups")
                + "; most: "
                + most.label()
                + " "
                + most.count()
                + ")",
            most.count() == 0 ? "" : describe(most, window)));
  }

  /** The answering node's clock now: its reported clock, else the probe's start. */
  private static long now(ClusterSnapshot snapshot, NodeSnapshot node) {
    if (node.clock() != null) {
      return node.clock().nodeClockMs();
    }
    return snapshot.takenAt().toEpochMilli();
  }

  static Churn churn(String label, int node, List<Election> journal, long now, Thresholds t) {
    long from = now - t.electionWindowMs();
    Map<String, Integer> causes = new TreeMap<>();
    List<Long> tenures = new ArrayList<>();
    int count = 0;
    for (int i = 0; i < journal.size(); i++) {
      Election e = journal.get(i);
      if (e.timeMs() < from) {
        continue;
      }
      if (e.isElection()) {
        count++;
        causes.merge(e.cause(), 1, Integer::sum);
      }
      if (i + 1 < journal.size() && e.newLeader() >= 0) {
        tenures.add(Math.max(0, journal.get(i + 1).timeMs() - e.timeMs()));
      }
    }
    Election last = journal.isEmpty() ? null : journal.get(journal.size() - 1);
    long current = last == null || last.newLeader() < 0 ? -1 : Math.max(0, now - last.timeMs());
    return new Churn(label, node, count, causes, tenures, current);
  }

  private static String describe(Churn c, String window) {
    StringBuilder line =
        new StringBuilder(c.label())
            .append(": ")
            .append(Text.count(c.count(), "leader change", "leader changes"))
            .append(" in ")
            .append(window);
    if (!c.causes().isEmpty()) {
      line.append(" (").append(causes(c.causes())).append(")");
    }
    List<Long> tenures = c.tenuresMs().stream().sorted().toList();
    if (!tenures.isEmpty()) {
      line.append("; leaders lasted ")
          .append(Text.ms(tenures.get(0)))
          .append(" to ")
          .append(Text.ms(tenures.get(tenures.size() - 1)))
          .append(" (median ")
          .append(Text.ms(tenures.get(tenures.size() / 2)))
          .append(")");
    }
    if (c.currentTenureMs() >= 0) {
      line.append("; the current leader for ").append(Text.ms(c.currentTenureMs()));
    }
    return line.append("; journal of node ").append(c.node()).toString();
  }

  private static String causes(Map<String, Integer> causes) {
    List<String> parts = new ArrayList<>();
    causes.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> parts.add(e.getValue() + " " + e.getKey()));
    return String.join(", ", parts);
  }

  private static String remedy(List<Churn> bad) {
    Map<String, Integer> all = new TreeMap<>();
    bad.forEach(c -> c.causes().forEach((cause, n) -> all.merge(cause, n, Integer::sum)));
    String dominant =
        all.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    return switch (dominant) {
      case "TRANSFER" ->
          "leaders are being moved on request: find what calls chronik cluster transfer-leader"
              + " (or POST /v1/actions/transfer-leader) this often, and stop it";
      case "PRIORITY" ->
          "the preferred leader keeps losing and taking back leadership: check its node with"
              + " chronik doctor performance --data-dir DIR and chronik doctor network";
      default ->
          "followers miss the leader's heartbeats: check GC pauses and fsync on each replica"
              + " (chronik doctor performance --data-dir DIR) and the links between them"
              + " (chronik doctor network)";
    };
  }
}
