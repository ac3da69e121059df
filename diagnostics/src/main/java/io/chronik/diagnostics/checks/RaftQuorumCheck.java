package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code raft.quorum}: for every Raft group, a majority of its replicas answers and agrees on the
 * leader.
 *
 * <ul>
 *   <li>CRIT: fewer than a majority of the replicas answered: the group cannot elect a leader or
 *       commit (quorum lost).
 *   <li>WARN: a majority answered but does not agree on a leader (an election is under way), or the
 *       group has exactly a majority left and one more failure loses it.
 *   <li>UNKNOWN: the group's membership is not known (no cluster metadata).
 * </ul>
 */
public final class RaftQuorumCheck implements Check {
  public static final String ID = "raft.quorum";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every Raft group has a majority that agrees on its leader";
  }

  @Override
  public String description() {
    return "For each group (members: a partition's replicas from /v1/cluster; for the metadata"
        + " group the leader and its followers, else the Raft peers, else the registered"
        + " nodes), counts the members whose /v1/raft/groups answered and lists the group, and"
        + " the leader they name. CRIT when fewer than a majority answered (quorum lost: no"
        + " election, no commit); WARN when a majority answered but no majority agrees on a"
        + " leader, or when exactly a majority is left and one more failure loses it; UNKNOWN"
        + " when the membership is not known.";
  }

  @Override
  public String remedy() {
    return "Bring back the missing replicas with their own data dirs (chronik doctor recovery"
        + " prints the commands). Never start a replacement with an empty data dir under the old"
        + " node id.";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    List<GroupView> groups = GroupView.of(input.snapshot());
    List<String> lost = new ArrayList<>();
    List<String> split = new ArrayList<>();
    List<String> atRisk = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    Set<Integer> missing = new TreeSet<>();
    int checked = 0;
    if (!input.snapshot().cluster().ok()) {
      unknown.add("the partitions (/v1/cluster: " + input.snapshot().cluster().error() + ")");
    }
    for (GroupView group : groups) {
      if (group.members().isEmpty() || !group.membershipKnown()) {
        unknown.add(group.label());
        continue;
      }
      checked++;
      int answered = group.reports().size();
      Set<Integer> gone = new TreeSet<>(group.silent());
      gone.addAll(group.absent());
      Optional<Map.Entry<Integer, Integer>> leader = group.agreedLeader();
      int votes = leader.map(Map.Entry::getValue).orElse(0);
      if (answered < group.majority()) {
        missing.addAll(gone);
        lost.add(
            group.label()
                + ": "
                + answered
                + " of "
                + group.members().size()
                + " replicas answered, "
                + group.majority()
                + " needed ("
                + Text.nodes(gone)
                + " missing)");
      } else if (votes < group.majority()) {
        split.add(
            group.label() + ": no majority agrees on a leader (" + describeVotes(group) + ")");
      } else if (!gone.isEmpty() && answered - 1 < group.majority()) {
        missing.addAll(gone);
        atRisk.add(
            group.label()
                + ": "
                + answered
                + " of "
                + group.members().size()
                + " replicas left ("
                + Text.nodes(gone)
                + " missing); one more failure loses the quorum");
      }
    }
    List<String> details = new ArrayList<>();
    details.addAll(lost);
    details.addAll(split);
    details.addAll(atRisk);
    if (!unknown.isEmpty()) {
      details.add("membership not known for " + Text.list(unknown));
    }
    String detailText = String.join("\n", details);
    if (!lost.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.CRIT,
              "quorum lost on " + Text.count(lost.size(), "group", "groups"),
              detailText,
              "bring back "
                  + Text.nodes(missing)
                  + " with their own data dirs; chronik doctor recovery prints the steps",
              ErrorCatalogue.QUORUM_LOST,
              null));
    }
    if (!split.isEmpty() || !atRisk.isEmpty()) {
      boolean splitFirst = !split.isEmpty();
      return List.of(
          new CheckResult(
              ID,
              Status.WARN,
              splitFirst
                  ? Text.count(split.size(), "group has", "groups have") + " no agreed leader"
                  : "quorum at risk on " + Text.count(atRisk.size(), "group", "groups"),
              detailText,
              splitFirst
                  ? "an election is under way: check again in a few seconds; if it persists,"
                      + " run chronik doctor election"
                  : "bring back " + Text.nodes(missing) + " before anything else fails",
              splitFirst ? ErrorCatalogue.NO_LEADER : ErrorCatalogue.QUORUM_LOST,
              null));
    }
    if (!unknown.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check " + Text.count(unknown.size(), "group", "groups"),
              detailText,
              "point --admin at a node whose /v1/cluster answers",
              "",
              null));
    }
    return List.of(
        CheckResult.ok(
            ID,
            checked == 0
                ? "no Raft groups to check"
                : Text.all(checked, "group has", "groups have")
                    + " a quorum that agrees on the leader",
            ""));
  }

  private static String describeVotes(GroupView group) {
    List<String> parts = new ArrayList<>();
    group
        .reports()
        .forEach(
            (node, report) ->
                parts.add(
                    "node "
                        + node
                        + " says "
                        + (report.leader() >= 0 ? "node " + report.leader() : "none")
                        + " in term "
                        + report.term()));
    return String.join(", ", parts);
  }
}
