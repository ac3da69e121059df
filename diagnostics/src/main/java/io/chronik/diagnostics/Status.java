package io.chronik.diagnostics;

import java.util.Collection;

/**
 * The outcome of one check, after the monitoring-plugin convention (Nagios, Icinga, Sensu).
 *
 * <p>Severity order, from best to worst: {@link #OK} &lt; {@link #WARN} &lt; {@link #UNKNOWN} &lt;
 * {@link #CRIT}. The worst status of a run is its verdict. UNKNOWN ranks above WARN because a check
 * that could not run may hide anything, and below CRIT because a known critical finding is the more
 * useful answer. "Could not check" is always UNKNOWN, never OK and never CRIT.
 */
public enum Status {
  /** Checked, and healthy. Exit code 0. */
  OK(0, 0, "OK"),
  /** Checked: works, but needs attention soon. Exit code 1. */
  WARN(1, 1, "WARNING"),
  /** Could not check: the data needed was not available. Exit code 3. */
  UNKNOWN(2, 3, "UNKNOWN"),
  /** Checked: broken, or about to lose data or availability. Exit code 2. */
  CRIT(3, 2, "CRITICAL");

  private final int severity;
  private final int exitCode;
  private final String verdict;

  Status(int severity, int exitCode, String verdict) {
    this.severity = severity;
    this.exitCode = exitCode;
    this.verdict = verdict;
  }

  /** The rank in the severity order: higher is worse. */
  public int severity() {
    return severity;
  }

  /** The monitoring-plugin exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
  public int exitCode() {
    return exitCode;
  }

  /** The verdict word of the monitoring-plugin convention: OK, WARNING, CRITICAL, UNKNOWN. */
  public String verdict() {
    return verdict;
  }

  /** Whether this status is worse than {@code other}. */
  public boolean isWorseThan(Status other) {
    return severity > other.severity;
  }

  /** The worse of the two. */
  public Status worse(Status other) {
    return other.isWorseThan(this) ? other : this;
  }

  /** The worst of the statuses; OK when there are none. */
  public static Status worst(Collection<Status> statuses) {
    Status worst = OK;
    for (Status status : statuses) {
      worst = worst.worse(status);
    }
    return worst;
  }
}
