package io.chronik.cli.cluster;

import picocli.CommandLine.Command;

/** {@code chronik cluster}: the state of a Raft cluster, and leader moves. */
@Command(
    name = "cluster",
    description =
        "Inspect a chronik cluster, move Raft leaders and replicas, add and remove nodes, through"
            + " any node's admin API.",
    subcommands = {
      ClusterStatusCommand.class,
      ClusterTransferLeaderCommand.class,
      ClusterAddNodeCommand.class,
      ClusterMoveReplicaCommand.class,
      ClusterRemoveNodeCommand.class
    },
    footer = {
      "  # every node, and every Raft group with its leader, term, indexes and follower lag",
      "  chronik cluster status --admin 127.0.0.1:9644",
      "",
      "  # move the leader of orders-0 to node 2",
      "  chronik cluster transfer-leader --topic orders --partition 0 --to 2",
      "",
      "  # a fourth node (started with --join), a replica moved onto it, node 1 removed",
      "  chronik cluster add-node --node-id 4 --raft host4:9093",
      "  chronik cluster move-replica --topic orders --partition 0 --from 1 --to 4",
      "  chronik cluster remove-node --node-id 1 --yes"
    })
public final class ClusterCommand {}
