package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.ClockReading;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code node.clock-skew}: the nodes' wall clocks agree. Each node's {@code /v1/node} carries its
 * clock; doctor notes when it asked and when the answer came, and takes the middle as the moment
 * the node read its clock, give or take half the round trip ({@link ClockReading}). Two nodes'
 * clocks differ by the difference of their offsets from this host, and only what exceeds both
 * uncertainties counts. This host's own clock drops out of the comparison.
 *
 * <ul>
 *   <li>CRIT: two nodes differ by more than {@link Thresholds#clockSkewCritMs()}.
 *   <li>WARN: by more than {@link Thresholds#clockSkewWarnMs()}.
 *   <li>UNKNOWN: a node did not report its clock, and nothing is wrong among the others.
 * </ul>
 */
public final class ClockSkewCheck implements Check {
  public static final String ID = "node.clock-skew";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "The nodes' clocks agree";
  }

  @Override
  public String description() {
    Thresholds t = Thresholds.defaults();
    return "Reads each node's clock from /v1/node (clockMs) and compares it with this host's,"
        + " corrected by half the round trip; two nodes differ by the difference of their"
        + " offsets, less both uncertainties. WARN above "
        + Text.ms(t.clockSkewWarnMs())
        + ", CRIT above "
        + Text.ms(t.clockSkewCritMs())
        + ". Raft does not need synchronised clocks, but record timestamps, time-based"
        + " retention and every log line do. UNKNOWN for nodes that do not report a clock.";
  }

  @Override
  public String remedy() {
    return "Run NTP (chrony, systemd-timesyncd) against the same servers on every host.";
  }

  private record Reading(NodeSnapshot node, ClockReading clock) {}

  @Override
  public List<CheckResult> run(CheckInput input) {
    Thresholds t = input.thresholds();
    List<Reading> readings = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (NodeSnapshot node : input.snapshot().nodes()) {
      if (node.clock() == null) {
        unknown.add(
            node.label()
                + (node.info().ok()
                    ? " (does not report its clock: an older release)"
                    : " (/v1/node: " + node.info().error() + ")"));
      } else {
        readings.add(new Reading(node, node.clock()));
      }
    }
    List<String> details = new ArrayList<>();
    for (Reading r : readings) {
      details.add(
          r.node().label()
              + ": "
              + signed(r.clock().offsetMs())
              + " from this host's clock (± "
              + Text.ms(r.clock().uncertaintyMs())
              + ")");
    }
    long worst = 0;
    String worstPair = "";
    for (int i = 0; i < readings.size(); i++) {
      for (int j = i + 1; j < readings.size(); j++) {
        ClockReading a = readings.get(i).clock();
        ClockReading b = readings.get(j).clock();
        long skew = Math.abs(a.offsetMs() - b.offsetMs()) - a.uncertaintyMs() - b.uncertaintyMs();
        if (skew > worst) {
          worst = skew;
          worstPair = readings.get(i).node().label() + " and " + readings.get(j).node().label();
        }
      }
    }
    if (!unknown.isEmpty()) {
      details.add("not known for " + Text.list(unknown));
    }
    String detailText = String.join("\n", details);
    if (worst > t.clockSkewWarnMs()) {
      return List.of(
          new CheckResult(
              ID,
              worst > t.clockSkewCritMs() ? Status.CRIT : Status.WARN,
              "the clocks of "
                  + worstPair
                  + " differ by at least "
                  + Text.ms(worst)
                  + " (limit "
                  + Text.ms(t.clockSkewWarnMs())
                  + ")",
              detailText,
              "synchronise the hosts' clocks with NTP (chrony or systemd-timesyncd) against the"
                  + " same servers; check with timedatectl status or chronyc tracking",
              ErrorCatalogue.CLOCK_SKEW,
              null));
    }
    if (!unknown.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not read the clock of " + Text.count(unknown.size(), "node", "nodes"),
              detailText,
              "see node.reachable; upgrade nodes that do not report their clock",
              "",
              null));
    }
    if (readings.size() < 2) {
      return List.of(
          CheckResult.ok(ID, "one node: no clocks to compare between nodes", detailText));
    }
    return List.of(
        CheckResult.ok(
            ID,
            Text.all(readings.size(), "node's clock agrees", "nodes' clocks agree")
                + " within "
                + Text.ms(t.clockSkewWarnMs()),
            detailText));
  }

  private static String signed(long ms) {
    return (ms > 0 ? "+" : ms < 0 ? "-" : "") + Text.ms(Math.abs(ms));
  }
}
