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
 * {@code snapshot.log-backlog}: snapshots keep every group's Raft log short. The backlog of a group
 * is the entries in its log after its latest snapshot; the broker snapshots every 10,000 entries,
 * so a backlog far above that means snapshots fail or are off.
 */
public final class SnapshotBacklogCheck implements Check {
  public static final String ID = "snapshot.log-backlog";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Snapshots keep every Raft log short";
  }

  @Override
  public String description() {
    return "From each node's /v1/raft/groups: the entries after the latest snapshot"
        + " (logEndIndex minus snapshotIndex, or minus logStartIndex - 1 before the first"
        + " snapshot). The broker takes a snapshot every 10,000 entries; WARN above 50,000,"
        + " when snapshots fail or are off: the log is not compacted, restarts replay more and"
        + " a lagging follower cannot catch up from a snapshot. UNKNOWN when /v1/raft/groups did"
        + " not answer.";
  }

  @Override
  public String remedy() {
    return "Find in the node's log why snapshots fail (CHR-3001, no space left: CHR-2101) and"
        + " fix it; a clean shutdown also takes a snapshot of every group.";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    long limit = input.thresholds().snapshotBacklogEntries();
    return GroupsOverLimit.perNode(
        ID, input, SnapshotBacklogCheck::backlog, limit, measured -> result(measured, limit));
  }

  private static CheckResult result(GroupsOverLimit.Measured measured, long limit) {
    NodeSnapshot node = measured.node();
    List<RaftGroup> long_ = measured.over();
    if (long_.isEmpty()) {
      return new CheckResult(
          ID,
          Status.OK,
          node.label() + ": at most " + measured.largest() + " entries since the last snapshot",
          "limit " + limit + " entries",
          "",
          "",
          node.idOrNull());
    }
    List<String> items =
        long_.stream()
            .map(
                g ->
                    g.label()
                        + " "
                        + backlog(g)
                        + " entries (snapshot at "
                        + g.snapshotIndex()
                        + ", log end "
                        + g.logEndIndex()
                        + ")")
            .toList();
    return new CheckResult(
        ID,
        Status.WARN,
        node.label()
            + ": "
            + Text.count(long_.size(), "group has", "groups have")
            + " more than "
            + limit
            + " entries since the last snapshot",
        Text.list(items),
        "look in the node's log for why snapshots fail (CHR-3001, CHR-2101)",
        ErrorCatalogue.SNAPSHOT_BACKLOG,
        node.idOrNull());
  }

  static long backlog(RaftGroup g) {
    long base = Math.max(g.snapshotIndex(), g.logStartIndex() - 1);
    return Math.max(0, g.logEndIndex() - base);
  }
}
