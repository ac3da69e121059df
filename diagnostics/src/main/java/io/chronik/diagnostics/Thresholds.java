package io.chronik.diagnostics;

/**
 * The limits checks compare against. The defaults are documented in the troubleshooting guide next
 * to each check, with the reason for each number.
 *
 * @param appliedLagEntries {@code raft.applied-lag}: WARN when a group's applied index is more than
 *     this many entries behind its commit index
 * @param followerLagEntries {@code partition.under-replicated}: a follower more than this many
 *     entries behind the leader's commit index is out of sync (the snapshot trigger: beyond it the
 *     leader may have purged the entries the follower needs)
 * @param followerContactMs {@code partition.under-replicated}: a follower the leader has not heard
 *     from for longer is out of sync (2.5 times the 2 s maximum election timeout)
 * @param diskWarnFreePercent {@code disk.free}: WARN below this share of free space
 * @param diskCritFreePercent {@code disk.free}: CRIT below this share of free space
 * @param diskCritFreeBytes {@code disk.free}: CRIT below this many free bytes, whatever the share
 * @param fsyncWrites {@code perf.fsync}: how many blocks the probe writes and syncs
 * @param fsyncBlockBytes {@code perf.fsync}: the size of each block
 * @param fsyncWarnMs {@code perf.fsync}: WARN when the p99 write+sync latency is above this
 * @param fsyncCritMs {@code perf.fsync}: CRIT when the p99 write+sync latency is above this
 * @param produceWarnMs {@code perf.request-latency}: WARN when Produce p99 is above this
 * @param produceCritMs {@code perf.request-latency}: CRIT when Produce p99 is above this
 * @param fetchWarnMs {@code perf.request-latency}: WARN when Fetch p99 is above this (Fetch waits
 *     up to the consumer's fetch.max.wait.ms, 500 ms by default, when there is nothing new)
 * @param fetchCritMs {@code perf.request-latency}: CRIT when Fetch p99 is above this
 * @param gcPauseWarnMs {@code perf.gc}: WARN when the longest recent pause is above this
 * @param gcPauseCritMs {@code perf.gc}: CRIT when the longest recent pause is above this (the 1 s
 *     minimum election timeout: a longer pause lets followers start an election)
 * @param gcTimeWarnPercent {@code perf.gc}: WARN when GC took more than this share of the uptime
 * @param gcTimeCritPercent {@code perf.gc}: CRIT when GC took more than this share of the uptime
 * @param heapLiveWarnPercent {@code perf.gc}: WARN when the old generation after a full collection
 *     holds more than this share of its maximum
 * @param heapLiveCritPercent {@code perf.gc}: CRIT above this share
 * @param snapshotBacklogEntries {@code snapshot.log-backlog}: WARN when a group's Raft log holds
 *     more entries than this since its last snapshot (five times the 10,000-entry trigger)
 * @param electionWindowMs {@code raft.election-churn}: how far back the election journals are read
 * @param electionWarnCount {@code raft.election-churn}: WARN when a group changed leader this many
 *     times within the window (a restart or an operator's move costs one or two)
 * @param electionCritCount {@code raft.election-churn}: CRIT at this many changes within the window
 * @param clockSkewWarnMs {@code node.clock-skew}: WARN when two nodes' clocks differ by more than
 *     this, beyond the measurement's uncertainty
 * @param clockSkewCritMs {@code node.clock-skew}: CRIT above this
 * @param peerConnectWarnMs {@code net.peer-reachable}, {@code net.advertised-reachable}: WARN when
 *     opening a TCP connection takes longer than this
 * @param replicasPerNodeWarn {@code perf.partitions-per-node}: WARN when a node hosts more
 *     partition replicas than this (300: the most measured to work, ~1,800 threads per node;
 *     performance.md)
 */
public record Thresholds(
    long appliedLagEntries,
    long followerLagEntries,
    long followerContactMs,
    double diskWarnFreePercent,
    double diskCritFreePercent,
    long diskCritFreeBytes,
    int fsyncWrites,
    int fsyncBlockBytes,
    double fsyncWarnMs,
    double fsyncCritMs,
    double produceWarnMs,
    double produceCritMs,
    double fetchWarnMs,
    double fetchCritMs,
    double gcPauseWarnMs,
    double gcPauseCritMs,
    double gcTimeWarnPercent,
    double gcTimeCritPercent,
    double heapLiveWarnPercent,
    double heapLiveCritPercent,
    long snapshotBacklogEntries,
    long electionWindowMs,
    int electionWarnCount,
    int electionCritCount,
    long clockSkewWarnMs,
    long clockSkewCritMs,
    double peerConnectWarnMs,
    int replicasPerNodeWarn) {

  /** The documented defaults. */
  public static Thresholds defaults() {
    return new Thresholds(
        1_000, 10_000, 5_000, 15, 5, 1L << 30, 200, 4096, 10, 100, 200, 1_000, 1_000, 5_000, 200,
        1_000, 10, 30, 80, 95, 50_000, 600_000, 3, 10, 500, 10_000, 200, 300);
  }
}
