package io.chronik.diagnostics;

import io.chronik.diagnostics.checks.AdvertisedReachableCheck;
import io.chronik.diagnostics.checks.ClockSkewCheck;
import io.chronik.diagnostics.checks.DiskFreeCheck;
import io.chronik.diagnostics.checks.FsyncCheck;
import io.chronik.diagnostics.checks.GcCheck;
import io.chronik.diagnostics.checks.NodeReachableCheck;
import io.chronik.diagnostics.checks.NodeReadyCheck;
import io.chronik.diagnostics.checks.PartitionUnderReplicatedCheck;
import io.chronik.diagnostics.checks.PartitionsPerNodeCheck;
import io.chronik.diagnostics.checks.PeerReachableCheck;
import io.chronik.diagnostics.checks.RaftAppliedLagCheck;
import io.chronik.diagnostics.checks.RaftElectionChurnCheck;
import io.chronik.diagnostics.checks.RaftLeaderPresentCheck;
import io.chronik.diagnostics.checks.RaftQuorumCheck;
import io.chronik.diagnostics.checks.RaftTimeoutsCheck;
import io.chronik.diagnostics.checks.RecoveryPlanCheck;
import io.chronik.diagnostics.checks.ReplicaConsistencyCheck;
import io.chronik.diagnostics.checks.RequestLatencyCheck;
import io.chronik.diagnostics.checks.SnapshotBacklogCheck;
import io.chronik.diagnostics.checks.SnapshotFreshCheck;
import io.chronik.diagnostics.checks.StoreReachableCheck;
import java.util.List;
import java.util.Optional;

/**
 * The playbooks of {@code chronik doctor}, in the order of the troubleshooting guide. {@code quick}
 * is the default.
 */
public final class Playbooks {
  /** The playbook {@code chronik doctor} runs without one named. */
  public static final String DEFAULT = "quick";

  private static final List<Playbook> ALL =
      List.of(
          new Playbook(
              "quick",
              "Quick health check",
              "Run it first, from cron or a monitoring system, and after every change: it tells"
                  + " whether every node is up and ready, whether every Raft group has a leader"
                  + " and a quorum, whether anything is behind, whether every group's snapshot is"
                  + " recent, and whether disks, requests and GC are within limits.",
              "Start with the worst finding: each names its code (`chronik explain CODE`) and"
                  + " a remedy. A node that does not answer hides everything else about it, so"
                  + " bring it back first; `chronik doctor recovery` prints the steps.\n\n"
                  + "During a rolling restart, restart one node at a time and wait between"
                  + " nodes with `chronik doctor --watch --exit-when-healthy`: it returns 0 once"
                  + " every check passes again.",
              List.of(
                  NodeReachableCheck.ID,
                  NodeReadyCheck.ID,
                  RaftLeaderPresentCheck.ID,
                  RaftQuorumCheck.ID,
                  RaftAppliedLagCheck.ID,
                  PartitionUnderReplicatedCheck.ID,
                  DiskFreeCheck.ID,
                  SnapshotFreshCheck.ID,
                  RequestLatencyCheck.ID,
                  GcCheck.ID)),
          new Playbook(
              "election",
              "Elections and leadership",
              "Clients log NOT_LEADER_OR_FOLLOWER or LEADER_NOT_AVAILABLE, produce stalls, a"
                  + " node does not become ready, or a partition has no leader.",
              "A Raft group elects a leader when a majority of its replicas can talk to each"
                  + " other. No leader with a quorum present is an election under way: it"
                  + " should settle within a few election timeouts (1 to 2 s). Elections that"
                  + " repeat come from followers that miss heartbeats: GC pauses longer than the"
                  + " election timeout (perf.gc), a disk that syncs slowly (perf.fsync, run with"
                  + " --data-dir on each node), or a flaky network.\n\n"
                  + "raft.election-churn reads every replica's election journal: how often"
                  + " each group changed leader in the last ten minutes, why (TIMEOUT,"
                  + " ELECTION, PRIORITY, TRANSFER) and how long each leader lasted. The"
                  + " dominant cause says where to look. raft.timeouts and node.clock-skew"
                  + " rule out mismatched settings and clocks.\n\n"
                  + "No leader without a quorum cannot settle by itself: bring replicas back"
                  + " (`chronik doctor recovery`).",
              List.of(
                  NodeReachableCheck.ID,
                  NodeReadyCheck.ID,
                  RaftLeaderPresentCheck.ID,
                  RaftQuorumCheck.ID,
                  RaftElectionChurnCheck.ID,
                  RaftTimeoutsCheck.ID,
                  ClockSkewCheck.ID,
                  GcCheck.ID,
                  FsyncCheck.ID)),
          new Playbook(
              "network",
              "Network and reachability",
              "A node seems down to some but not to others, followers fall behind, or clients"
                  + " time out connecting.",
              "Every node opens a TCP connection to each peer's Raft, Kafka and admin port"
                  + " from its own side, and net.peer-reachable lists the matrix: a pair that"
                  + " fails names the node that cannot connect, the peer, the port and the"
                  + " address it dialled. A Raft port that does not connect (CHR-1204) breaks"
                  + " replication and elections between the two; check with `nc -vz HOST"
                  + " RAFT_PORT` from the named node's host, and compare its --peers with the"
                  + " address the peer registered.\n\n"
                  + "net.advertised-reachable connects to every node's advertised Kafka address"
                  + " from where doctor runs, as a client would after Metadata: run it from a"
                  + " client's host. A node doctor cannot reach may still be reachable by its"
                  + " peers, and the reverse.",
              List.of(
                  NodeReachableCheck.ID,
                  PeerReachableCheck.ID,
                  AdvertisedReachableCheck.ID,
                  RaftQuorumCheck.ID,
                  PartitionUnderReplicatedCheck.ID)),
          new Playbook(
              "snapshots",
              "Snapshots and log compaction",
              "Data dirs grow without bound, restarts take long, a follower never catches up,"
                  + " or the snapshot store holds no recent archive.",
              "Each Raft group takes a snapshot every 10,000 entries"
                  + " (CHRONIK_SNAPSHOT_LOG_THRESHOLD) or 128 MiB of Raft log"
                  + " (CHRONIK_SNAPSHOT_LOG_BYTES_THRESHOLD), at least every hour while it has new"
                  + " entries (CHRONIK_SNAPSHOT_TIME_THRESHOLD_SECS) and at a clean shutdown; the"
                  + " Raft log is then purged up to it, and the archive is uploaded to the store"
                  + " when one is configured. A log that keeps growing or a snapshot that gets"
                  + " old means snapshots fail: the node's log says why (CHR-3001 for a corrupt"
                  + " snapshot, no space left: CHR-2101). A follower that fell behind the"
                  + " leader's log start must install a snapshot (CHR-3002).\n\n"
                  + "A store that fails its probe keeps no off-node copy for disaster recovery:"
                  + " fix its credentials or endpoint first. `chronik snapshot list --store URI`"
                  + " shows what it holds, `chronik snapshot verify --store URI` checks every"
                  + " archive, and `chronik snapshot create --upload` takes and uploads one now.",
              List.of(
                  SnapshotBacklogCheck.ID,
                  SnapshotFreshCheck.ID,
                  StoreReachableCheck.ID,
                  PartitionUnderReplicatedCheck.ID,
                  DiskFreeCheck.ID)),
          new Playbook(
              "performance",
              "Performance",
              "Produce or fetch latency is high, throughput is lower than expected, or the"
                  + " nodes use much CPU.",
              "A write is acknowledged once a majority has synced it to disk and the leader has"
                  + " applied it, so produce latency is bounded below by fsync latency (run"
                  + " perf.fsync on each node's host with --data-dir) and stretched by GC pauses"
                  + " and slow apply. Measure before and after each change with `chronik bench"
                  + " produce`, and compare with docs/performance.md.\n\n"
                  + "Every partition replica is a Raft group with its own threads and buffers:"
                  + " perf.partitions-per-node counts them per node against the 300 measured to"
                  + " work (about 1,800 threads per node). Beyond it, elections and latency"
                  + " suffer first; spread partitions over more nodes.",
              List.of(
                  RequestLatencyCheck.ID,
                  GcCheck.ID,
                  PartitionsPerNodeCheck.ID,
                  FsyncCheck.ID,
                  RaftAppliedLagCheck.ID,
                  DiskFreeCheck.ID)),
          new Playbook(
              "consistency",
              "Consistency",
              "A consumer sees different data on different replicas, offsets look wrong after"
                  + " a failover, or you want assurance after an incident.",
              "A record is acknowledged only after a majority has it, and a leader is elected"
                  + " only with every committed entry, so replicas agree as long as each group"
                  + " keeps a quorum that agrees on one leader and every replica applies what"
                  + " it committed. The first checks confirm exactly that.\n\n"
                  + "consistency.replicas then compares the data itself: every node reports the"
                  + " high watermark of each replica it hosts and the stored headers (offsets,"
                  + " CRC-32C) of its last batches, read from its segment files, and the batches"
                  + " all replicas have must be identical. A copy that differs from the"
                  + " majority (CHR-8030) or no longer matches its own CRC (CHR-8031) is"
                  + " replaced from the others: move leadership off it, then move the replica"
                  + " or rebuild the node's data dir; the finding prints the commands. A"
                  + " follower behind the leader is still replicating and is not a difference.",
              List.of(
                  RaftQuorumCheck.ID,
                  RaftLeaderPresentCheck.ID,
                  RaftAppliedLagCheck.ID,
                  PartitionUnderReplicatedCheck.ID,
                  ReplicaConsistencyCheck.ID)),
          new Playbook(
              "recovery",
              "Recovery",
              "Nodes are down, a quorum is lost, or the cluster does not answer at all.",
              "recovery.plan prints the steps for what it finds, in order: the nodes that"
                  + " restore the most quorums first, each with the command that restarts it."
                  + " Restart nodes with their own data dirs: a node started empty under its old"
                  + " id votes without its data and can lose acknowledged writes. Run the"
                  + " playbook again after each step: the plan follows the cluster.",
              List.of(
                  NodeReachableCheck.ID,
                  NodeReadyCheck.ID,
                  RaftQuorumCheck.ID,
                  RecoveryPlanCheck.ID)));

  private Playbooks() {}

  public static List<Playbook> all() {
    return ALL;
  }

  public static List<String> names() {
    return ALL.stream().map(Playbook::name).toList();
  }

  public static Optional<Playbook> find(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The playbooks that list a check, in guide order. */
  public static List<String> containing(String checkId) {
    return ALL.stream().filter(p -> p.contains(checkId)).map(Playbook::name).toList();
  }
}
