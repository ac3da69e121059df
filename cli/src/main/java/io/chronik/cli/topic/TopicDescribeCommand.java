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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik topic describe}: partitions (leader, replicas, ISR) and configs of topics. */
@Command(
    name = "describe",
    description = {
      "Show topics: every partition with its leader, replicas and in-sync replicas (ISR), and"
          + " the topic's configs with where each value comes from (topic override, broker or"
          + " default).",
      "The JSON form is {\"topics\": [{\"name\": ..., \"topicId\": ..., \"internal\": ..., "
          + "\"partitions\": [{\"partition\": ..., \"leader\": ..., \"replicas\": [...], "
          + "\"isr\": [...]}], \"configs\": [{\"name\": ..., \"value\": ..., \"source\": ..., "
          + "\"readOnly\": ..., \"sensitive\": ...}]}]}; a partition without a leader has"
          + " \"leader\": null."
    },
    footer = {
      "  chronik topic describe orders",
      "  chronik topic describe orders payments --overrides",
      "  chronik topic describe orders -o json | jq '.topics[0].partitions[].leader'"
    })
public final class TopicDescribeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Mixin private OutputOptions output;

  @Parameters(paramLabel = "TOPIC", arity = "1..*", description = "The topics to describe.")
  private List<String> topics;

  @Option(
      names = "--overrides",
      description = "In text output, show only the configs set on the topic itself.")
  private boolean overridesOnly;

  /** The JSON document. */
  record Description(List<TopicDetails> topics) {}

  @Override
  public Integer call() {
    List<TopicDetails> details;
    try (TopicAdmin admin = TopicAdmin.connect(connection.connection())) {
      details = admin.describe(TopicNames.check(spec, topics));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(new Description(details)));
    } else {
      for (int i = 0; i < details.size(); i++) {
        if (i > 0) {
          out.println();
        }
        printText(out, details.get(i));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private void printText(PrintWriter out, TopicDetails topic) {
    int replicationFactor =
        topic.partitions().isEmpty() ? 0 : topic.partitions().get(0).replicas().size();
    out.println(
        "Topic: "
            + topic.name()
            + "  id: "
            + (topic.topicId() == null ? "-" : topic.topicId())
            + "  partitions: "
            + topic.partitions().size()
            + "  replication factor: "
            + replicationFactor
            + (topic.internal() ? "  internal" : ""));
    out.println();
    Table partitions = new Table("PARTITION", "LEADER", "REPLICAS", "ISR");
    for (TopicDetails.Partition p : topic.partitions()) {
      partitions.row(p.partition(), p.leader(), ids(p.replicas()), ids(p.isr()));
    }
    partitions.print(out);
    out.println();
    Table configs = new Table("CONFIG", "VALUE", "SOURCE");
    for (TopicDetails.Config c : topic.configs()) {
      if (!overridesOnly || c.source().equals("topic")) {
        configs.row(c.name(), c.sensitive() ? "(sensitive)" : c.value(), c.source());
      }
    }
    if (configs.isEmpty()) {
      out.println(overridesOnly ? "No config overrides." : "No configs reported.");
    } else {
      configs.print(out);
    }
  }

  private static String ids(List<Integer> ids) {
    return ids.isEmpty() ? "-" : String.join(",", ids.stream().map(String::valueOf).toList());
  }
}
