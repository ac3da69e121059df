package io.chronik.diagnostics.errors;

import static io.chronik.diagnostics.errors.CatalogueEntries.DOCTOR;

import java.util.List;

/** Findings of chronik doctor that carry a code (CHR-8xxx). Part of {@link CatalogueEntries}. */
final class DoctorErrors {
  static final List<ErrorCode> ALL =
      List.of(
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
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.TOO_MANY_REPLICAS,
              "A node hosts more partition replicas than measured to work",
              DOCTOR + " (perf.partitions-per-node)",
              "Each partition replica is a Raft group on its node, and costs about 5.7 threads"
                  + " and 1.7 MiB of memory (docs/performance.md, \"What partitions cost\"). A"
                  + " node with about 300 replicas runs about 1,800 threads; more has not been"
                  + " measured to work, and runs into thread limits, direct-memory limits and"
                  + " scheduling delays that show up as elections and slow requests.",
              "`chronik doctor performance` lists the replicas per node; `curl -s"
                  + " ADMIN/metrics | grep jvm_threads_live` shows a node's threads; `ulimit -u`"
                  + " and the service's TasksMax bound them.",
              "Spread the partitions over more nodes (`chronik cluster add-node`, then"
                  + " `chronik cluster move-replica`), use fewer partitions per topic, or lower"
                  + " the replication factor of topics that do not need three copies. Raise"
                  + " LimitNOFILE, the user's thread limit and CHRONIK_HEAP with the count"
                  + " (docs/deployment.md, Sizing).",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.REPLICAS_DIVERGED,
              "Replicas of a partition hold different batches",
              DOCTOR + " (consistency.replicas)",
              "Two replicas of a partition store a batch at the same offset with a different"
                  + " last offset or a different CRC-32C, below both replicas' high watermarks."
                  + " Raft applies the same entries on every replica and a batch is stored with"
                  + " the bytes the producer sent, so this never happens by itself: a disk or"
                  + " file system returned or wrote other bytes, segment files were edited or"
                  + " copied between nodes by hand, or a bug made the apply non-deterministic."
                  + " Consumers reading from different replicas see different records.",
              "`chronik doctor consistency -o json` names the partition, the offset, each node's"
                  + " last offset and CRC, and which node differs from the majority. `curl -s"
                  + " ADMIN/v1/replicas?batches=50` on each replica's node shows more batches;"
                  + " the node whose copy also fails its own CRC (crcValid false) has damaged"
                  + " data (CHR-8031).",
              "Replace the copy that differs from the majority: if that node leads the"
                  + " partition, move leadership to a good replica first (`chronik cluster"
                  + " transfer-leader --topic T --partition P --to GOOD`). Then move the replica"
                  + " to another node (`chronik cluster move-replica --topic T --partition P"
                  + " --from BAD --to OTHER`), or stop the bad node, move its data dir aside and"
                  + " start it empty with the same --node-id and --peers, so that it gets every"
                  + " group's snapshot installed from the leaders (only while every group keeps a"
                  + " majority without it). Check that node's disk. When no majority agrees,"
                  + " doctor cannot tell the good copy: compare the records before choosing, or"
                  + " restore from a snapshot archive taken before the damage"
                  + " (docs/disaster-recovery.md).",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.BATCH_DAMAGED,
              "A replica's stored batch no longer matches its CRC",
              DOCTOR + " (consistency.replicas)",
              "A record batch in a partition's segment file on one node no longer matches the"
                  + " CRC-32C stored in its header: the bytes changed on disk after they were"
                  + " written (a failing disk, memory or controller, or a file edited by hand)."
                  + " Only the tail segment is checked when a node starts (CHR-2001); older"
                  + " segments are read as they are, so consumers fetching from that node get"
                  + " the damaged batch and fail its CRC check.",
              "`chronik doctor consistency` names the node, the partition and the batch's"
                  + " offsets; `curl -s ADMIN/v1/replicas` on that node shows crcValid false for"
                  + " it. `dmesg` and `smartctl -a` on the node's disk often show the cause.",
              "Rebuild that node's copy from the others, as for CHR-8030: move leadership off"
                  + " it, then `chronik cluster move-replica`, or wipe the node's data dir and"
                  + " let it rejoin and get snapshots installed. Replace the disk if it reports"
                  + " errors.",
              ErrorCode.NO_EXIT));

  private DoctorErrors() {}
}
