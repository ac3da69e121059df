package io.chronik.cli.topic;

import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.client.ConnectionOptions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik topic create}: a new topic. */
@Command(
    name = "create",
    description = {
      "Create a topic. Without --partitions or --replication-factor the broker's defaults"
          + " apply.",
      "The JSON form is {\"name\": ..., \"partitions\": ..., \"replicationFactor\": ..., "
          + "\"configs\": {...}}, with the partitions and replication factor the broker chose."
    },
    footer = {
      "  chronik topic create orders",
      "  chronik topic create orders --partitions 6 --replication-factor 3",
      "  chronik topic create audit --config retention.ms=-1 --config max.message.bytes=524288",
      "  # 600 partitions in Raft groups of 10 (set at creation only)",
      "  chronik topic create clicks --partitions 600 --config partitions.per.group=10"
    })
public final class TopicCreateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Mixin private OutputOptions output;

  @Parameters(paramLabel = "TOPIC", description = "The topic to create.")
  private String topic;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Number of partitions (default: the broker's default).")
  private Integer partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      description = "Replicas of each partition (default: the broker's default).")
  private Short replicationFactor;

  @Option(
      names = "--config",
      paramLabel = "KEY=VALUE",
      description = "A topic config, for example retention.ms=86400000; repeatable.")
  private Map<String, String> configs = new LinkedHashMap<>();

  /** The JSON document. */
  record Created(String name, int partitions, int replicationFactor, Map<String, String> configs) {}

  @Override
  public Integer call() {
    String name = TopicNames.check(spec, topic);
    Optional<Integer> count =
        Optional.ofNullable(partitions)
            .map(n -> (int) OptionChecks.atLeast(spec, "--partitions", n, 1));
    Optional<Short> factor =
        Optional.ofNullable(replicationFactor)
            .map(n -> (short) OptionChecks.atLeast(spec, "--replication-factor", n, 1));
    TopicSummary created;
    try (TopicAdmin admin = TopicAdmin.connect(connection.connection())) {
      created = admin.create(name, count, factor, configs);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(
          Json.write(
              new Created(
                  created.name(), created.partitions(), created.replicationFactor(), configs)));
    } else {
      out.println(
          "created topic "
              + created.name()
              + ": "
              + created.partitions()
              + (created.partitions() == 1 ? " partition" : " partitions")
              + ", replication factor "
              + created.replicationFactor());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
