package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.RaftGroup;
import java.util.List;

/**
 * {@code raft.applied-lag}: on every node, each group's state machine keeps up with the commit
 * index. WARN when a group's applied index is more than {@code appliedLagEntries} behind.
 */
public final class RaftAppliedLagCheck implements Check {
  public static final String ID = "raft.applied-lag";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every node applies what its groups commit";
  }

  @Override
  public String description() {
    return "Reads commitIndex and appliedIndex of every group in each node's /v1/raft/groups."
        + " WARN when a group's applied index is more than 1,000 entries behind its commit"
        + " index: its state machine (partition log or metadata) does not keep up, and produce"
        + " responses, which wait for apply, slow down. UNKNOWN when /v1/raft/groups did not"
        + " answer.";
  }

  @Override
  public String remedy() {
    return "Look at the node's disk (perf.fsync, iostat) and CPU, and at GC (perf.gc). A gap that"
        + " closes after a restart or a burst needs nothing.";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    long limit = input.thresholds().appliedLagEntries();
    return GroupsOverLimit.perNode(
        ID, input, RaftAppliedLagCheck::lag, limit, measured -> result(measured, limit));
  }

  private static CheckResult result(GroupsOverLimit.Measured measured, long limit) {
    NodeSnapshot node = measured.node();
    List<RaftGroup> behind = measured.over();
    if (behind.isEmpty()) {
      return new CheckResult(
          ID,
          Status.OK,
          node.label()
              + " has applied what it committed ("
              + Text.count(measured.groups().size(), "group", "groups")
              + ")",
          "largest gap " + measured.largest() + " entries; limit " + limit,
          "",
          "",
          node.idOrNull());
    }
    List<String> items =
        behind.stream()
            .map(
                g ->
                    g.label()
                        + " "
                        + lag(g)
                        + " behind (commit "
                        + g.commitIndex()
                        + ", applied "
                        + g.appliedIndex()
                        + ")")
            .toList();
    return new CheckResult(
        ID,
        Status.WARN,
        node.label()
            + " applies "
            + Text.count(behind.size(), "group", "groups")
            + " more than "
            + limit
            + " entries behind commit",
        Text.list(items),
        "check the node's disk (perf.fsync) and GC (perf.gc); run again to see whether"
            + " the gap closes",
        ErrorCatalogue.APPLIED_LAG,
        node.idOrNull());
  }

  private static long lag(RaftGroup g) {
    return Math.max(0, g.commitIndex() - g.appliedIndex());
  }
}
