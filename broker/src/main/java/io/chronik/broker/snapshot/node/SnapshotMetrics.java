package io.chronik.broker.snapshot.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each group's {@link GroupState} on this node, and the metrics read from it: a group's meters are
 * registered when its state is first asked for.
 */
final class SnapshotMetrics {
  private final MeterRegistry registry;
  private final Map<String, GroupState> states = new ConcurrentHashMap<>();

  SnapshotMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The state of {@code group} (a snapshot group name), created with its meters if new. */
  GroupState state(String group, String groupKey) {
    return states.computeIfAbsent(
        group,
        g -> {
          GroupState s = new GroupState();
          s.groupKey = groupKey;
          s.uploadFailures =
              Counter.builder("chronik.snapshot.upload.failures")
                  .description("snapshot archive uploads that failed after their retries")
                  .tag("group", g)
                  .register(registry);
          Gauge.builder("chronik.snapshot.last.index", s, x -> x.lastIndex)
              .description("Raft index of the group's latest snapshot on this node")
              .tag("group", g)
              .register(registry);
          Gauge.builder(
                  "chronik.snapshot.age.seconds",
                  s,
                  x ->
                      x.lastAt == null
                          ? -1
                          : Duration.between(x.lastAt, Instant.now()).toMillis() / 1000.0)
              .description("seconds since the group's latest snapshot on this node, -1 if none")
              .tag("group", g)
              .register(registry);
          Gauge.builder("chronik.snapshot.size.bytes", s, x -> x.sizeBytes)
              .description("size of the group's latest snapshot archive")
              .tag("group", g)
              .register(registry);
          return s;
        });
  }

  /**
   * {@code chronik_snapshot_created_total} in Prometheus text, written by hand: Micrometer would
   * drop the {@code _created} part of the name.
   */
  String createdExposition() {
    StringBuilder out =
        new StringBuilder(
            "# HELP chronik_snapshot_created_total Raft snapshots taken on this node\n"
                + "# TYPE chronik_snapshot_created_total counter\n");
    states.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                out.append("chronik_snapshot_created_total{group=\"")
                    .append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"} ")
                    .append((double) e.getValue().created.get())
                    .append('\n'));
    return out.toString();
  }
}
