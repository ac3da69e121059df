package io.chronik.diagnostics.errors;

import static io.chronik.diagnostics.errors.CatalogueEntries.DOCTOR;
import static io.chronik.diagnostics.errors.CatalogueEntries.LOG;
import static io.chronik.diagnostics.errors.CatalogueEntries.START;

import java.util.List;

/**
 * Errors a node reports at start-up and in its log: the data dir, the Raft groups, the partition
 * logs (CHR-1xxx, CHR-2xxx). Part of {@link CatalogueEntries}.
 */
final class NodeErrors {
  static final List<ErrorCode> ALL =
      List.of(
          new ErrorCode(
              "CHR-1001",
              "The data dir cannot be used",
              START,
              "The node could not read or create its data dir, or node.json in it is not valid"
                  + " JSON: the directory is missing and cannot be created, belongs to another"
                  + " user, is read-only, or node.json was damaged. A data dir that holds raft/"
                  + " or partitions/ but no node.json is refused too, before anything is written:"
                  + " a new identity would make its data another cluster's.",
              "The error names the directory and the I/O error. Run `ls -ld DIR DIR/node.json`"
                  + " as the user chronik runs as, and `cat DIR/node.json`.",
              "Fix the ownership or permissions (`chown -R chronik: DIR`), or mount the volume."
                  + " If node.json is damaged or lost, restore it from a backup: it holds the"
                  + " cluster id and node id, and a node with a new identity is a different node."
                  + " Without a backup, rebuild the node with `chronik snapshot restore`.",
              65),
          new ErrorCode(
              "CHR-1002",
              "The data dir belongs to another node or cluster",
              START,
              "node.json in the data dir names another node id than --node-id, or another"
                  + " cluster than the Raft metadata. Usually two nodes were pointed at the same"
                  + " directory, or a flag or CHRONIK_NODE_ID changed.",
              "`cat DIR/node.json` shows the node id and cluster id the directory belongs to;"
                  + " compare them with the node's flags and environment.",
              "Start the node with the node id that node.json names, or give it its own data"
                  + " dir. Never edit node.json to make a directory fit: its Raft state belongs to"
                  + " the node it was written by.",
              65),
          new ErrorCode(
              "CHR-1003",
              "The data dir has a newer format",
              START,
              "The data dir was written by a newer chronik, with a format version this release"
                  + " does not read (a downgrade).",
              "`cat DIR/node.json` shows formatVersion; `chronik version` shows this release.",
              "Run a chronik release that supports that format version.",
              65),
          new ErrorCode(
              "CHR-1004",
              "The data dir is in use by another process",
              START,
              "Another chronik process holds the lock on DIR/.lock: two nodes were started on"
                  + " one data dir, or an old process is still shutting down.",
              "`fuser -v DIR/.lock` or `lsof DIR/.lock` names the process holding it.",
              "Stop the other process, or give this node its own --data-dir.",
              69),
          new ErrorCode(
              "CHR-1005",
              "A port is taken",
              START,
              "The Kafka, Raft or admin port is already bound by another process, or the bind"
                  + " address does not exist on this host.",
              "`ss -ltnp | grep :PORT` names the process listening on the port.",
              "Stop the other process or choose another port (--kafka-port, --raft-port,"
                  + " --admin-port; 0 picks a free one). Check that --bind is an address of this"
                  + " host.",
              69),
          new ErrorCode(
              "CHR-1006",
              "Raft could not start on the data dir",
              START,
              "Ratis failed to open its storage under DIR/raft: no permission, no space left,"
                  + " or a damaged group directory. Or a group whose only member is this node"
                  + " lost its Raft storage (DIR/raft/GROUP is missing or holds no log and no"
                  + " snapshot) while the data dir says it held data: the metadata group while"
                  + " DIR/partitions holds partitions, or a partition's group while its log holds"
                  + " records. With no peer to catch up from, the node would form the group"
                  + " again empty and delete or truncate the partitions, so it refuses to start"
                  + " and leaves everything as it is.",
              "The error names the group directory (and the partition); the log lines before it"
                  + " name the group and the I/O error; `df -h DIR` shows free space; `ls"
                  + " DIR/raft` shows which group directories are left.",
              "Fix permissions or free space. In a cluster, a damaged group directory of a"
                  + " group with other members can be moved aside: the node catches the group up"
                  + " from its peers. On a single node (or a group with no other member), moving"
                  + " a group directory aside loses its data: restore the data dir with `chronik"
                  + " snapshot restore` from an archive, or, to accept the loss, move the"
                  + " partition directory (DIR/partitions/TOPIC-P, or all of DIR/partitions for"
                  + " the metadata group) aside as well and start again.",
              65),
          new ErrorCode(
              "CHR-1007",
              "Timed out waiting for a Raft leader",
              START,
              "The node waited two minutes without progress (no entry applied in any of its"
                  + " groups) for the metadata group or its partitions to elect a leader and"
                  + " replay their logs; a node that is catching up keeps waiting while it"
                  + " applies entries. A majority of the Raft peers is not running or cannot"
                  + " reach each other.",
              "`chronik doctor election --admin HOST:PORT` against a running peer shows which"
                  + " groups have no leader and which peers are unreachable.",
              "Start enough peers to form a majority and check that their Raft ports are"
                  + " reachable from each other (firewall, --advertise).",
              69),
          new ErrorCode(
              "CHR-1008",
              "Interrupted while starting",
              START,
              "The node received SIGINT or SIGTERM before it was ready.",
              "The log shows the signal and the step the node was in.",
              "Start the node again.",
              1),
          new ErrorCode(
              "CHR-1009",
              "This node was removed from the cluster",
              START + "; " + LOG,
              "`chronik cluster remove-node` removed this node: its replicas moved to other"
                  + " nodes, the metadata recorded the removal and the metadata group dropped it."
                  + " A running node that learns of its removal stops by itself (exit 65) and"
                  + " leaves DIR/removed.json; a data dir with that file refuses to start, so the"
                  + " node cannot come back as a member the cluster no longer knows. A node that"
                  + " was down or cut off during the removal learns it when it comes back: the"
                  + " metadata group's leader tells it that the group no longer counts it.",
              "The log line names the node that ran the removal and when; `cat DIR/removed.json`"
                  + " shows the same; `chronik cluster status --admin HOST:PORT` no longer lists"
                  + " the node.",
              "Nothing, if the node was meant to go: stop its service for good. To reuse the"
                  + " machine, wipe the data dir and start it with `--join`, then add it with"
                  + " `chronik cluster add-node` (the same node id is fine: a wiped data dir is a"
                  + " new node). Never delete only removed.json: the rest of the data dir belongs"
                  + " to a node the cluster removed.",
              65),
          new ErrorCode(
              "CHR-1101",
              "A Kafka connection was closed for a bad frame",
              LOG,
              "A client sent a frame whose size is zero, negative or above"
                  + " socket.request.max.bytes, an API key Kafka does not know, or a header or"
                  + " body that does not parse. Often a non-Kafka client (HTTP, TLS) on the Kafka"
                  + " port.",
              "The log line names the connection and the client's address; the metric"
                  + " chronik_kafka_rejected_frames_total counts them.",
              "Fix or stop the client named in the log. Raise --max-request-bytes only if a"
                  + " legitimate client sends larger requests.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-1201",
              "A Raft peer's address is unknown",
              START + "; " + LOG,
              "The node must talk to a Raft peer whose address is neither in --peers nor"
                  + " registered in the cluster metadata.",
              "Compare --peers (CHRONIK_RAFT_PEERS) on every node; `curl ADMIN/v1/cluster`"
                  + " lists the registered nodes.",
              "List every node in --peers as ID@HOST:PORT, the same list on every node.",
              1),
          new ErrorCode(
              ErrorCatalogue.QUORUM_LOST,
              "Raft quorum lost",
              DOCTOR + " (raft.quorum); broker log (a group without a leader for 5 s)",
              "Fewer than a majority of a Raft group's replicas are running and reachable. The"
                  + " group cannot elect a leader or commit anything: for a partition, produce"
                  + " and fetch stop; for the metadata group, no topic can be created or"
                  + " changed.",
              "`chronik doctor --admin HOST:PORT` reports raft.quorum CRIT and names, per"
                  + " group, the replicas that did not answer.",
              "Bring back enough of the missing replicas to form a majority: restart their"
                  + " nodes with their own data dirs (`chronik doctor recovery` prints the"
                  + " commands). Do not start a replacement node with an empty data dir under"
                  + " the old node id: it would vote without the data and can lose acknowledged"
                  + " writes.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-1203",
              "Not the leader",
              "broker log (at most once a minute per group; clients get NOT_LEADER_OR_FOLLOWER)",
              "A request that needs a partition's or the metadata group's leader reached a"
                  + " node that is not, or no longer, the leader: after an election, or from a"
                  + " client with stale metadata.",
              "`curl ADMIN/v1/raft/groups` on the node shows its role and the leader it knows;"
                  + " Kafka clients log NOT_LEADER_OR_FOLLOWER and refresh their metadata.",
              "Nothing when it is brief: clients refresh their metadata and retry. When it"
                  + " persists, look for an election storm or a missing leader with `chronik"
                  + " doctor election`.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-1204",
              "Connection refused on the Raft port",
              "broker log (a follower silent for 5 s); " + DOCTOR + " (net.peer-reachable)",
              "A node cannot open a connection to a peer's Raft port: the peer is down, listens"
                  + " on another port or address, or a firewall rejects the connection.",
              "From the complaining node: `nc -vz PEER_HOST RAFT_PORT`. `chronik doctor network"
                  + " --admin HOST:PORT` shows which nodes answer and which followers the leaders"
                  + " have not heard from.",
              "Start the peer, or correct the address it advertises (--advertise, --raft-port)"
                  + " and the --peers lists; open the Raft port between the nodes.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-1205",
              "Leader stepped down: its preferred member died as the lead went back to it",
              LOG + " (WARN, names the group and the member)",
              "A group's leader was handing the lead back to the group's preferred member (its"
                  + " highest Raft priority) when that member stopped answering. A leader takes no"
                  + " writes while it hands over, and Ratis would hand over to the dead member"
                  + " again and again, so the leader stepped down: the group elects a leader among"
                  + " the live members (one election timeout, 1-2 s) and takes writes again.",
              "`chronik cluster status` shows the new leader; the log names the member that"
                  + " stopped answering.",
              "Nothing for the group. Find out why the named member died (its log, its host);"
                  + " once it is back and caught up, the lead returns to it.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-1210",
              "A Raft peer belongs to another cluster",
              LOG + "; cluster add-node",
              "Every cluster's metadata group has a Raft group id of its own (recorded in"
                  + " node.json as metaGroupId). A node refused a metadata group that is not its"
                  + " cluster's: `chronik cluster add-node` of one cluster pointed at a node of"
                  + " another, a stale node on reused addresses, or founding nodes started with"
                  + " different --peers lists (the id of a new cluster is derived from that"
                  + " list, so every founding node must be given the same one).",
              "`cat DIR/node.json` on both nodes shows clusterId and metaGroupId; `curl"
                  + " ADMIN/v1/node` shows metaGroupId of a running node. The log line names the"
                  + " refused group and this node's own.",
              "Point add-node at the right address, or stop the foreign node, empty its data"
                  + " dir and start it with --join before adding it. For a cluster that never"
                  + " formed, give every founding node the same --peers list and start them on"
                  + " empty data dirs.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-2001",
              "A partition's tail was torn or corrupt and was cut off",
              LOG,
              "On start, the last segment of a partition ended in a partial or corrupt batch,"
                  + " usually because the machine or process stopped in the middle of a write.",
              "The log line names the partition, the segment and the offset it was cut at.",
              "Nothing: Raft replays the entries after the last snapshot, so no acknowledged"
                  + " record is lost. Repeated occurrences without crashes point at a failing"
                  + " disk.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-2002",
              "A partition index was rebuilt",
              LOG,
              "A segment's offset or time index was missing or inconsistent with its segment.",
              "The log line names the partition and the segment.",
              "Nothing: the index is rebuilt from the segment.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-2003",
              "A leader-epoch checkpoint was rebuilt",
              LOG,
              "A partition's leader-epoch-checkpoint file was unreadable.",
              "The log line names the partition.",
              "Nothing: it is rebuilt from the segments.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-2004",
              "A partition offset file was ignored",
              LOG,
              "A partition's log-start-offset, recovery-point-offset or cleaner-offset-checkpoint"
                  + " file was unreadable (damaged, or written by hand).",
              "The log line names the partition, the file and what happens instead.",
              "Nothing: the offsets are recomputed from the segments. For the"
                  + " cleaner-offset-checkpoint of a compacted topic, the log cleaner compacts the"
                  + " partition from its start once more, then writes the file again.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-2005",
              "A partition lost acknowledged records below its last snapshot",
              START,
              "On start, a partition log ends below the offset its last Raft snapshot recorded,"
                  + " and the snapshot's own files (hard links of the same segments) are damaged"
                  + " as well: records that were acknowledged and synced to disk are gone from"
                  + " this node (disk damage, files truncated or deleted by hand). A node that"
                  + " served the rest would give the lost offsets to new records, so the node"
                  + " refuses to start and leaves the data dir as it is.",
              "The error names the partition, its Raft group, the offset its log ends at and the"
                  + " offset the snapshot recorded; the CHR-2001 log lines before it name the"
                  + " segment that was cut.",
              "Check the disk (`dmesg`, SMART). On a cluster, stop the node and move"
                  + " DIR/raft/GROUP and DIR/partitions/TOPIC-P aside: the node copies the"
                  + " partition from its peers. On a single node, restore the data dir from an"
                  + " archive with `chronik snapshot restore`.",
              65),
          new ErrorCode(
              "CHR-2006",
              "A stored topic config was left out",
              LOG,
              "A topic's stored config holds a value its partition logs cannot take (for example"
                  + " retention.ms=-5 or segment.bytes=0, accepted by releases that did not check"
                  + " ranges). The node opens the partitions with the default for that key.",
              "The log line names the topic, the key, the value and the default used;"
                  + " `chronik topic describe TOPIC` or `kafka-configs --describe` shows the"
                  + " stored value.",
              "Set the key to a valid value, or delete it: `kafka-configs --alter --entity-type"
                  + " topics --entity-name TOPIC --add-config KEY=VALUE` (or --delete-config KEY).",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-2007",
              "The log cleaner could not compact a partition",
              LOG,
              "A compacted topic's partition log could not be cleaned: reading or writing a"
                  + " segment failed (an I/O error, a full disk), or a batch failed its CRC-32C"
                  + " check (a damaged segment: the cleaner never rewrites a damaged batch). The"
                  + " log is left as it was (each cleaned segment replaces the old ones in one"
                  + " rename) and the cleaner tries again on its next pass.",
              "The log line names the partition and the error; `chronik_log_cleaner_failures_total`"
                  + " counts the failed runs.",
              "For a full disk, free space (see CHR-2101). For a CRC error, check the disk and"
                  + " compare the replicas (`chronik doctor consistency`); on a cluster, move the"
                  + " damaged replica (`chronik cluster move-replica`) so that it is copied from"
                  + " its peers.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.NO_SPACE,
              "No space left on device",
              "broker log (less than 64 MiB free); " + DOCTOR + " (disk.free)",
              "The file system of the data dir is full: appends to the Raft log and the"
                  + " partition segments fail, and the node stops making progress.",
              "`df -h DIR` and `df -i DIR` (inodes) on the node; `chronik doctor --data-dir DIR`"
                  + " reports disk.free.",
              "Free space on the volume or grow it. Lower retention.ms or retention.bytes of"
                  + " the largest topics to let retention delete old segments. Do not delete"
                  + " files under raft/ or partitions/ by hand.",
              ErrorCode.NO_EXIT));

  private NodeErrors() {}
}
