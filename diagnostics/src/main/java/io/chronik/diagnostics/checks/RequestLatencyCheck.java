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
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code perf.request-latency}: the p99 latency of Produce and Fetch on every node, from {@code
 * chronik_kafka_request_seconds{api=...,quantile="0.99"}} (a one-minute window), against limits.
 */
public final class RequestLatencyCheck implements Check {
  public static final String ID = "perf.request-latency";
  static final String METRIC = "chronik_kafka_request_seconds";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Produce and Fetch are fast enough";
  }

  @Override
  public String description() {
    return "Reads chronik_kafka_request_seconds{api=\"Produce\"|\"Fetch\",quantile=\"0.99\"}"
        + " from each node's /metrics: the p99 over about the last minute. Produce: WARN above"
        + " 200 ms, CRIT above 1 s. Fetch: WARN above 1 s, CRIT above 5 s (a Fetch waits up to"
        + " the consumer's fetch.max.wait.ms, 500 ms by default, when there is nothing new, so"
        + " its p99 includes that wait). OK when there were no such requests in the window;"
        + " UNKNOWN when /metrics did not answer.";
  }

  @Override
  public String remedy() {
    return "Look for the cause on the node: a slow disk (perf.fsync), GC pauses (perf.gc),"
        + " followers holding back commits (partition.under-replicated), or a saturated node.";
  }

  private record Api(String name, double warnMs, double critMs) {}

  @Override
  public List<CheckResult> run(CheckInput input) {
    Thresholds t = input.thresholds();
    List<Api> apis =
        List.of(
            new Api("Produce", t.produceWarnMs(), t.produceCritMs()),
            new Api("Fetch", t.fetchWarnMs(), t.fetchCritMs()));
    List<CheckResult> results = new ArrayList<>();
    for (NodeSnapshot node : input.snapshot().nodes()) {
      if (!node.metrics().ok()) {
        results.add(NodeFindings.unknown(ID, node, "/metrics", node.metrics()));
        continue;
      }
      results.add(check(node, node.metrics().get(), apis));
    }
    return results;
  }

  private static CheckResult check(NodeSnapshot node, PrometheusMetrics metrics, List<Api> apis) {
    Status status = Status.OK;
    List<String> measured = new ArrayList<>();
    List<String> slow = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    for (Api api : apis) {
      limits.add(
          api.name()
              + " WARN above "
              + Text.ms(api.warnMs())
              + ", CRIT above "
              + Text.ms(api.critMs()));
      OptionalDouble seconds = metrics.value(METRIC, Map.of("api", api.name(), "quantile", "0.99"));
      // Micrometer reports 0 once the window holds no request, and no series before the first
      if (seconds.isEmpty() || Double.isNaN(seconds.getAsDouble()) || seconds.getAsDouble() <= 0) {
        continue;
      }
      double ms = seconds.getAsDouble() * 1000;
      measured.add(api.name() + " p99 " + Text.ms(ms));
      if (ms > api.critMs()) {
        status = status.worse(Status.CRIT);
        slow.add(api.name() + " p99 " + Text.ms(ms) + " > " + Text.ms(api.critMs()));
      } else if (ms > api.warnMs()) {
        status = status.worse(Status.WARN);
        slow.add(api.name() + " p99 " + Text.ms(ms) + " > " + Text.ms(api.warnMs()));
      }
    }
    String details = String.join("; ", limits);
    if (status == Status.OK) {
      return new CheckResult(
          ID,
          Status.OK,
          node.label()
              + ": "
              + (measured.isEmpty()
                  ? "no Produce or Fetch requests in the last minute"
                  : String.join(", ", measured)),
          details,
          "",
          "",
          node.idOrNull());
    }
    return new CheckResult(
        ID,
        status,
        node.label() + ": " + String.join(", ", slow),
        String.join(", ", measured) + "; " + details,
        "check perf.fsync, perf.gc and partition.under-replicated for the cause",
        ErrorCatalogue.SLOW_REQUESTS,
        node.idOrNull());
  }
}
