package io.chronik.cli.group;

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
import picocli.CommandLine.Spec;

/** {@code chronik group list}: every consumer group and its state. */
@Command(
    name = "list",
    description = {
      "List the consumer groups of the cluster, sorted by id, with their state.",
      "The JSON form is {\"groups\": [{\"groupId\": ..., \"state\": ...}]}."
    },
    footer = {"  chronik group list", "  chronik group list -o json | jq -r '.groups[].groupId'"})
public final class GroupListCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Mixin private OutputOptions output;

  /** The JSON document. */
  record Listing(List<GroupSummary> groups) {}

  @Override
  public Integer call() {
    List<GroupSummary> groups;
    try (ConsumerGroups admin = ConsumerGroups.connect(connection.connection())) {
      groups = admin.list();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(new Listing(groups)));
    } else {
      Table table = new Table("GROUP", "STATE");
      groups.forEach(g -> table.row(g.groupId(), g.state()));
      table.print(out);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
