package io.chronik.cli.group;

import io.chronik.cli.Confirmation;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.Table;
import io.chronik.cli.client.ConnectionOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik group reset-offsets}: moves an idle group's committed offsets. */
@Command(
    name = "reset-offsets",
    description = {
      "Move the committed offsets of a consumer group to the earliest or latest offset of each"
          + " partition, or to a given offset (kept within each partition's range).",
      "Only an empty group can be reset: with active members the command refuses (exit 1), as"
          + " the members would overwrite the new offsets. Without --topic it resets every"
          + " topic the group has offsets for.",
      "On a terminal it asks for confirmation first; --yes skips the question. Without a"
          + " terminal it refuses unless --yes is given (exit 64). --dry-run prints the plan and"
          + " changes nothing.",
      "The JSON form is {\"groupId\": ..., \"dryRun\": ..., \"offsets\": [{\"topic\": ..., "
          + "\"partition\": ..., \"previousOffset\": ..., \"newOffset\": ...}]}; previousOffset is"
          + " null where the group had no offset."
    },
    footer = {
      "  # replay a topic from the start",
      "  chronik group reset-offsets billing --topic orders --to-earliest",
      "",
      "  # skip everything so far, for every topic of the group, without a question",
      "  chronik group reset-offsets billing --to-latest --yes",
      "",
      "  # see what offset 1000 would mean",
      "  chronik group reset-offsets billing --topic orders --to-offset 1000 --dry-run"
    })
public final class GroupResetOffsetsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Mixin private OutputOptions output;

  @Parameters(paramLabel = "GROUP", description = "The consumer group whose offsets to reset.")
  private String group;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Target target;

  /** Where to move the offsets: exactly one. */
  static final class Target {
    @Option(names = "--to-earliest", description = "To the oldest offset of each partition.")
    boolean earliest;

    @Option(names = "--to-latest", description = "To the end of each partition.")
    boolean latest;

    @Option(
        names = "--to-offset",
        paramLabel = "N",
        description = "To offset N, or the nearest offset each partition has.")
    Long offset;
  }

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Reset only this topic's partitions; repeatable (default: every topic).")
  private List<String> topics = new ArrayList<>();

  @Option(names = "--yes", description = "Reset without asking for confirmation.")
  private boolean yes;

  @Option(names = "--dry-run", description = "Print the new offsets; change nothing.")
  private boolean dryRun;

  @Override
  public Integer call() {
    String groupId = GroupIds.check(spec, group);
    ResetTarget resetTarget = resetTarget();
    List<String> topicNames = topics.stream().map(String::strip).distinct().toList();
    List<OffsetReset.Change> changes;
    try (ConsumerGroups admin = ConsumerGroups.connect(connection.connection())) {
      changes = admin.planReset(groupId, topicNames, resetTarget);
      if (!dryRun) {
        String question =
            "reset the offsets of group " + groupId + " on " + changes.size() + " partition(s)";
        if (!Confirmation.confirm(spec, yes, question)) {
          PrintWriter err = spec.commandLine().getErr();
          err.println("chronik: aborted; no offset was changed");
          err.flush();
          return ExitCodes.RUNTIME;
        }
        admin.applyReset(groupId, changes);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(new OffsetReset(groupId, dryRun, changes)));
    } else {
      Table table = new Table("TOPIC", "PARTITION", "PREVIOUS-OFFSET", "NEW-OFFSET");
      changes.forEach(c -> table.row(c.topic(), c.partition(), c.previousOffset(), c.newOffset()));
      table.print(out);
      out.println(
          dryRun
              ? "dry run: no offset was changed"
              : "reset the offsets of group "
                  + groupId
                  + " on "
                  + changes.size()
                  + " partition(s)");
    }
    out.flush();
    return ExitCodes.OK;
  }

  private ResetTarget resetTarget() {
    if (target.earliest) {
      return new ResetTarget(ResetTarget.Kind.EARLIEST, -1);
    }
    if (target.latest) {
      return new ResetTarget(ResetTarget.Kind.LATEST, -1);
    }
    return new ResetTarget(
        ResetTarget.Kind.OFFSET, OptionChecks.atLeast(spec, "--to-offset", target.offset, 0));
  }
}
