package io.chronik.diagnostics;

import io.chronik.diagnostics.checks.NodeReachableCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of a doctor run: every finding, every node, the checks skipped, and the verdict.
 *
 * <p>The verdict is the worst status of the findings in the severity order of {@link Status} (CRIT
 * beats UNKNOWN beats WARN beats OK), and the exit code is the verdict's monitoring-plugin code: 0
 * OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. One exception: an UNKNOWN finding about a node that did not
 * answer at all, when the run also reports that node under {@code node.reachable}, is explained by
 * that finding and weighs as a WARN: one node down in a cluster that still has a majority is a
 * warning, not an unknown. The finding itself stays UNKNOWN in the report. ({@link Doctor} reports
 * every node that did not answer under {@code node.reachable}, whatever checks {@code --check}
 * selected, unless {@code --skip} names it.)
 *
 * @param playbooks the playbooks of the run
 * @param findings the findings, grouped by playbook in run order, worst first within a playbook
 * @param nodes every node the probe knows of
 * @param skipped the checks that did not run, and why
 */
public record Report(
    List<String> playbooks,
    List<Finding> findings,
    List<NodeRow> nodes,
    List<Selection.Skipped> skipped) {

  public Report {
    playbooks = List.copyOf(playbooks);
    nodes = List.copyOf(nodes);
    skipped = List.copyOf(skipped);
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(byPlaybook(playbooks));
    findings = List.copyOf(sorted);
  }

  public Status verdict() {
    Set<Integer> down = new HashSet<>();
    nodes.stream()
        .filter(n -> !n.reachable() && n.nodeId() != null)
        .forEach(n -> down.add(n.nodeId()));
    Set<Integer> reported = new HashSet<>();
    findings.stream()
        .filter(f -> f.result().id().equals(NodeReachableCheck.ID) && f.result().node() != null)
        .forEach(f -> reported.add(f.result().node()));
    return Status.worst(
        findings.stream()
            .map(
                f -> {
                  CheckResult r = f.result();
                  boolean explained =
                      r.status() == Status.UNKNOWN
                          && r.node() != null
                          && down.contains(r.node())
                          && reported.contains(r.node());
                  return explained ? Status.WARN : r.status();
                })
            .toList());
  }

  /** The monitoring-plugin exit code of the verdict. */
  public int exitCode() {
    return verdict().exitCode();
  }

  /** How many findings have each status; every status is present. */
  public Map<Status, Long> counts() {
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0L);
    }
    findings.forEach(f -> counts.merge(f.result().status(), 1L, Long::sum));
    return counts;
  }

  /** The findings worst first; ties keep playbook, check and node order. */
  public List<Finding> worstFirst() {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(
        Comparator.comparing((Finding f) -> -f.result().status().severity())
            .thenComparing(byPlaybook(playbooks)));
    return sorted;
  }

  /**
   * The one-line verdict: {@code chronik doctor: OK (12 checks)} or {@code chronik doctor:
   * CRITICAL: 1 critical, 2 warnings (12 checks)}.
   */
  public String verdictLine() {
    Map<Status, Long> counts = counts();
    String total = "(" + findings.size() + (findings.size() == 1 ? " check)" : " checks)");
    Status verdict = verdict();
    if (verdict == Status.OK) {
      return "chronik doctor: OK " + total;
    }
    List<String> parts = new ArrayList<>();
    add(parts, counts.get(Status.CRIT), "critical", "critical");
    add(parts, counts.get(Status.WARN), "warning", "warnings");
    add(parts, counts.get(Status.UNKNOWN), "unknown", "unknown");
    return "chronik doctor: " + verdict.verdict() + ": " + String.join(", ", parts) + " " + total;
  }

  private static void add(List<String> parts, long n, String one, String many) {
    if (n > 0) {
      parts.add(n + " " + (n == 1 ? one : many));
    }
  }

  private static Comparator<Finding> byPlaybook(List<String> playbooks) {
    return Comparator.comparingInt((Finding f) -> rank(playbooks, f.playbook()))
        .thenComparing(f -> -f.result().status().severity())
        .thenComparingInt(f -> Checks.order(f.result().id()))
        .thenComparingInt(f -> f.result().node() == null ? -1 : f.result().node());
  }

  private static int rank(List<String> playbooks, String playbook) {
    int i = playbooks.indexOf(playbook);
    return i < 0 ? playbooks.size() + Playbooks.names().indexOf(playbook) : i;
  }
}
