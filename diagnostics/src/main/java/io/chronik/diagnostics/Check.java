package io.chronik.diagnostics;

import java.util.List;

/**
 * One diagnostic. A check reads the probe's snapshot of the cluster (and, for local checks, the
 * machine doctor runs on) and reports one or more findings: one per node for node-level checks, one
 * for the cluster otherwise. It never throws for an expected condition: what it cannot see is an
 * {@link Status#UNKNOWN} finding that says why.
 *
 * <p>Ids are stable: scripts select and skip checks by id, and the troubleshooting guide links to
 * them. Renaming one is a breaking change.
 */
public interface Check {
  /** The stable id, {@code area.name}, for example {@code raft.leader-present}. */
  String id();

  /** One line: what the check looks at. */
  String title();

  /** How the check decides: the data it reads and its limits. For the guide and --list-checks. */
  String description();

  /** What to do when the check fails, in general; each finding carries its specific remedy. */
  String remedy();

  /** Whether the check runs on the machine doctor runs on rather than reading the snapshot. */
  default boolean local() {
    return false;
  }

  /** What the probe must fetch beyond the base endpoints for this check. */
  default java.util.Set<io.chronik.diagnostics.probe.ClusterProbe.Extra> needs() {
    return java.util.Set.of();
  }

  /** The findings; never empty. */
  List<CheckResult> run(CheckInput input);
}
