package io.chronik.cli.cluster;

import io.chronik.broker.ChronikException;
import io.chronik.cli.Confirmation;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chronik cluster remove-node}: move a node's replicas away and remove it. */
@Command(
    name = "remove-node",
    description = {
      "Remove a node from the cluster, online: each of its partition replicas moves to the live"
          + " node with the fewest replicas (as 'chronik cluster move-replica' does), then the node"
          + " is unregistered and leaves the metadata group (its leadership moves away first when"
          + " it leads). The removed node then stops by itself (exit 65, CHR-1009) and refuses to"
          + " start again on its data dir: to reuse the machine, wipe the data dir and add it"
          + " again (chronik standalone --join, chronik cluster add-node).",
      "Refused, unless --force, when a partition would be left with fewer live nodes than its"
          + " replication factor (it would keep fewer replicas) or when the metadata group would"
          + " be left without a live majority. Asks for confirmation on a terminal (--yes skips"
          + " it); --dry-run shows the plan, with what would be refused, and changes nothing.",
      "The JSON form is {\"nodeId\", \"dryRun\", \"forced\", \"problems\": [text], \"moves\":"
          + " [{\"topic\", \"partition\", \"from\": [ids], \"to\": [ids], \"target\"}],"
          + " \"metaMembers\": [ids]}.",
      "Exit 0 once the node is removed (or the dry run is shown), 1 when refused or the change"
          + " did not finish (the message says why; run it again to resume), 64 for a node that is"
          + " not a member or a missing --yes without a terminal, 69 when the admin API does not"
          + " answer."
    },
    footer = {
      "  chronik cluster remove-node --node-id 3 --dry-run",
      "  chronik cluster remove-node --node-id 3 --yes --admin 10.0.0.1:9644",
      "  # accept fewer replicas for partitions that have nowhere to go",
      "  chronik cluster remove-node --node-id 3 --force --yes"
    })
public final class ClusterRemoveNodeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private AdminOptions admin;

  @Mixin private MembershipOptions membership;

  @Mixin private OutputOptions output;

  @Option(
      names = "--node-id",
      required = true,
      paramLabel = "ID",
      description = "The node to remove.")
  private int nodeId;

  @Option(
      names = "--force",
      description =
          "Remove the node even when partitions keep fewer replicas than their replication"
              + " factor or the metadata group loses its live majority.")
  private boolean force;

  @Option(
      names = "--dry-run",
      description = "Show the plan (the replica moves and the problems) and stop.")
  private boolean dryRun;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  private boolean yes;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--node-id", nodeId, 0);
    Map<String, Object> plan = post(true);
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      print(out, plan);
      return ExitCodes.OK;
    }
    List<?> problems = (List<?>) plan.getOrDefault("problems", List.of());
    if (!problems.isEmpty() && !force) {
      throw new ChronikException(
          AdminActions.REFUSED,
          ChronikException.Kind.RUNTIME,
          "removing node "
              + nodeId
              + " would "
              + problems.stream().map(String::valueOf).collect(Collectors.joining("; and would ")),
          "add a node first, or pass --force");
    }
    List<?> moves = (List<?>) plan.getOrDefault("moves", List.of());
    if (!Confirmation.confirm(
        spec,
        yes,
        "remove node " + nodeId + " from the cluster, moving " + moves.size() + " replicas")) {
      spec.commandLine().getErr().println("chronik: nothing changed");
      return ExitCodes.RUNTIME;
    }
    print(out, post(false));
    return ExitCodes.OK;
  }

  private Map<String, Object> post(boolean dry) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("nodeId", nodeId);
    request.put("force", force);
    request.put("dryRun", dry);
    request.put("timeoutMs", membership.wait.toMillis());
    return AdminActions.post(
        admin.admin(), "/v1/actions/remove-node", request, admin.timeout, membership.wait);
  }

  private void print(PrintWriter out, Map<String, Object> result) {
    if (output.isJson()) {
      out.println(Json.write(result));
      out.flush();
      return;
    }
    boolean dry = Boolean.TRUE.equals(result.get("dryRun"));
    List<?> problems = (List<?>) result.getOrDefault("problems", List.of());
    for (Object problem : problems) {
      out.printf("warning: removing node %d would %s%n", nodeId, problem);
    }
    if (dry && !problems.isEmpty() && !force) {
      out.println("without --force, remove-node refuses this (add a node first)");
    }
    for (Object m : (List<?>) result.getOrDefault("moves", List.of())) {
      Map<?, ?> move = (Map<?, ?>) m;
      out.printf(
          "%s %s-%s: replicas %s -> %s%n",
          dry ? "would move" : "moved",
          move.get("topic"),
          move.get("partition"),
          move.get("from"),
          move.get("to"));
    }
    out.printf(
        dry
            ? "would remove node %d; the metadata group would be %s%n"
            : "removed node %d; the metadata group is %s; stop it and delete its data dir%n",
        nodeId,
        result.get("metaMembers"));
    out.flush();
  }
}
