package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.PrometheusMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code perf.gc}: the node's JVM is not held up by garbage collection. Reads Micrometer's JVM
 * metrics: the longest recent pause ({@code jvm_gc_pause_seconds_max}), the time spent in pauses
 * since start ({@code jvm_gc_pause_seconds_sum} over {@code uptimeMs}), and the old generation
 * after the last full collection ({@code jvm_gc_live_data_size_bytes} over {@code
 * jvm_gc_max_data_size_bytes}).
 */
public final class GcCheck implements Check {
  public static final String ID = "perf.gc";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Garbage collection does not hold the nodes up";
  }

  @Override
  public String description() {
    return "From each node's /metrics: the longest GC pause of the last minutes"
        + " (jvm_gc_pause_seconds_max): WARN above 200 ms, CRIT above 1 s, the minimum election"
        + " timeout, since followers then start elections; the share of uptime spent in pauses"
        + " (jvm_gc_pause_seconds_sum over uptimeMs of /v1/node): WARN above 10%, CRIT above"
        + " 30%; the old generation after a full collection (jvm_gc_live_data_size_bytes over"
        + " jvm_gc_max_data_size_bytes): WARN above 80%, CRIT above 95%. UNKNOWN when /metrics"
        + " did not answer or has no JVM GC metrics.";
  }

  @Override
  public String remedy() {
    return "Give the node more heap (CHRONIK_HEAP) or less work (fewer partitions per node,"
        + " smaller fetch sizes).";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    List<CheckResult> results = new ArrayList<>();
    for (NodeSnapshot node : input.snapshot().nodes()) {
      if (!node.metrics().ok()) {
        results.add(NodeFindings.unknown(ID, node, "/metrics", node.metrics()));
        continue;
      }
      results.add(check(node, input.thresholds()));
    }
    return results;
  }

  private static CheckResult check(NodeSnapshot node, Thresholds t) {
    PrometheusMetrics metrics = node.metrics().get();
    if (!metrics.has("jvm_gc_pause_seconds_max") && !metrics.has("jvm_gc_max_data_size_bytes")) {
      return new CheckResult(
          ID,
          Status.UNKNOWN,
          "could not check " + node.label() + ": /metrics has no JVM GC metrics",
          "",
          "",
          "",
          node.idOrNull());
    }
    Status status = Status.OK;
    List<String> measured = new ArrayList<>();
    List<String> problems = new ArrayList<>();

    double pauseMs =
        metrics.samples("jvm_gc_pause_seconds_max").stream()
                .mapToDouble(PrometheusMetrics.Sample::value)
                .filter(v -> !Double.isNaN(v))
                .max()
                .orElse(0)
            * 1000;
    measured.add("longest recent pause " + Text.ms(pauseMs));
    Status pause = grade(pauseMs, t.gcPauseWarnMs(), t.gcPauseCritMs());
    if (pause != Status.OK) {
      problems.add(
          "pause "
              + Text.ms(pauseMs)
              + " > "
              + Text.ms(limit(pause, t.gcPauseWarnMs(), t.gcPauseCritMs())));
    }
    status = status.worse(pause);

    if (node.info().ok() && node.info().get().uptimeMs() > 0) {
      double pausedMs =
          metrics.samples("jvm_gc_pause_seconds_sum").stream()
                  .mapToDouble(PrometheusMetrics.Sample::value)
                  .filter(v -> !Double.isNaN(v))
                  .sum()
              * 1000;
      double share = 100 * pausedMs / node.info().get().uptimeMs();
      measured.add("GC " + Text.percent(share) + " of uptime");
      Status time = grade(share, t.gcTimeWarnPercent(), t.gcTimeCritPercent());
      if (time != Status.OK) {
        problems.add(
            "GC time "
                + Text.percent(share)
                + " > "
                + Text.percent(limit(time, t.gcTimeWarnPercent(), t.gcTimeCritPercent())));
      }
      status = status.worse(time);
    }

    double live = sum(metrics, "jvm_gc_live_data_size_bytes");
    double max = sum(metrics, "jvm_gc_max_data_size_bytes");
    if (live > 0 && max > 0) {
      double used = 100 * live / max;
      measured.add("old generation " + Text.percent(used) + " full after the last full GC");
      Status heap = grade(used, t.heapLiveWarnPercent(), t.heapLiveCritPercent());
      if (heap != Status.OK) {
        problems.add(
            "old generation "
                + Text.percent(used)
                + " > "
                + Text.percent(limit(heap, t.heapLiveWarnPercent(), t.heapLiveCritPercent())));
      }
      status = status.worse(heap);
    }
    String details =
        String.join(", ", measured)
            + "; limits: pause "
            + Text.ms(t.gcPauseWarnMs())
            + "/"
            + Text.ms(t.gcPauseCritMs())
            + ", GC time "
            + Text.percent(t.gcTimeWarnPercent())
            + "/"
            + Text.percent(t.gcTimeCritPercent())
            + ", old generation "
            + Text.percent(t.heapLiveWarnPercent())
            + "/"
            + Text.percent(t.heapLiveCritPercent())
            + " (WARN/CRIT)";
    if (status == Status.OK) {
      return new CheckResult(
          ID,
          Status.OK,
          node.label() + ": " + String.join(", ", measured),
          details,
          "",
          "",
          node.idOrNull());
    }
    return new CheckResult(
        ID,
        status,
        node.label() + ": " + String.join(", ", problems),
        details,
        "give the node more heap (CHRONIK_HEAP) or less work; pauses above the 1 s election"
            + " timeout cause elections",
        ErrorCatalogue.GC_PRESSURE,
        node.idOrNull());
  }

  private static Status grade(double value, double warn, double crit) {
    if (value > crit) {
      return Status.CRIT;
    }
    return value > warn ? Status.WARN : Status.OK;
  }

  private static double limit(Status status, double warn, double crit) {
    return status == Status.CRIT ? crit : warn;
  }

  private static double sum(PrometheusMetrics metrics, String name) {
    return metrics.samples(name).stream()
        .mapToDouble(PrometheusMetrics.Sample::value)
        .filter(v -> !Double.isNaN(v) && v > 0)
        .sum();
  }
}
