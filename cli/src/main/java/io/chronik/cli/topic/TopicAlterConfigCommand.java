package io.chronik.cli.topic;

import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.client.ConnectionOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik topic alter-config}: sets or removes topic config overrides. */
@Command(
    name = "alter-config",
    description = {
      "Set or remove config overrides of a topic (Kafka's IncrementalAlterConfigs). A removed"
          + " override falls back to the broker's value. Configs not named stay as they are.",
      "The JSON form is {\"name\": ..., \"set\": {...}, \"deleted\": [...]}."
    },
    footer = {
      "  chronik topic alter-config orders --set retention.ms=3600000",
      "  chronik topic alter-config orders --delete retention.ms",
      "  chronik topic alter-config orders --set max.message.bytes=524288 --delete segment.ms"
    })
public final class TopicAlterConfigCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Mixin private OutputOptions output;

  @Parameters(paramLabel = "TOPIC", description = "The topic to change.")
  private String topic;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set a config override, for example retention.ms=3600000; repeatable.")
  private Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--delete",
      paramLabel = "KEY",
      description = "Remove a config override; repeatable.")
  private List<String> delete = new ArrayList<>();

  /** The JSON document. */
  record Altered(String name, Map<String, String> set, List<String> deleted) {}

  @Override
  public Integer call() {
    String name = TopicNames.check(spec, topic);
    if (set.isEmpty() && delete.isEmpty()) {
      throw OptionChecks.invalid(
          spec, "--set", "give at least one --set KEY=VALUE or --delete KEY");
    }
    for (String key : delete) {
      if (set.containsKey(key)) {
        throw OptionChecks.invalid(spec, "--delete", key + " is also given with --set");
      }
    }
    try (TopicAdmin admin = TopicAdmin.connect(connection.connection())) {
      admin.alterConfigs(name, set, delete);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(new Altered(name, set, delete)));
    } else {
      set.forEach((key, value) -> out.println("set " + key + "=" + value + " on topic " + name));
      delete.forEach(key -> out.println("removed " + key + " from topic " + name));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
