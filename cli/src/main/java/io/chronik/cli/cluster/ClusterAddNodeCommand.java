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

/** {@code chronik cluster add-node}: add a node started with --join to the cluster. */
@Command(
    name = "add-node",
    description = {
      "Add a node to a running cluster. Start the new node first with an empty data dir and"
          + " --join ('chronik standalone --raft --join --node-id N --peers N@HOST:PORT ...'); it"
          + " waits. This command adds it to the metadata group's Raft configuration (no restart of"
          + " the other nodes); the new node then takes the cluster's id and registers its"
          + " addresses. It holds no partition replicas until you move some onto it"
          + " ('chronik cluster move-replica').",
      "The JSON form is {\"nodeId\", \"raft\", \"metaMembers\": [ids], \"registered\"}.",
      "Exit 0 once the node is a member, 1 when the cluster refused or the change did not"
          + " finish (the message says why), 64 for bad options, 69 when the admin API does not"
          + " answer."
    },
    footer = {
      "  # on the new machine",
      "  chronik standalone --raft --join --node-id 4 --peers 4@host4:9093 --advertise host4",
      "  # from anywhere, through any node",
      "  chronik cluster add-node --node-id 4 --raft host4:9093 --admin host1:9644"
    })
public final class ClusterAddNodeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private AdminOptions admin;

  @Mixin private MembershipOptions membership;

  @Mixin private OutputOptions output;

  @Option(
      names = "--node-id",
      required = true,
      paramLabel = "ID",
      description = "The new node's id (its --node-id).")
  private int nodeId;

  @Option(
      names = "--raft",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The new node's Raft address, as the other nodes reach it.")
  private String raft;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--node-id", nodeId, 0);
    int colon = raft.lastIndexOf(':');
    if (colon <= 0 || colon == raft.length() - 1) {
      throw OptionChecks.invalid(spec, "--raft", "expected HOST:PORT, got '" + raft + "'");
    }
    try {
      OptionChecks.port(spec, "--raft", Integer.parseInt(raft.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw OptionChecks.invalid(spec, "--raft", "the port of '" + raft + "' is not a number");
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("nodeId", nodeId);
    request.put("raft", raft.strip());
    request.put("timeoutMs", membership.wait.toMillis());
    Map<String, Object> result =
        AdminActions.post(
            admin.admin(), "/v1/actions/add-node", request, admin.timeout, membership.wait);
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(result));
    } else {
      out.printf(
          "node %d is a member of the metadata group %s%s%n",
          nodeId,
          result.get("metaMembers"),
          Boolean.TRUE.equals(result.get("registered"))
              ? " and has registered its addresses"
              : "; it has not registered its addresses yet (see its log)");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
