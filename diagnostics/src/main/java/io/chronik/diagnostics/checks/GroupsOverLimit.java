package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.RaftGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A per-node check of one figure of every Raft group against a limit (applied lag, log backlog): on
 * each node, the groups whose figure is above the limit, largest first. A node whose {@code
 * /v1/raft/groups} did not answer is UNKNOWN.
 */
final class GroupsOverLimit {
  private GroupsOverLimit() {}

  /**
   * One node's groups measured.
   *
   * @param groups every group of the node
   * @param over the groups above the limit, largest figure first
   * @param largest the largest figure of all the node's groups (0 when it has none)
   */
  record Measured(NodeSnapshot node, List<RaftGroup> groups, List<RaftGroup> over, long largest) {}

  /** One result per node: UNKNOWN where the groups are unknown, otherwise {@code judge}'s. */
  static List<CheckResult> perNode(
      String checkId,
      CheckInput input,
      ToLongFunction<RaftGroup> figure,
      long limit,
      Function<Measured, CheckResult> judge) {
    List<CheckResult> results = new ArrayList<>();
    for (NodeSnapshot node : input.snapshot().nodes()) {
      if (!node.groups().ok()) {
        results.add(NodeFindings.unknown(checkId, node, "/v1/raft/groups", node.groups()));
        continue;
      }
      List<RaftGroup> groups = node.groups().get();
      List<RaftGroup> over =
          groups.stream()
              .filter(g -> figure.applyAsLong(g) > limit)
              .sorted(Comparator.comparingLong(figure).reversed())
              .toList();
      long largest = groups.stream().mapToLong(figure).max().orElse(0);
      results.add(judge.apply(new Measured(node, groups, over, largest)));
    }
    return results;
  }
}
