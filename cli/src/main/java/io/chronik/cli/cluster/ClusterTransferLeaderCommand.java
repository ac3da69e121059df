package io.chronik.cli.cluster;

import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chronik cluster transfer-leader}: move a partition's or the metadata group's leader. */
@Command(
    name = "transfer-leader",
    description = {
      "Move the Raft leader of a partition (--topic and --partition) or of the metadata group"
          + " (--meta) to another of its members. The target gets the group's highest Raft priority,"
          + " so it stays leader; the change is recorded as TRANSFER in the election journal.",
      "A partition whose Raft group carries several partitions (--partitions-per-group) shares"
          + " its leader with them: they all move, and the group is named TOPIC-FIRST..LAST.",
      "Exit 0 once the target leads, 1 when the move failed (the message says why), 64 for a node"
          + " that is not a member, 69 when the admin API does not answer."
    },
    footer = {
      "  chronik cluster transfer-leader --topic orders --partition 0 --to 2",
      "  chronik cluster transfer-leader --meta --to 3 --admin 10.0.0.1:9644"
    })
public final class ClusterTransferLeaderCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private AdminOptions admin;

  @Mixin private OutputOptions output;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Target target;

  static final class Target {
    @ArgGroup(exclusive = false)
    Partition partition;

    @Option(names = "--meta", required = true, description = "Move the metadata group's leader.")
    boolean meta;
  }

  static final class Partition {
    @Option(names = "--topic", required = true, description = "The topic.")
    String topic;

    @Option(names = "--partition", required = true, description = "The partition index.")
    int partition;
  }

  @Option(
      names = "--to",
      required = true,
      paramLabel = "NODE",
      description = "The node id of the new leader.")
  private int to;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--to", to, 0);
    Map<String, Object> request = new LinkedHashMap<>();
    if (target.meta) {
      request.put("group", "__meta");
    } else {
      request.put("topic", target.partition.topic);
      request.put("partition", target.partition.partition);
    }
    request.put("to", to);
    Map<String, Object> result =
        AdminActions.post(admin.admin(), "/v1/actions/transfer-leader", request, admin.timeout);
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(result));
    } else {
      out.printf("leader of %s is now node %s%n", result.get("target"), result.get("leader"));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
