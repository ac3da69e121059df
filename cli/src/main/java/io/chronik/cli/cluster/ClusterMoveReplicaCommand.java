package io.chronik.cli.cluster;

import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chronik cluster move-replica}: move one partition replica to another node. */
@Command(
    name = "move-replica",
    description = {
      "Move the replica of a partition from one node to another, online: the target joins the"
          + " partition's Raft group and catches up, the leadership leaves the source if it led,"
          + " then the source leaves the group and deletes its copy. Producers and consumers carry"
          + " on; offsets do not change. The move is recorded in the cluster metadata, so running"
          + " the same command again resumes a move that stopped.",
      "A partition whose Raft group carries several partitions (--partitions-per-group) moves"
          + " with all of them; \"partitions\" lists the partitions that moved.",
      "The JSON form is {\"topic\", \"partition\", \"group\", \"partitions\": [ids],"
          + " \"from\": [ids], \"to\": [ids]}.",
      "Exit 0 once the move is done, 1 when the cluster refused or the move did not finish"
          + " (the message says why), 64 for a bad partition or node, 69 when the admin API does"
          + " not answer."
    },
    footer = {
      "  chronik cluster move-replica --topic orders --partition 0 --from 1 --to 4",
      "  chronik cluster move-replica --topic orders --partition 0 --from 1 --to 4 -o json"
    })
public final class ClusterMoveReplicaCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private AdminOptions admin;

  @Mixin private MembershipOptions membership;

  @Mixin private OutputOptions output;

  @Option(names = "--topic", required = true, description = "The topic.")
  private String topic;

  @Option(names = "--partition", required = true, description = "The partition index.")
  private int partition;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "NODE",
      description = "The node that gives up its replica.")
  private int from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "NODE",
      description = "The node that gets it (a registered node without a replica of it).")
  private int to;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--partition", partition, 0);
    OptionChecks.atLeast(spec, "--from", from, 0);
    OptionChecks.atLeast(spec, "--to", to, 0);
    if (from == to) {
      throw OptionChecks.invalid(spec, "--to", "--from and --to name the same node");
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("topic", topic);
    request.put("partition", partition);
    request.put("from", from);
    request.put("to", to);
    request.put("timeoutMs", membership.wait.toMillis());
    Map<String, Object> result =
        AdminActions.post(
            admin.admin(), "/v1/actions/move-replica", request, admin.timeout, membership.wait);
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(result));
    } else {
      Object moved = result.get("partitions");
      String what =
          moved instanceof java.util.List<?> l && l.size() > 1
              ? topic + "-" + l.get(0) + ".." + l.get(l.size() - 1)
              : topic + "-" + partition;
      out.printf("%s: replicas %s -> %s%n", what, result.get("from"), result.get("to"));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
