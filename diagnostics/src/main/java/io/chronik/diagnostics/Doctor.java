package io.chronik.diagnostics;

import io.chronik.diagnostics.checks.NodeReachableCheck;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the selected checks on one probe snapshot. A check that throws is a bug, not a finding about
 * the cluster: it becomes an UNKNOWN finding naming the exception, and the other checks still run.
 *
 * <p>A node whose admin API answers nothing is reported under {@code node.reachable} whatever
 * checks {@code --check} selected, unless {@code --skip} names that check: WARN while a majority of
 * the nodes answers, CRIT otherwise. Without it, a run of checks that merely could not see that
 * node (or that need no node at all, like {@code perf.fsync}) would say UNKNOWN or even OK about a
 * cluster that is down.
 */
public final class Doctor {
  private Doctor() {}

  public static Report run(Selection selection, CheckInput input) {
    List<Finding> findings = new ArrayList<>();
    for (Selection.Selected selected : selection.selected()) {
      Check check = selected.check();
      List<CheckResult> results;
      try {
        results = check.run(input);
      } catch (RuntimeException e) {
        results =
            List.of(
                new CheckResult(
                    check.id(),
                    Status.UNKNOWN,
                    "could not check: the check failed with " + e,
                    "at " + where(e),
                    "this is a bug in chronik doctor: please report it with this finding",
                    "",
                    null));
      }
      results.forEach(r -> findings.add(new Finding(selected.playbook(), r)));
    }
    boolean reachableSelected =
        selection.selected().stream().anyMatch(s -> s.check().id().equals(NodeReachableCheck.ID));
    if (!reachableSelected && !selection.skips().contains(NodeReachableCheck.ID)) {
      String playbook = Selection.home(NodeReachableCheck.ID, selection.playbooks());
      NodeReachableCheck.unanswered(input.snapshot())
          .forEach(r -> findings.add(new Finding(playbook, r)));
    }
    List<NodeRow> nodes = new ArrayList<>();
    for (NodeSnapshot node : input.snapshot().nodes()) {
      nodes.add(new NodeRow(node.idOrNull(), node.admin(), node.reachable(), node.error()));
    }
    return new Report(selection.playbooks(), findings, nodes, selection.skipped());
  }

  private static String where(RuntimeException e) {
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length == 0 ? "(no stack trace)" : trace[0].toString();
  }
}
