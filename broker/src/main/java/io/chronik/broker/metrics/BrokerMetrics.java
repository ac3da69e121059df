package io.chronik.broker.metrics;

import io.chronik.broker.replication.GroupStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The broker's metrics, rendered in the Prometheus text format on {@code /metrics}.
 *
 * <p>Raft gauges ({@code chronik_raft_is_leader}, {@code _term}, {@code _commit_index}, {@code
 * _applied_index}) carry {@code group}, {@code kind} and, for partitions, {@code topic} and {@code
 * partition} labels; they are refreshed from the live group states at every scrape.
 */
public final class BrokerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter> unsupported = new ConcurrentHashMap<>();
  private final Counter rejectedFrames;
  private final Counter followerFetches;
  private final AtomicInteger connections = new AtomicInteger();
  private final MultiGauge isLeader;
  private final MultiGauge term;
  private final MultiGauge commitIndex;
  private final MultiGauge appliedIndex;
  private volatile Supplier<List<GroupStatus>> groups = List::of;
  private volatile io.chronik.broker.replication.ElectionJournal journal;
  private final java.util.Set<String> electionCounters = ConcurrentHashMap.newKeySet();
  private volatile Function<String, Tags> groupTags = g -> Tags.empty();

  public BrokerMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    rejectedFrames =
        Counter.builder("chronik.kafka.rejected.frames")
            .description("Kafka connections closed for an oversized or malformed frame")
            .register(registry);
    followerFetches =
        Counter.builder("chronik.kafka.follower.fetches")
            .description("Fetch requests served from a follower replica (KIP-392)")
            .register(registry);
    Gauge.builder("chronik.kafka.connections", connections, AtomicInteger::get)
        .description("open Kafka client connections")
        .register(registry);
    isLeader =
        MultiGauge.builder("chronik.raft.is.leader")
            .description("1 when this node leads the group")
            .register(registry);
    term =
        MultiGauge.builder("chronik.raft.term")
            .description("current Raft term of the group")
            .register(registry);
    commitIndex =
        MultiGauge.builder("chronik.raft.commit.index")
            .description("highest committed Raft index")
            .register(registry);
    appliedIndex =
        MultiGauge.builder("chronik.raft.applied.index")
            .description("highest Raft index applied to the state machine")
            .register(registry);
  }

  /** Counts each group's leader changes as {@code chronik_raft_elections_total}. */
  public void bindElections(io.chronik.broker.replication.ElectionJournal journal) {
    this.journal = journal;
  }

  /** Where the Raft gauges read from, and the extra labels of a group (topic, partition). */
  public void bindGroups(Supplier<List<GroupStatus>> source, Function<String, Tags> tags) {
    this.groups = source;
    this.groupTags = tags;
  }

  public void requestCompleted(String api, long nanos) {
    requestTimers
        .computeIfAbsent(
            api,
            a ->
                Timer.builder("chronik.kafka.request")
                    .description("Kafka requests handled, by API, and their latency")
                    .tag("api", a)
                    .publishPercentiles(0.5, 0.99)
                    .distributionStatisticExpiry(Duration.ofMinutes(1))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void unsupportedRequest(String api) {
    unsupported
        .computeIfAbsent(
            api,
            a ->
                Counter.builder("chronik.kafka.unsupported.requests")
                    .description("requests of an API or version chronik does not serve")
                    .tag("api", a)
                    .register(registry))
        .increment();
  }

  /** A Fetch served by a follower replica (KIP-392). */
  public void followerFetch() {
    followerFetches.increment();
  }

  public void rejectedFrame() {
    rejectedFrames.increment();
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
  }

  private final List<Supplier<String>> expositions =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Appends hand-written Prometheus text to every scrape, for a metric whose name the registry
   * would rewrite (Micrometer drops a {@code _created} suffix, which OpenMetrics reserves).
   */
  public void addExposition(Supplier<String> text) {
    expositions.add(text);
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    List<GroupStatus> statuses = groups.get();
    isLeader.register(rows(statuses, s -> s.isLeader() ? 1 : 0), true);
    term.register(rows(statuses, GroupStatus::term), true);
    commitIndex.register(rows(statuses, GroupStatus::commitIndex), true);
    appliedIndex.register(rows(statuses, GroupStatus::appliedIndex), true);
    io.chronik.broker.replication.ElectionJournal j = journal;
    if (j != null) {
      for (GroupStatus s : statuses) {
        if (electionCounters.add(s.groupId())) {
          io.micrometer.core.instrument.FunctionCounter.builder(
                  "chronik.raft.elections", j, jj -> jj.count(s.groupId()))
              .description("leader changes of the group seen by this node")
              .tags(
                  Tags.of("group", s.groupId(), "kind", s.kind()).and(groupTags.apply(s.groupId())))
              .register(registry);
        }
      }
    }
    StringBuilder out = new StringBuilder(registry.scrape());
    for (Supplier<String> text : expositions) {
      out.append(text.get());
    }
    return out.toString();
  }

  private List<MultiGauge.Row<?>> rows(
      List<GroupStatus> statuses, Function<GroupStatus, Number> value) {
    return statuses.stream()
        .<MultiGauge.Row<?>>map(
            s -> {
              Number v = value.apply(s);
              return MultiGauge.Row.of(
                  Tags.of("group", s.groupId(), "kind", s.kind()).and(groupTags.apply(s.groupId())),
                  v);
            })
        .toList();
  }
}
