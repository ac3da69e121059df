package io.chronik.diagnostics.errors;

import java.util.List;

/**
 * Errors the CLI commands report: bench, snapshot, config and debug commands (CHR-6xxx, CHR-7xxx).
 * Part of {@link CatalogueEntries}.
 */
final class CommandErrors {
  static final List<ErrorCode> ALL =
      List.of(
          new ErrorCode(
              "CHR-6001",
              "The benchmark could not reach the cluster",
              "chronik bench",
              "No broker answered at the --bootstrap address within --timeout.",
              "`nc -vz HOST PORT` for the bootstrap address; `chronik doctor` for the node.",
              "Check --bootstrap and that the broker runs.",
              69),
          new ErrorCode(
              "CHR-6002",
              "The benchmark topic could not be created",
              "chronik bench",
              "Describing or creating the benchmark topic failed, for example a replication"
                  + " factor larger than the number of nodes.",
              "The error printed with it names the broker's answer.",
              "Check --partitions and --replication-factor, or create the topic first.",
              1),
          new ErrorCode(
              "CHR-6003",
              "The producer rejected a property",
              "chronik bench",
              "A --producer-prop is not a valid Kafka producer configuration.",
              "The error names the property and the reason.",
              "Fix or remove the property.",
              64),
          new ErrorCode(
              "CHR-6004",
              "Benchmark records failed",
              "chronik bench",
              "Some records were not acknowledged by the cluster.",
              "The error names the first failure; the broker log tells why it refused them.",
              "Check the broker log; rerun with more retries or a longer delivery.timeout.ms if"
                  + " the cluster was busy.",
              1),
          new ErrorCode(
              "CHR-7001",
              "No broker answered",
              "client commands (topic, produce, consume, group)",
              "No broker answered at --bootstrap within --timeout, or a bootstrap host does not resolve.",
              "`kcat -b HOST:PORT -L`, or `chronik doctor` against the node's admin port.",
              "Start a node (`chronik standalone`), or fix --bootstrap / CHRONIK_BOOTSTRAP.",
              69),
          new ErrorCode(
              "CHR-7002",
              "Unknown topic or partition",
              "client commands",
              "The topic or partition named on the command line does not exist.",
              "`chronik topic list`; `chronik topic describe TOPIC` for its partitions.",
              "Check the name; create the topic with `chronik topic create`.",
              1),
          new ErrorCode(
              "CHR-7003",
              "The topic exists already",
              "chronik topic create",
              "A topic with that name exists.",
              "`chronik topic describe TOPIC`.",
              "Choose another name, or use the existing topic.",
              1),
          new ErrorCode(
              "CHR-7004",
              "The broker refused a value",
              "client commands",
              "The broker refused a partition count, replication factor, topic config or topic name.",
              "The message names the value and the broker's reason.",
              "Fix the value; docs/broker.md lists the topic configs chronik understands.",
              1),
          new ErrorCode(
              "CHR-7005",
              "The broker does not serve the API",
              "client commands",
              "The broker does not serve the Kafka API the command needs.",
              "The message names the API.",
              "Use a broker that serves it; docs/broker.md lists what chronik serves.",
              1),
          new ErrorCode(
              "CHR-7006",
              "Confirmation needed",
              "chronik topic delete, chronik group reset-offsets",
              "A destructive command needs confirmation, but stdin is not a terminal.",
              "Run it on a terminal, or read the plan with --dry-run.",
              "Add --yes, or --dry-run to see the plan first.",
              64),
          new ErrorCode(
              "CHR-7007",
              "Records were not acknowledged",
              "chronik produce",
              "Some records were not acknowledged; the message names the first error.",
              "The broker log tells why it refused them.",
              "Check the topic and --partition, then send the failed lines again.",
              1),
          new ErrorCode(
              "CHR-7008",
              "Unknown consumer group",
              "chronik group",
              "The consumer group does not exist, or has no committed offsets to reset.",
              "`chronik group list`.",
              "Check the group id; name the topics with --topic.",
              1),
          new ErrorCode(
              "CHR-7009",
              "The group has active members",
              "chronik group reset-offsets",
              "Resetting the offsets of a group with active members would be overwritten by them.",
              "`chronik group describe GROUP` shows the members.",
              "Stop the group's consumers and wait until describe shows no members.",
              1),
          new ErrorCode(
              "CHR-7010",
              "Fewer records than asked for",
              "chronik consume -n",
              "Fewer than COUNT records arrived before --timeout-idle passed.",
              "`chronik topic describe TOPIC` shows the end offsets.",
              "Wait longer (--timeout-idle), or start earlier (--from-beginning).",
              1),
          new ErrorCode(
              "CHR-7011",
              "The cluster did not finish a request in time",
              "client commands",
              "The cluster answered but did not finish a request within --timeout.",
              "`chronik doctor` and each node's /ready.",
              "Check the cluster's health, or allow longer with --timeout.",
              69),
          new ErrorCode(
              "CHR-7012",
              "A client error",
              "client commands",
              "Another error reported by the broker or the Kafka client.",
              "Read the message; rerun with -v for the stack trace.",
              "Act on the message.",
              1),
          new ErrorCode(
              "CHR-7013",
              "The cluster refused an admin action",
              "chronik cluster transfer-leader, add-node, move-replica, remove-node",
              "A node's admin API refused the action (409 or 500): the leader did not move in"
                  + " time, the group has no leader or no majority; for membership changes also:"
                  + " the new node does not answer on"
                  + " its Raft address or already runs a cluster of its own (started without"
                  + " --join), a replica move did not finish in --wait, or removing the node would"
                  + " leave a partition with fewer live nodes than its replication factor or the"
                  + " metadata group without a live majority.",
              "`chronik cluster status` shows the members and leaders of every group;"
                  + " `chronik cluster remove-node --dry-run` shows a removal's plan and problems.",
              "Fix the target the message names, or retry once the cluster is healthy (`chronik"
                  + " doctor`). A membership change that stopped resumes when run again; start a"
                  + " new node with an empty data dir and --join; add a node before removing one"
                  + " from a cluster that has no spare node, or pass --force to accept fewer"
                  + " replicas.",
              1),
          new ErrorCode(
              "CHR-7014",
              "An admin action names what the cluster does not have",
              "chronik cluster transfer-leader, add-node, move-replica, remove-node, snapshot"
                  + " create",
              "A node's admin API answered 400 or 404: the topic, partition, Raft group or node"
                  + " the command names does not exist, the target node is not a member of the"
                  + " group, or a value is out of range.",
              "`chronik cluster status` lists every group with its members; `chronik topic list`"
                  + " lists the topics.",
              "Correct the flag the message names and run the command again.",
              64),
          new ErrorCode(
              "CHR-7015",
              "The node is not ready for admin actions",
              "chronik cluster transfer-leader, add-node, move-replica, remove-node, snapshot"
                  + " create",
              "A node's admin API answered 503: the node is still starting (replaying its log,"
                  + " waiting for a metadata leader) or shutting down, or its snapshot service"
                  + " does not run yet.",
              "`curl HOST:ADMINPORT/ready` gives the reason; `chronik doctor --admin HOST:PORT`.",
              "Run the command again once the node is ready, or pass another node's --admin.",
              69),
          new ErrorCode(
              "CHR-7101",
              "No such snapshot",
              "chronik snapshot",
              "The data dir, archive file, store key or snapshot id (GROUP@INDEX) named on the"
                  + " command line does not exist in the source.",
              "`chronik snapshot list --data-dir DIR` or `--store URI` lists what the source"
                  + " holds.",
              "Check --data-dir (a node's data dir, which holds snapshots/), --store, --cluster-id"
                  + " and the id.",
              1),
          new ErrorCode(
              "CHR-7102",
              "A local snapshot archive cannot be read or deleted",
              "chronik snapshot",
              "Listing, reading or deleting a file under DATA_DIR/snapshots failed with an I/O"
                  + " error: permissions, a read-only or failing disk.",
              "The message names the file and the error; `ls -l FILE` as the same user.",
              "Run as the user the node runs as, or fix the permissions or the disk.",
              1),
          new ErrorCode(
              "CHR-7103",
              "Snapshot archives failed verification",
              "chronik snapshot verify",
              "At least one archive does not match its checksums or lengths. Each damaged"
                  + " archive is printed with its own code (CHR-3101..CHR-3109) and the damaged"
                  + " region, byte range or file.",
              "`chronik snapshot verify FILE|ID|URI` on the archive; `chronik snapshot inspect`"
                  + " shows its manifest when the head is intact.",
              "Use another copy (the node's local copy or the store's) or an older archive that"
                  + " verifies; delete the damaged one (`chronik snapshot prune` keeps the newest"
                  + " one that verifies). Check the disk or the transfer that damaged it.",
              65),
          new ErrorCode(
              "CHR-7104",
              "No archive of a group verifies",
              "chronik snapshot prune",
              "prune keeps the newest archive of each group that verifies; in this group none"
                  + " does, so prune deleted nothing in it rather than guess.",
              "`chronik snapshot verify` on the group's archives names the damage.",
              "Take a new snapshot (`chronik snapshot create --upload`), then prune again.",
              65),
          new ErrorCode(
              "CHR-7105",
              "A snapshot could not be taken or uploaded",
              "chronik snapshot create",
              "The node took the action but reported an error for a group: the snapshot failed"
                  + " (disk full, the group is shutting down) or its upload to the store failed"
                  + " (the local archive is kept).",
              "The message names the group and the node's error; `curl -s ADMIN/v1/snapshots`"
                  + " shows the store's last upload error.",
              "Fix what the error names and run `chronik snapshot create` again; for upload"
                  + " errors, `chronik doctor snapshots` probes the store.",
              1),
          new ErrorCode(
              "CHR-7106",
              "The data dir to restore into is not empty",
              "chronik snapshot restore",
              "restore builds a whole data dir and refuses to mix it with what a directory already"
                  + " holds.",
              "`ls -A DIR` shows what is there; `chronik snapshot restore ... --dry-run` shows"
                  + " the plan.",
              "Restore into a new or empty directory, or add --force: the old contents are"
                  + " replaced only once the new data dir is complete.",
              64),
          new ErrorCode(
              "CHR-7107",
              "A group has no archive in the store that verifies",
              "chronik snapshot restore",
              "restore needs, for the metadata group and for every partition the metadata"
                  + " assigns to the node, an archive in the store that passes verification; for"
                  + " a group named here, none does (or the store has none). Nothing was written.",
              "The message names each damaged archive; `chronik snapshot verify --store URI`"
                  + " shows the damage in detail.",
              "Upload a good copy (a surviving node's local archive, or `chronik snapshot create"
                  + " --upload` while a node still runs) and restore again.",
              65),
          new ErrorCode(
              "CHR-7108",
              "The data dir belongs to another cluster",
              "chronik snapshot restore",
              "The data dir's node.json names another cluster id than the snapshots being"
                  + " restored.",
              "`cat DIR/node.json`; `chronik snapshot list --store URI` shows the clusters in the"
                  + " store.",
              "Check --data-dir and --cluster-id; --allow-other-cluster restores anyway.",
              65),
          new ErrorCode(
              "CHR-7109",
              "The store holds the archives of several clusters",
              "chronik snapshot restore",
              "restore uses the archives of one cluster and will not guess which.",
              "The message lists the cluster ids in the store.",
              "Name the cluster with --cluster-id.",
              64),
          new ErrorCode(
              "CHR-7110",
              "The restored data dir could not be written",
              "chronik snapshot restore",
              "Writing the new data dir failed (disk full, permissions, the store failed"
                  + " mid-download). The temporary directory was removed and the target is"
                  + " unchanged.",
              "The message names the step that failed and the cause.",
              "Fix the cause and run the restore again.",
              1),
          new ErrorCode(
              "CHR-7111",
              "An archive changed in the store during the restore",
              "chronik snapshot restore",
              "restore verifies every archive before it writes anything, then reads each again"
                  + " to extract it. The archive read the second time is not the one verified"
                  + " (another group's, or another snapshot under the same name): the store"
                  + " changed in between. The temporary directory was removed and the target is"
                  + " unchanged.",
              "The message names the archive, what was verified and what was read.",
              "Find what writes to the store (another node's upload, a copy by hand), run"
                  + " `chronik snapshot verify --store URI`, and restore again.",
              65),
          new ErrorCode(
              "CHR-7112",
              "--node-id or --peers do not match the snapshot's cluster",
              "chronik snapshot restore",
              "restore builds the data dir of one node of the cluster in the metadata snapshot:"
                  + " --node-id must be one of its nodes, and --peers, when given, must list"
                  + " every node that holds a replica of a partition. Nothing was written.",
              "The message lists the cluster's nodes, or names a partition with a replica on a"
                  + " node missing from --peers.",
              "Pass the --node-id the node had, and list every node of the cluster in --peers"
                  + " (restore each of them).",
              64),
          new ErrorCode(
              "CHR-7201",
              "A config file cannot be read",
              "chronik standalone --config, chronik config",
              "The file named by --config or CHRONIK_CONFIG does not exist or is not readable by"
                  + " the user chronik runs as.",
              "`ls -l FILE` as that user; `chronik config show` prints which file is used.",
              "Fix the path (or unset CHRONIK_CONFIG), or the file's permissions.",
              64),
          new ErrorCode(
              "CHR-7202",
              "A config file has a bad line",
              "chronik standalone --config, chronik config validate",
              "A line of the config file is not KEY = VALUE, names an unknown key (keys are the"
                  + " standalone options without dashes, --kafka-port is kafka.port), repeats a"
                  + " key, or has a value the setting does not accept. The node refuses to start"
                  + " (exit 64); `chronik config validate` exits 65.",
              "`chronik config validate FILE` lists every bad line with its number.",
              "Fix or remove the lines it names; docs/configuration.md lists every key.",
              64),
          new ErrorCode(
              "CHR-7301",
              "The debug bundle cannot be written",
              "chronik debug bundle",
              "The zip file given with -o cannot be created or written: its directory does not"
                  + " exist or is not writable, or the disk is full.",
              "`ls -ld DIR` and `df -h DIR` for the directory of the file.",
              "Give -o a file in a writable directory with free space.",
              1),
          new ErrorCode(
              "CHR-7302",
              "The file is not a readable debug bundle",
              "chronik doctor --bundle",
              "The file given with --bundle does not exist, is not a zip, has no manifest.json,"
                  + " is damaged, or was written by a newer chronik with a bundle format this one"
                  + " does not read.",
              "`unzip -l FILE` lists the entries; manifest.json names the format and the chronik"
                  + " that collected it.",
              "Collect a new bundle with `chronik debug bundle -o FILE.zip`, or read this one"
                  + " with the chronik release that wrote it.",
              65));

  private CommandErrors() {}
}
