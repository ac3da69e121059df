package io.chronik.cli.bench;

import io.chronik.broker.ChronikException;
import io.chronik.cli.DurationConverter;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chronik bench produce}: a rerunnable produce benchmark with the stock Kafka producer.
 *
 * <p>This class checks options and renders the result; {@link ProduceBenchmark} does the work and
 * holds every Kafka import, so that loading this class (picocli does on every start) stays cheap.
 */
@Command(
    name = "produce",
    description = {
      "Send records with the stock Kafka producer and report what Kafka's",
      "ProducerPerformance does: records/s, MiB/s, the send-to-acknowledgement latency",
      "(avg, p50, p95, p99, p99.9, max) in ms, and the number of failed records.",
      "",
      "The topic is created when missing. The run is rerunnable: it only appends.",
      "A progress line goes to stderr every 5 seconds on a terminal; the summary goes to"
          + " stdout. Exits 69 when no broker answers within --timeout, 1 when records failed.",
      ""
    },
    footer = {
      "  # 500000 records of 1 KiB, acks=all, against a local node",
      "  chronik bench produce",
      "",
      "  # small records, leader-only acks, JSON for a script",
      "  chronik bench produce --records 1000000 --record-size 100 --acks 1 -o json",
      "",
      "  # a steady 10000 records/s with compression",
      "  chronik bench produce --throughput 10000 --producer-prop compression.type=lz4"
    })
public final class BenchProduceCommand implements Callable<Integer> {
  private static final Set<String> ACKS = Set.of("all", "-1", "0", "1");

  @Spec private CommandSpec spec;

  @Mixin private OutputOptions output;

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers, comma-separated (default: ${DEFAULT-VALUE}).")
  private String bootstrap;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "chronik-bench",
      description = "Topic to write to; created when missing (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "3",
      description = "Partitions of the topic when it is created (default: ${DEFAULT-VALUE}).")
  private int partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Replication factor of the topic when it is created (default: ${DEFAULT-VALUE}).")
  private short replicationFactor;

  @Option(
      names = "--records",
      paramLabel = "N",
      defaultValue = "500000",
      description = "Records to send (default: ${DEFAULT-VALUE}).")
  private long records;

  @Option(
      names = "--record-size",
      paramLabel = "BYTES",
      defaultValue = "1024",
      description = "Value size of each record; records have no key (default: ${DEFAULT-VALUE}).")
  private int recordSize;

  @Option(
      names = "--acks",
      paramLabel = "ACKS",
      defaultValue = "all",
      description = "Producer acks: all, -1, 0 or 1 (default: ${DEFAULT-VALUE}).")
  private String acks;

  @Option(
      names = "--linger-ms",
      paramLabel = "MS",
      defaultValue = "5",
      description = "Producer linger.ms (default: ${DEFAULT-VALUE}).")
  private int lingerMs;

  @Option(
      names = "--batch-size",
      paramLabel = "BYTES",
      defaultValue = "65536",
      description = "Producer batch.size (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--throughput",
      paramLabel = "N",
      defaultValue = "-1",
      description = "Target records per second; -1 for as fast as possible (default: -1).")
  private long throughput;

  @Option(
      names = "--producer-prop",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka producer config; repeatable, and wins over the options above."
              + " For example: --producer-prop compression.type=lz4")
  private Map<String, String> producerProps = new LinkedHashMap<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.Positive.class,
      description =
          "How long to wait for the cluster to answer, for example 500ms, 15s, 2m"
              + " (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    ProduceBenchSettings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProduceBenchmark benchmark =
        new ProduceBenchmark(settings, System.console() != null ? err : null);
    ProduceBenchResult result = benchmark.run();
    out.println(output.isJson() ? Json.write(result) : result.text());
    out.flush();
    if (result.errors() > 0) {
      throw new ChronikException(
          BenchErrors.RECORDS_FAILED,
          ChronikException.Kind.RUNTIME,
          result.errors()
              + " of "
              + result.records()
              + " records failed, the first with: "
              + benchmark.firstError(),
          "check the broker's log; rerun with --producer-prop retries=... or a longer"
              + " --producer-prop delivery.timeout.ms=... if the cluster was busy");
    }
    return ExitCodes.OK;
  }

  /** The run's settings from the parsed options, after range checks (exit 64 on a bad one). */
  ProduceBenchSettings settings() {
    OptionChecks.bootstrap(spec, "--bootstrap", bootstrap);
    if (topic.isBlank()) {
      throw OptionChecks.invalid(spec, "--topic", "the topic name is empty");
    }
    if (!ACKS.contains(acks)) {
      throw OptionChecks.invalid(spec, "--acks", "'" + acks + "' is not one of all, -1, 0, 1");
    }
    if (throughput == 0 || throughput < -1) {
      throw OptionChecks.invalid(
          spec, "--throughput", throughput + " is not a rate: use -1 (unlimited) or 1 or more");
    }
    Map<String, String> producer = new LinkedHashMap<>();
    producer.put("acks", acks);
    producer.put(
        "linger.ms", Long.toString(OptionChecks.atLeast(spec, "--linger-ms", lingerMs, 0)));
    producer.put(
        "batch.size", Long.toString(OptionChecks.atLeast(spec, "--batch-size", batchSize, 0)));
    producer.putAll(producerProps);
    return new ProduceBenchSettings(
        bootstrap.strip(),
        topic.strip(),
        (int) OptionChecks.atLeast(spec, "--partitions", partitions, 1),
        (short) OptionChecks.atLeast(spec, "--replication-factor", replicationFactor, 1),
        OptionChecks.atLeast(spec, "--records", records, 1),
        (int) OptionChecks.atLeast(spec, "--record-size", recordSize, 1),
        throughput,
        timeout,
        producer);
  }
}
