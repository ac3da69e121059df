package io.chronik.cli.topic;

import io.chronik.cli.Confirmation;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.client.ConnectionOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik topic delete}: removes topics and their data, after a confirmation. */
@Command(
    name = "delete",
    description = {
      "Delete topics and all their records. This cannot be undone.",
      "On a terminal it asks for confirmation first; --yes skips the question. Without a"
          + " terminal (a script, a pipe) it refuses unless --yes is given (exit 64).",
      "--dry-run checks that the topics exist and prints what would be deleted.",
      "The JSON form is {\"topics\": [{\"name\": ..., \"partitions\": ...}], \"dryRun\": ..., "
          + "\"deleted\": ...}."
    },
    footer = {
      "  chronik topic delete orders",
      "  chronik topic delete orders payments --dry-run",
      "  chronik topic delete orders --yes -o json"
    })
public final class TopicDeleteCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Mixin private OutputOptions output;

  @Parameters(paramLabel = "TOPIC", arity = "1..*", description = "The topics to delete.")
  private List<String> topics;

  @Option(names = "--yes", description = "Delete without asking for confirmation.")
  private boolean yes;

  @Option(names = "--dry-run", description = "Print what would be deleted; delete nothing.")
  private boolean dryRun;

  /** One topic of the JSON document. */
  record Topic(String name, int partitions) {}

  /** The JSON document. */
  record Deletion(List<Topic> topics, boolean dryRun, boolean deleted) {}

  @Override
  public Integer call() {
    List<String> names = TopicNames.check(spec, topics);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean deleted = false;
    List<Topic> found;
    try (TopicAdmin admin = TopicAdmin.connect(connection.connection())) {
      Map<String, Integer> counts = admin.partitionCounts(names);
      found = names.stream().map(n -> new Topic(n, counts.get(n))).toList();
      if (!dryRun) {
        if (!Confirmation.confirm(spec, yes, "delete " + describe(found))) {
          err.println("chronik: aborted; nothing was deleted");
          err.flush();
          return ExitCodes.RUNTIME;
        }
        admin.delete(names);
        deleted = true;
      }
    }
    if (output.isJson()) {
      out.println(Json.write(new Deletion(found, dryRun, deleted)));
    } else {
      for (Topic t : found) {
        out.println(
            (dryRun ? "would delete topic " : "deleted topic ")
                + t.name()
                + " ("
                + t.partitions()
                + (t.partitions() == 1 ? " partition)" : " partitions)"));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static String describe(List<Topic> topics) {
    if (topics.size() == 1) {
      Topic t = topics.get(0);
      return "topic " + t.name() + " with " + t.partitions() + " partition(s)";
    }
    return topics.size()
        + " topics ("
        + String.join(", ", topics.stream().map(Topic::name).toList())
        + ")";
  }
}
