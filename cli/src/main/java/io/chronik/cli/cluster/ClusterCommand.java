package io.chronik.cli.cluster;

import picocli.CommandLine.Command;

/** {@code chronik cluster}: the state of a Raft cluster, and leader moves. */
@Command(
    name = "cluster",
    description = "Inspect a chronik cluster and move Raft leaders, through any node's admin API.",
    subcommands = {ClusterStatusCommand.class, ClusterTransferLeaderCommand.class},
    footer = {
      "  # every node, and every Raft group with its leader, term, indexes and follower lag",
      "  chronik cluster status --admin 127.0.0.1:9644",
      "",
      "  # move the leader of orders-0 to node 2",
      "  chronik cluster transfer-leader --topic orders --partition 0 --to 2"
    })
public final class ClusterCommand {}
