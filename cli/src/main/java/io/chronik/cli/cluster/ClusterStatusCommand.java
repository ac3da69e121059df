package io.chronik.cli.cluster;

import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OutputOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chronik cluster status}: every node and every Raft group, from any one node. */
@Command(
    name = "status",
    description = {
      "Show every node of the cluster (reachable, ready) and every Raft group: its leader, term,"
          + " commit and applied index, and each follower's lag (entries behind the leader's commit"
          + " index) and last contact. Starts from one node's admin API and asks every node.",
      "The JSON form is {\"clusterId\", \"metaLeader\", \"nodes\": [{\"nodeId\", \"host\","
          + " \"kafkaPort\", \"adminPort\", \"raftPort\", \"reachable\", \"ready\", \"error\"}],"
          + " \"groups\": [{\"group\", \"kind\", \"topic\", \"partition\", \"partitions\": [ids],"
          + " \"leader\", \"term\","
          + " \"commitIndex\", \"appliedIndex\", \"snapshotIndex\", \"members\": [ids],"
          + " \"followers\": [{\"nodeId\","
          + " \"lag\", \"lastContactMs\"}]}]}; every field is always present (null when unknown).",
      "A group that carries several partitions (--partitions-per-group) is named"
          + " TOPIC-FIRST..LAST; \"partition\" is its first partition and \"partitions\" lists"
          + " them all.",
      "Exit 0 when the node named by --admin answered, 69 when it did not."
    },
    footer = {
      "  chronik cluster status --admin 127.0.0.1:9644",
      "  chronik cluster status -o json | jq '.groups[] | select(.leader < 0)'"
    })
public final class ClusterStatusCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private AdminOptions admin;

  @Mixin private OutputOptions output;

  @Override
  public Integer call() {
    ClusterStatus status = ClusterStatus.probe(admin.admin(), admin.timeout);
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(status));
    } else {
      status.print(out);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
