package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code raft.leader-present}: every Raft group (the metadata group and each partition) has a
 * leader in the eyes of at least one of its replicas. CRIT for a group none of whose answering
 * replicas knows a leader; UNKNOWN for a group none of whose replicas answered.
 */
public final class RaftLeaderPresentCheck implements Check {
  public static final String ID = "raft.leader-present";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every Raft group has a leader";
  }

  @Override
  public String description() {
    return "Joins /v1/raft/groups of every node with the partitions of /v1/cluster. A group has"
        + " a leader when a replica that answered names one. CRIT when some group has none (a"
        + " partition without a leader takes neither produce nor fetch; without a metadata"
        + " leader no topic can be created); UNKNOWN when none of a group's replicas answered.";
  }

  @Override
  public String remedy() {
    return "If the group lost its quorum (raft.quorum), bring replicas back. Otherwise an"
        + " election is under way: wait a few seconds and check again; repeated elections point"
        + " at GC pauses (perf.gc), a slow disk (perf.fsync) or the network.";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    List<GroupView> groups = GroupView.of(input.snapshot());
    List<String> leaderless = new ArrayList<>();
    List<String> unseen = new ArrayList<>();
    for (GroupView group : groups) {
      if (group.reports().isEmpty()) {
        unseen.add(group.label());
      } else if (group.reports().values().stream().noneMatch(r -> r.leader() >= 0)) {
        leaderless.add(group.label() + " (term " + maxTerm(group) + ")");
      }
    }
    if (groups.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check: no node reported any Raft group",
              input.snapshot().cluster().ok() ? "" : input.snapshot().cluster().error(),
              "see node.reachable",
              "",
              null));
    }
    String unseenText = unseen.isEmpty() ? "" : "no replica answered for " + Text.list(unseen);
    if (!leaderless.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.CRIT,
              Text.count(leaderless.size(), "group has", "groups have") + " no leader",
              join("without a leader: " + Text.list(leaderless), unseenText),
              "check raft.quorum: a group that lost its majority cannot elect a leader; otherwise"
                  + " wait a few election timeouts (1-2 s) and run chronik doctor election again",
              ErrorCatalogue.NO_LEADER,
              null));
    }
    if (!unseen.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check " + Text.count(unseen.size(), "group", "groups"),
              unseenText,
              "see node.reachable for the replicas that did not answer",
              "",
              null));
    }
    return List.of(
        CheckResult.ok(ID, Text.all(groups.size(), "group has", "groups have") + " a leader", ""));
  }

  private static long maxTerm(GroupView group) {
    return group.reports().values().stream().mapToLong(r -> r.term()).max().orElse(0);
  }

  static String join(String a, String b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : a + "; " + b;
  }
}
