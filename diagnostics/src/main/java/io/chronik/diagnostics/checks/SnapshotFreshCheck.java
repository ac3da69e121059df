package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.SnapshotsInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code snapshot.fresh}: a node snapshots each group that has new entries at least every {@code
 * timeThresholdSecs}. A group with new entries whose last snapshot is older than that (plus a grace
 * for the trigger's own timing) means snapshots fail or are off on that node.
 */
public final class SnapshotFreshCheck implements Check {
  public static final String ID = "snapshot.fresh";

  /** The least grace beyond the threshold, for the trigger's timer and the snapshot itself. */
  static final Duration MIN_GRACE = Duration.ofSeconds(30);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every group's last snapshot is within the time threshold";
  }

  @Override
  public String description() {
    return "From each node's /v1/snapshots: per group, the age of the last snapshot"
        + " (lastSnapshotAt) against the node's time threshold (settings.timeThresholdSecs,"
        + " CHRONIK_SNAPSHOT_TIME_THRESHOLD_SECS, 1 h by default) plus a grace of a tenth of it,"
        + " at least 30 s. Only groups with entries since their last snapshot count: a quiet"
        + " group needs no new one. A group that never had a snapshot counts once the node has"
        + " been up longer than the limit: a node younger than that with no snapshot at all is"
        + " OK and says no group has one yet. WARN naming the groups; WARN when snapshots are"
        + " disabled; UNKNOWN when /v1/snapshots did not answer (a node that does not serve it).";
  }

  @Override
  public String remedy() {
    return "Find in the node's log why snapshots fail (often no space: CHR-2101) and fix it;"
        + " `chronik snapshot create --admin HOST:PORT` takes one now. With snapshots disabled"
        + " (CHRONIK_SNAPSHOT_ENABLED=false) the Raft log is never compacted.";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    Instant now = input.snapshot().takenAt();
    List<CheckResult> results = new ArrayList<>();
    for (NodeSnapshot node : input.snapshot().nodes()) {
      if (!node.snapshots().ok()) {
        results.add(unknown(node));
        continue;
      }
      results.add(check(node, node.snapshots().get(), now));
    }
    return results;
  }

  private static CheckResult check(NodeSnapshot node, SnapshotsInfo info, Instant now) {
    SnapshotsInfo.Settings settings = info.settings();
    if (settings == null || settings.timeThresholdSecs() == null) {
      return new CheckResult(
          ID,
          Status.UNKNOWN,
          "could not check " + node.label() + ": /v1/snapshots has no time threshold",
          "settings.timeThresholdSecs is missing from /v1/snapshots at " + node.admin(),
          "",
          "",
          node.idOrNull());
    }
    if (Boolean.FALSE.equals(settings.enabled())) {
      return new CheckResult(
          ID,
          Status.WARN,
          node.label() + ": snapshots are disabled",
          "settings.enabled is false: no group is snapshotted, the Raft log is never compacted"
              + " and nothing is uploaded to a store",
          "set CHRONIK_SNAPSHOT_ENABLED=true (--snapshot-enabled, the default) and restart the"
              + " node",
          ErrorCatalogue.SNAPSHOT_STALE,
          node.idOrNull());
    }
    Duration threshold = Duration.ofSeconds(settings.timeThresholdSecs());
    Duration limit = threshold.plus(max(MIN_GRACE, threshold.dividedBy(10)));
    Duration uptime = node.info().ok() ? Duration.ofMillis(node.info().get().uptimeMs()) : null;
    List<String> stale = new ArrayList<>();
    Duration oldest = null;
    int never = 0;
    for (SnapshotsInfo.Group g : info.groups()) {
      Instant at = instant(g.lastSnapshotAt());
      if (at == null && g.lastSnapshotIndex() < 0) {
        never++;
      }
      if (g.entriesSinceSnapshot() <= 0) {
        continue;
      }
      if (at != null) {
        Duration age = Duration.between(at, now);
        oldest = oldest == null ? age : max(oldest, age);
        if (age.compareTo(limit) > 0) {
          stale.add(
              g.label()
                  + " last snapshot "
                  + Text.age(age)
                  + " ago (index "
                  + g.lastSnapshotIndex()
                  + ", "
                  + g.entriesSinceSnapshot()
                  + " entries since)");
        }
      } else if (uptime != null && uptime.compareTo(limit) > 0) {
        stale.add(
            g.label()
                + " no snapshot in "
                + Text.age(uptime)
                + " of uptime ("
                + g.entriesSinceSnapshot()
                + " entries)");
      }
    }
    String limits = "threshold " + Text.age(threshold) + ", warn after " + Text.age(limit);
    if (stale.isEmpty() && never == info.groups().size()) {
      // a fresh node: nothing to be late yet, until it has been up longer than the limit
      return new CheckResult(
          ID,
          Status.OK,
          node.label() + ": no group has a snapshot yet",
          Text.count(never, "group", "groups")
              + ", none snapshotted yet; a group without one counts once the node has been up"
              + " longer than "
              + Text.age(limit)
              + (uptime == null ? " (uptime unknown)" : " (up " + Text.age(uptime) + ")")
              + "; "
              + limits,
          "",
          "",
          node.idOrNull());
    }
    if (stale.isEmpty()) {
      return new CheckResult(
          ID,
          Status.OK,
          node.label()
              + ": every group's snapshot is within the "
              + Text.age(threshold)
              + " threshold"
              + (never == 0
                  ? ""
                  : "; " + Text.count(never, "group has", "groups have") + " none yet"),
          (oldest == null
                  ? "no group with new entries has a snapshot yet"
                  : "oldest snapshot of a group with new entries: " + Text.age(oldest))
              + "; "
              + limits,
          "",
          "",
          node.idOrNull());
    }
    return new CheckResult(
        ID,
        Status.WARN,
        node.label()
            + ": "
            + Text.count(stale.size(), "group's", "groups'")
            + " last snapshot is older than the "
            + Text.age(threshold)
            + " threshold",
        Text.list(stale) + "; " + limits,
        "look in "
            + node.label()
            + "'s log for why snapshots fail (no space: CHR-2101);"
            + " `chronik snapshot create --admin "
            + node.admin()
            + "` takes one now",
        ErrorCatalogue.SNAPSHOT_STALE,
        node.idOrNull());
  }

  private static CheckResult unknown(NodeSnapshot node) {
    if (!node.reachable()) {
      return NodeFindings.unknown(ID, node, "/v1/snapshots", node.snapshots());
    }
    String error = node.snapshots().error();
    return new CheckResult(
        ID,
        Status.UNKNOWN,
        "could not check " + node.label() + ": /v1/snapshots did not answer",
        "/v1/snapshots at " + node.admin() + ": " + error,
        error.contains("HTTP 404")
            ? "the node does not serve /v1/snapshots: run a chronik release that does"
            : "retry; if it persists, look at " + node.label() + "'s log",
        "",
        node.idOrNull());
  }

  private static Instant instant(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
