package io.chronik.diagnostics.errors;

import java.util.List;

/**
 * The entries of the {@link ErrorCatalogue}, by code. Add a code here with its cause, how to
 * confirm it and the fix; {@code chronik explain}, docs/troubleshooting.md and the table of
 * docs/exit-codes.md follow.
 */
final class CatalogueEntries {
  private static final String START = "broker start (chronik standalone)";
  private static final String LOG = "broker log";
  private static final String DOCTOR = "chronik doctor";

  static final List<ErrorCode> ALL =
      List.of(
          new ErrorCode(
              "CHR-1001",
              "The data dir cannot be used",
              START,
              "The node could not read or create its data dir, or node.json in it is not valid"
                  + " JSON: the directory is missing and cannot be created, belongs to another"
                  + " user, is read-only, or node.json was damaged.",
              "The error names the directory and the I/O error. Run `ls -ld DIR DIR/node.json`"
                  + " as the user chronik runs as, and `cat DIR/node.json`.",
              "Fix the ownership or permissions (`chown -R chronik: DIR`), or mount the volume."
                  + " If node.json is damaged, restore it from a backup: it holds the cluster id"
                  + " and node id, and a node with a new identity is a different node.",
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
                  + " or a damaged group directory.",
              "The log lines before the error name the group and the I/O error; `df -h DIR`"
                  + " shows free space.",
              "Fix permissions or free space. If one group directory is damaged, move it aside"
                  + " and let the node recover the group from its peers or a snapshot.",
              1),
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
              "A partition's log-start-offset or recovery-point-offset file was unreadable.",
              "The log line names the partition and the file.",
              "Nothing: the offsets are recomputed from the segments.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-2005",
              "A partition lost batches below its last snapshot",
              LOG,
              "On start, a partition log holds fewer batches than its last Raft snapshot"
                  + " recorded: data that was synced to disk is gone (disk damage, files deleted"
                  + " by hand).",
              "The log line names the partition, the offset the snapshot recorded and the"
                  + " offset found.",
              "Restore the partition from another replica (let the node install a snapshot from"
                  + " the leader) or from a snapshot archive. Check the disk.",
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
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-3001",
              "A Raft snapshot does not match its checksum",
              LOG,
              "A snapshot file of a Raft group does not match its MD5 sidecar: it was damaged on"
                  + " disk or written incompletely.",
              "The log line names the snapshot file; `md5sum FILE` differs from FILE.md5.",
              "Nothing for the node: it ignores the corrupt snapshot and uses an older one or"
                  + " the log. Remove the corrupt file, and check the disk if it recurs.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.SNAPSHOT_INSTALL_NEEDED,
              "A follower must install a snapshot (log truncated)",
              "broker log (a follower behind the leader's log start); "
                  + DOCTOR
                  + " (partition.under-replicated)",
              "A follower is so far behind that the entries it needs were already compacted"
                  + " into a snapshot and purged from the leader's log. It cannot catch up by"
                  + " replaying the log and must install the leader's snapshot first.",
              "`chronik doctor --admin HOST:PORT` shows the follower out of sync; on the"
                  + " leader, `curl ADMIN/v1/raft/groups` shows logStartIndex above the"
                  + " follower's matchIndex.",
              "Nothing when it completes: Raft sends the snapshot. If it keeps failing, check"
                  + " free space and the network between the nodes.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-3101",
              "Not a snapshot archive",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The file does not start with the bytes CHRNKSNP: it is not a chronik snapshot archive.",
              "`head -c 8 FILE` prints CHRNKSNP for an archive.",
              "Check the path or the store key.",
              65),
          new ErrorCode(
              "CHR-3102",
              "A snapshot archive's header is corrupt",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The fixed header's CRC-32C does not match: the archive was damaged on disk, in the store or in transit.",
              "Verifying the archive (SnapshotArchive.verify) names the region, byte range or file.",
              "Use another copy of the archive (local or in the store) or an older verified one; never restore from an archive that fails verification.",
              65),
          new ErrorCode(
              "CHR-3103",
              "A snapshot archive's format is newer",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The archive's format version is newer than this chronik reads.",
              "The message names both versions.",
              "Use a chronik release that reads that format version.",
              65),
          new ErrorCode(
              "CHR-3104",
              "A snapshot archive's manifest is corrupt",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The JSON manifest does not match its CRC-32C or does not parse.",
              "Verifying the archive (SnapshotArchive.verify) names the region, byte range or file.",
              "Use another copy of the archive (local or in the store) or an older verified one; never restore from an archive that fails verification.",
              65),
          new ErrorCode(
              "CHR-3105",
              "Snapshot payload bytes are corrupt",
              "snapshot archives (io.chronik.broker.snapshot)",
              "A chunk of the compressed payload does not match its CRC-32C; the message names the byte range.",
              "Verifying the archive (SnapshotArchive.verify) names the region, byte range or file.",
              "Use another copy of the archive (local or in the store) or an older verified one; never restore from an archive that fails verification.",
              65),
          new ErrorCode(
              "CHR-3106",
              "A snapshot archive is truncated or too long",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The archive is shorter or longer than its manifest says: an interrupted copy or upload.",
              "Compare the file size with the manifest's payload length.",
              "Copy or download the archive again, or use another copy.",
              65),
          new ErrorCode(
              "CHR-3107",
              "A file inside a snapshot is corrupt",
              "snapshot archives (io.chronik.broker.snapshot)",
              "A file's size or CRC-32C after decompression differs from the manifest; the message names the file.",
              "Verifying the archive (SnapshotArchive.verify) names the region, byte range or file.",
              "Use another copy of the archive (local or in the store) or an older verified one; never restore from an archive that fails verification.",
              65),
          new ErrorCode(
              "CHR-3108",
              "A snapshot file name is unsafe",
              "snapshot archives (io.chronik.broker.snapshot)",
              "A file name in the manifest or the input is absolute, contains '.' or '..' segments, or repeats.",
              "The message names the entry.",
              "Fix the input; an archive with such a name is refused.",
              65),
          new ErrorCode(
              "CHR-3109",
              "A file changed while it was archived",
              "snapshot archives (io.chronik.broker.snapshot)",
              "A file shrank or changed while the archive was written.",
              "The message names the file.",
              "Take the snapshot again.",
              65),
          new ErrorCode(
              "CHR-3201",
              "Snapshot not found in the store",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "The object, bucket or container does not exist.",
              "List the store (`aws s3 ls s3://BUCKET/PREFIX/`, `az storage blob list`).",
              "Check the store URI (bucket or container, prefix) and the snapshot's name.",
              1),
          new ErrorCode(
              "CHR-3202",
              "Snapshot store access denied",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "The object store refused a read or write: the credentials are missing, expired or lack permission on the bucket or container, or the prefix is wrong.",
              "List the bucket with the store's own tool and the same credentials.",
              "Fix the credentials or the bucket policy: chronik needs list, read and write on the prefix, and delete for retention.",
              69),
          new ErrorCode(
              "CHR-3203",
              "Snapshot store unavailable",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "The store could not be reached, or answered that it is busy or failing; uploads are retried with backoff and the local copy is kept.",
              "Reach the endpoint from the node (`curl -sI https://ENDPOINT`).",
              "Check the endpoint and the network; the operation can be retried.",
              69),
          new ErrorCode(
              "CHR-3204",
              "Snapshot store error",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "Another error answered by the store.",
              "The message carries the store's answer.",
              "Act on the store's message.",
              1),
          new ErrorCode(
              "CHR-3205",
              "Bad snapshot store URI or variable",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "A store URI or one of the store variables (OBJECT_STORE_BACKEND, S3_*, GCS_BUCKET, AZURE_*) is malformed or incomplete.",
              "The message names the URI or variable.",
              "Fix it; docs/snapshots.md lists the URIs and variables.",
              64),
          new ErrorCode(
              "CHR-3301",
              "A snapshot archive could not be written",
              LOG,
              "After a Raft snapshot the node could not stage its files or write the group's archive under <data-dir>/snapshots/<group>/ (disk full, permissions, or the snapshot was deleted before it was archived). The Raft snapshot itself is intact; only the archive is missing.",
              "Check free space and permissions of the data dir; `chronik snapshot list --data-dir DIR` shows which archives exist.",
              "Free space or fix the permissions, then take a snapshot again: `chronik snapshot create`.",
              1),
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
              "A node's admin API refused the action: the target is not a member of the group, the"
                  + " topic or partition does not exist, the node is not ready, the leader did not"
                  + " move in time; for membership changes also: the new node does not answer on"
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
              ErrorCatalogue.ADMIN_UNREACHABLE,
              "A node's admin API did not answer",
              DOCTOR + " (node.reachable)",
              "The node's admin HTTP port refused the connection, did not answer in time, or"
                  + " answered something else than chronik's admin API: the node is down, still"
                  + " starting, overloaded, or the address or port is wrong.",
              "`curl -s http://HOST:PORT/health` from where doctor runs; on the node's host,"
                  + " check that the process runs and listens (`ss -ltnp | grep :PORT`).",
              "Start the node, or point --admin at its admin port (not the Kafka or Raft port)."
                  + " If it runs but does not answer, look at its log and at perf.gc.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.NOT_READY,
              "A node is not ready",
              DOCTOR + " (node.ready)",
              "The node runs but does not serve Kafka requests: it is starting (waiting for"
                  + " Raft leaders, replaying logs) or shutting down. /ready says which.",
              "`curl -s http://HOST:PORT/ready` shows the reason.",
              "Wait while it starts: `chronik doctor --watch --exit-when-healthy` returns when"
                  + " it is ready. If it stays not ready, `chronik doctor election` shows the"
                  + " groups without a leader.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.NO_LEADER,
              "A Raft group has no leader",
              DOCTOR + " (raft.leader-present, raft.quorum)",
              "No replica of the group reports a leader, or the replicas disagree on it: an"
                  + " election is in progress, or cannot complete because a majority is"
                  + " missing. A partition without a leader accepts neither produce nor fetch.",
              "`curl -s ADMIN/v1/raft/groups` on each replica shows its role, term and the"
                  + " leader it knows; a rising term without a leader means repeated elections.",
              "If the group lost its quorum, bring replicas back (CHR-1202). Otherwise wait a"
                  + " few election timeouts; if it persists, look for long GC pauses (perf.gc),"
                  + " slow disks (perf.fsync) or a flaky network between the nodes.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.ELECTION_CHURN,
              "A Raft group changes leader too often",
              DOCTOR + " (raft.election-churn)",
              "The group's leader changed many times in a short while. Each change stalls"
                  + " produce on its partition for an election timeout or more, and clients"
                  + " see NOT_LEADER_OR_FOLLOWER. Causes by the journal's label: TIMEOUT and"
                  + " ELECTION mean followers missed the leader's heartbeats (GC pauses, slow"
                  + " fsync, a flaky network); TRANSFER means something keeps moving the leader"
                  + " on request; PRIORITY means the preferred leader keeps taking leadership"
                  + " back after losing it.",
              "`curl -s ADMIN/v1/raft/groups/GROUP/elections` on a replica lists every change"
                  + " with its time, term, old and new leader and cause; `curl -s ADMIN/metrics |"
                  + " grep chronik_raft_elections_total` counts them per group.",
              "For TIMEOUT/ELECTION run `chronik doctor performance --data-dir DIR` on each"
                  + " replica's host (GC and fsync) and `chronik doctor network`. For TRANSFER find"
                  + " the script or operator calling `chronik cluster transfer-leader` (or POST"
                  + " /v1/actions/transfer-leader) and stop it. For PRIORITY look at the preferred"
                  + " leader's node: it keeps failing.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.RAFT_TIMEOUTS,
              "Nodes disagree on Raft timeouts",
              DOCTOR + " (raft.timeouts)",
              "The nodes report different Raft election timeouts or heartbeat intervals, or a"
                  + " heartbeat interval that is not below half the minimum election timeout."
                  + " A follower with a shorter timeout than its leader's heartbeats allow starts"
                  + " elections that are not needed; mixed settings usually come from nodes of"
                  + " different releases during an upgrade.",
              "`curl -s ADMIN/v1/node` on each node shows config.raftElectionTimeoutMinMs,"
                  + " raftElectionTimeoutMaxMs and raftHeartbeatIntervalMs.",
              "Run the same chronik release with the same settings on every node; finish the"
                  + " rolling upgrade.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.CLOCK_SKEW,
              "The nodes' clocks differ",
              DOCTOR + " (node.clock-skew)",
              "Two nodes' wall clocks differ by more than the limit. Raft itself does not"
                  + " depend on wall clocks, but record timestamps (LogAppendTime), time-based"
                  + " retention and offset lookups by time, consumer-group session times and"
                  + " every log line and election journal entry do: they disagree between"
                  + " nodes, and time-based retention deletes too early or too late.",
              "doctor asks each node for its clock and corrects by half the round trip; its"
                  + " finding names the offsets. On each host: `timedatectl status` or `chronyc"
                  + " tracking`.",
              "Run NTP (chrony or systemd-timesyncd) against the same servers on every host.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.PEER_UNREACHABLE,
              "A node cannot reach a peer's Kafka or admin port",
              DOCTOR + " (net.peer-reachable)",
              "A node could not open a TCP connection to another node's Kafka or admin port"
                  + " from its own side, or only slowly: the peer is down, listens elsewhere"
                  + " than it registered, or a firewall between the hosts blocks the port. Nodes"
                  + " forward nothing over these ports, but operators and clients on that host"
                  + " cannot use them either.",
              "`curl -s ADMIN/v1/probe/peers` on the complaining node repeats the probe;"
                  + " `nc -vz PEER_HOST PORT` from its host confirms it.",
              "Start the peer, correct the address it advertises (--advertise and the ports), or"
                  + " open the port between the hosts.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.ADVERTISED_UNREACHABLE,
              "A node's advertised Kafka address cannot be reached",
              DOCTOR + " (net.advertised-reachable)",
              "doctor could not open a TCP connection to the Kafka address a node advertises"
                  + " (the host and port every client is sent to by Metadata): the node is"
                  + " down, it advertises an address only reachable inside its own host or"
                  + " network, or a firewall blocks the port. Clients that bootstrap fine still"
                  + " fail on the partitions this node leads.",
              "`curl -s ADMIN/v1/cluster` shows each node's advertised host and Kafka port; `nc"
                  + " -vz HOST PORT` from a client host confirms it. Run doctor from where"
                  + " clients run: it checks from its own host.",
              "Start the node with --advertise set to an address clients can reach, and open"
                  + " the Kafka port to them.",
              ErrorCode.NO_EXIT),
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
              65),
          new ErrorCode(
              ErrorCatalogue.APPLIED_LAG,
              "A node applies committed entries too slowly",
              DOCTOR + " (raft.applied-lag)",
              "A group's applied index is far behind its commit index on a node: its state"
                  + " machine (the partition log or the metadata) cannot keep up, usually"
                  + " because of a slow disk or a busy CPU. Produce responses wait for apply.",
              "`curl -s ADMIN/v1/raft/groups` shows commitIndex and appliedIndex per group;"
                  + " run it twice to see whether the gap closes.",
              "Check perf.fsync and perf.gc on the node, and the disk's utilisation (`iostat"
                  + " -x 1`). A gap that closes after a restart or a burst needs nothing.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.UNDER_REPLICATED,
              "A partition is under-replicated",
              DOCTOR + " (partition.under-replicated)",
              "A partition has replicas that are down, unreachable, or far behind the leader."
                  + " Writes still succeed while a majority is in sync, but one more failure can"
                  + " stop the partition.",
              "`chronik doctor network --admin HOST:PORT` names the replicas out of sync and"
                  + " why; on the leader, `curl -s ADMIN/v1/raft/groups` shows each follower's"
                  + " matchIndex and lastContactMs.",
              "Bring the missing node back. A follower that is behind but in contact catches up"
                  + " by itself, by installing a snapshot if needed (CHR-3002).",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.DISK_LOW,
              "Low disk space on the data dir",
              DOCTOR + " (disk.free)",
              "The file system of a node's data dir is nearly full. When it is full, the node"
                  + " cannot append to its logs (CHR-2101).",
              "`df -h DIR` on the node.",
              "Free space or grow the volume; lower retention.ms or retention.bytes of the"
                  + " largest topics.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.SLOW_FSYNC,
              "fsync is slow on the data dir's disk",
              DOCTOR + " (perf.fsync)",
              "Every Raft entry is synced to disk before it counts toward a majority, so the"
                  + " disk's sync latency is the floor of produce latency. Network or shared"
                  + " storage, a busy disk, or a cheap SSD without power-loss protection can"
                  + " take tens of milliseconds per sync.",
              "`chronik doctor performance --data-dir DIR` on the node measures it again;"
                  + " `fio --rw=write --ioengine=sync --fdatasync=1 --bs=4k --size=8m"
                  + " --directory=DIR --name=sync` gives a second opinion.",
              "Put the data dir on a local SSD or NVMe device, away from other write-heavy"
                  + " processes.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.SLOW_REQUESTS,
              "Produce or Fetch requests are slow",
              DOCTOR + " (perf.request-latency)",
              "The node's p99 latency of Produce or Fetch requests over the last minute is"
                  + " above the limit: slow disks, GC pauses, an overloaded node, or slow"
                  + " followers holding back commits.",
              "`curl -s ADMIN/metrics | grep chronik_kafka_request_seconds` shows p50 and p99"
                  + " per API.",
              "Check perf.fsync, perf.gc and partition.under-replicated; spread partition"
                  + " leaders or add nodes when the node is saturated.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.GC_PRESSURE,
              "The JVM spends too long in garbage collection",
              DOCTOR + " (perf.gc)",
              "Long or frequent GC pauses stop the node: it misses Raft heartbeats (a pause"
                  + " above the 1 s election timeout starts an election) and requests queue up."
                  + " Usually the heap is too small for the load.",
              "`curl -s ADMIN/metrics | grep jvm_gc` shows pause counts, totals and the"
                  + " longest recent pause, and jvm_gc_live_data_size_bytes the heap in use"
                  + " after a full collection.",
              "Give the node more heap (CHRONIK_HEAP), or less work (fewer partitions,"
                  + " smaller fetch sizes).",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.SNAPSHOT_BACKLOG,
              "A Raft log keeps growing without snapshots",
              DOCTOR + " (snapshot.log-backlog)",
              "A group's Raft log holds far more entries than the snapshot trigger since its"
                  + " last snapshot: snapshots fail or are disabled, so the log is not compacted,"
                  + " restarts replay more, and a lagging follower cannot be caught up from a"
                  + " snapshot.",
              "`curl -s ADMIN/v1/raft/groups` shows snapshotIndex far below logEndIndex; the"
                  + " broker log shows why snapshots fail (CHR-3001, no space).",
              "Fix what the log names (usually free space); a snapshot is also taken at a clean"
                  + " shutdown.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.SNAPSHOT_STALE,
              "A group's last snapshot is older than its time threshold",
              DOCTOR + " (snapshot.fresh)",
              "The node takes a snapshot of each group at least every"
                  + " CHRONIK_SNAPSHOT_TIME_THRESHOLD_SECS when the group has new entries. A"
                  + " snapshot older than that means snapshots fail or are disabled: the Raft log"
                  + " is not compacted, and a restore from the store loses more.",
              "`curl -s ADMIN/v1/snapshots` shows each group's lastSnapshotAt and the settings;"
                  + " the broker log says why snapshots fail.",
              "Fix what the log names (often free space), or take one now with `chronik"
                  + " snapshot create --admin HOST:PORT`. Check CHRONIK_SNAPSHOT_ENABLED.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.STORE_UNREACHABLE,
              "The snapshot store failed its probe",
              DOCTOR + " (snapshot.store-reachable)",
              "The node could not write, read back and delete a small object in its snapshot"
                  + " store: the endpoint is unreachable, the bucket or container is missing, or"
                  + " the credentials are wrong or lack a permission. Uploads fail too, so the"
                  + " store holds no recent snapshot for disaster recovery.",
              "`curl -s -X POST ADMIN/v1/actions/probe-store` shows the store's error;"
                  + " `chronik snapshot list --store URI` from the node's host tries the same"
                  + " credentials.",
              "Fix the endpoint, bucket or credentials (CHRONIK_SNAPSHOT_STORE, S3_*, AZURE_*;"
                  + " docs/snapshots.md) and restart the node, then run `chronik doctor"
                  + " snapshots` again.",
              ErrorCode.NO_EXIT));

  private CatalogueEntries() {}
}
