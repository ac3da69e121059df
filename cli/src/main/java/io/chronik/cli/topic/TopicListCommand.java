package io.chronik.cli.topic;

import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.Table;
import io.chronik.cli.client.ConnectionOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chronik topic list}: every topic with its partition count and replication factor. */
@Command(
    name = "list",
    description = {
      "List the topics of the cluster, sorted by name, with their partition count and"
          + " replication factor.",
      "The JSON form is {\"topics\": [{\"name\": ..., \"partitions\": ..., "
          + "\"replicationFactor\": ..., \"internal\": ...}]}."
    },
    footer = {
      "  chronik topic list",
      "  chronik topic list --bootstrap broker1:9092 -o json | jq -r '.topics[].name'"
    })
public final class TopicListCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Mixin private OutputOptions output;

  @Option(names = "--internal", description = "Include the broker's internal topics.")
  private boolean internal;

  /** The JSON document. */
  record Listing(List<TopicSummary> topics) {}

  @Override
  public Integer call() {
    List<TopicSummary> topics;
    try (TopicAdmin admin = TopicAdmin.connect(connection.connection())) {
      topics = admin.list(internal);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(new Listing(topics)));
    } else {
      Table table = new Table("TOPIC", "PARTITIONS", "REPLICATION-FACTOR");
      topics.forEach(t -> table.row(t.name(), t.partitions(), t.replicationFactor()));
      table.print(out);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
