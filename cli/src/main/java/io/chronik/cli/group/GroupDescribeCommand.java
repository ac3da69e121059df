package io.chronik.cli.group;

import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.Table;
import io.chronik.cli.client.ConnectionOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik group describe}: members, assignment, committed offsets and lag of a group. */
@Command(
    name = "describe",
    description = {
      "Show a consumer group: its state and members, and for every partition it has an offset"
          + " for or is assigned: the committed offset, the log end offset, the lag between"
          + " them and the member that owns it.",
      "The JSON form is {\"groupId\": ..., \"state\": ..., \"coordinator\": ..., \"assignor\": ..., "
          + "\"members\": [{\"memberId\": ..., \"clientId\": ..., \"host\": ..., \"assignment\": "
          + "[\"topic-0\",...]}], \"offsets\": [{\"topic\": ..., \"partition\": ..., "
          + "\"committedOffset\": ..., \"logEndOffset\": ..., \"lag\": ..., \"memberId\": ...}]}; an"
          + " unknown value is null."
    },
    footer = {
      "  chronik group describe billing",
      "  chronik group describe billing -o json | jq '[.offsets[].lag] | add'"
    })
public final class GroupDescribeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Mixin private OutputOptions output;

  @Parameters(paramLabel = "GROUP", description = "The consumer group to describe.")
  private String group;

  @Override
  public Integer call() {
    GroupDetails details;
    try (ConsumerGroups admin = ConsumerGroups.connect(connection.connection())) {
      details = admin.describe(GroupIds.check(spec, group));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(details));
    } else {
      printText(out, details);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void printText(PrintWriter out, GroupDetails group) {
    out.println(
        "Group: "
            + group.groupId()
            + "  state: "
            + group.state()
            + "  coordinator: "
            + (group.coordinator() == null ? "-" : group.coordinator())
            + "  members: "
            + group.members().size());
    out.println();
    if (group.members().isEmpty()) {
      out.println("No active members.");
    } else {
      Table members = new Table("MEMBER", "CLIENT-ID", "HOST", "ASSIGNMENT");
      group
          .members()
          .forEach(
              m ->
                  members.row(
                      m.memberId(),
                      m.clientId(),
                      m.host(),
                      m.assignment().isEmpty() ? "-" : String.join(",", m.assignment())));
      members.print(out);
    }
    out.println();
    Table offsets =
        new Table("TOPIC", "PARTITION", "COMMITTED-OFFSET", "LOG-END-OFFSET", "LAG", "MEMBER");
    group
        .offsets()
        .forEach(
            o ->
                offsets.row(
                    o.topic(),
                    o.partition(),
                    o.committedOffset(),
                    o.logEndOffset(),
                    o.lag(),
                    o.memberId()));
    if (offsets.isEmpty()) {
      out.println("No committed offsets.");
    } else {
      offsets.print(out);
    }
  }
}
