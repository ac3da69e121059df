package io.chronik.cli.devcluster;

import io.chronik.cli.EnvVar;
import io.chronik.cli.OptionChecks;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chronik dev-cluster}: a local multi-node cluster on loopback, for trying things out. */
@Command(
    name = "dev-cluster",
    description = {
      "Start a local Raft cluster of several nodes on 127.0.0.1, in this process, each with its own"
          + " data dir. Prints every node's addresses and a bootstrap list, and stops all nodes on"
          + " Ctrl-C. Node i listens on Kafka BASE+10(i-1), Raft BASE+10(i-1)+1 and admin"
          + " BASE+10(i-1)+2.",
      "For production, run one 'chronik standalone --raft' per machine (docs/deployment.md)."
    },
    footer = {
      "  # three nodes: Kafka on 19092, 19102, 19112",
      "  chronik dev-cluster --nodes 3",
      "",
      "  # then, in another terminal",
      "  kcat -b 127.0.0.1:19092,127.0.0.1:19102,127.0.0.1:19112 -L"
    })
public final class DevClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--nodes",
      defaultValue = "3",
      description = "Number of nodes, 1 to 9 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @EnvVar("CHRONIK_DEV_CLUSTER_DIR")
  @Option(
      names = "--data-dir",
      defaultValue = "chronik-dev",
      description = "Parent of the nodes' data dirs node1, node2, ... (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--base-port",
      defaultValue = "19092",
      description =
          "First node's Kafka port; the others follow in steps of 10 (default: ${DEFAULT-VALUE}).")
  int basePort;

  @Override
  public Integer call() {
    if (nodes < 1 || nodes > 9) {
      throw OptionChecks.invalid(spec, "--nodes", "give 1 to 9 nodes, not " + nodes);
    }
    OptionChecks.port(spec, "--base-port", basePort);
    OptionChecks.port(spec, "--base-port", basePort + 10 * (nodes - 1) + 2);
    if (basePort == 0) {
      throw OptionChecks.invalid(
          spec, "--base-port", "the dev cluster needs fixed ports; give one above 0");
    }
    return DevClusterRunner.run(
        nodes, dataDir, basePort, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
