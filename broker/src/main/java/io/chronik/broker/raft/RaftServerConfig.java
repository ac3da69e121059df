package io.chronik.broker.raft;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * The Ratis server's properties, built from {@link RaftNode.Settings}: transport, storage,
 * timeouts, log segments and their heap cache, commit markers, write caching, snapshots and log
 * purging.
 *
 * <p>Invariants the values keep: a leader that stepped down for lost heartbeats stands again after
 * one election timeout; a gRPC message holds the largest entry twice over and a snapshot chunk with
 * room to spare (a follower refuses a larger message and never catches up); the write buffer holds
 * one entry; a log segment holds at least two entries. The same properties seed every Raft client
 * this node opens, so clients and server agree on the transport.
 */
final class RaftServerConfig {
  /** The most of a file one snapshot-installation message carries. */
  static final long SNAPSHOT_CHUNK_BYTES = 4L * 1024 * 1024;

  /** One eighth of how long a leader waits for the answer to a snapshot-installation message. */
  static final long SNAPSHOT_CHUNK_TIMEOUT_MS = 1000;

  /**
   * A leader's waits between tries of an unreachable follower (Ratis' multiple-linear-random form:
   * a wait and how many tries use it, each wait drawn around the value): 10 tries at once, then
   * every 250 ms for 10 s, then every second for as long as the follower stays away.
   */
  static final String APPENDER_RETRY_POLICY = "1ms,10, 250ms,40, 1s,2000000000";

  /** The shortest wait before a group's first election on this node. */
  static final long FIRST_ELECTION_TIMEOUT_MIN_MS = 100;

  /** The longest wait before a group's first election on this node. */
  static final long FIRST_ELECTION_TIMEOUT_MAX_MS = 200;

  private RaftServerConfig() {}

  /** The properties of a server storing its groups under {@code raftDir}. */
  static RaftProperties properties(
      String bindHost, int raftPort, Path raftDir, RaftNode.Settings settings) {
    RaftProperties props = new RaftProperties();
    RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
    RaftServerConfigKeys.setStorageDir(props, List.of(raftDir.toFile()));
    GrpcConfigKeys.Server.setHost(props, bindHost);
    GrpcConfigKeys.Server.setPort(props, raftPort);
    // a message carries an append of entries or a snapshot chunk: a chunk larger than the limit
    // is refused by the follower, which then never catches up
    GrpcConfigKeys.setMessageSizeMax(
        props,
        SizeInBytes.valueOf(
            Math.max(settings.maxEntryBytes() * 2L, SNAPSHOT_CHUNK_BYTES + 1024L * 1024)));
    RaftServerConfigKeys.Rpc.setTimeoutMin(
        props, TimeDuration.valueOf(settings.electionTimeoutMinMs(), TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(
        props, TimeDuration.valueOf(settings.electionTimeoutMaxMs(), TimeUnit.MILLISECONDS));
    // a group's first election after it starts here (node start, a new topic's partitions, a
    // replica moved here) comes after 100-200 ms instead of the 1-2 s election timeout. A group of
    // one member (a single node) then has its leader at once; a new group of several members too,
    // once its preferred member runs it. A member whose group already has a live leader (a node
    // restarting) only asks for a pre-vote, which the others refuse while they hear from that
    // leader: nothing changes for the group. Once the member has heard of a leader, or its first
    // try failed (Ratis makes it a follower again), every later election waits the normal timeout.
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(
        props, TimeDuration.valueOf(FIRST_ELECTION_TIMEOUT_MIN_MS, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(
        props, TimeDuration.valueOf(FIRST_ELECTION_TIMEOUT_MAX_MS, TimeUnit.MILLISECONDS));
    // a leader that stops hearing from its followers (its own JVM or host paused longer than the
    // election timeout) steps down and, by default, stands for election again only 10 s later. Its
    // followers cannot elect one of their own meanwhile when it is the group's preferred leader:
    // Ratis lets a candidate win only with the vote of every live member of higher priority, and
    // that member refuses a candidate whose log is not longer than its own. So the group had no
    // leader for those 10 s, all its members running; now it waits one election timeout, in which
    // every follower's own timer has run out once. Ratis takes the same value as the JVM pause
    // after which this node's leaders step down (by then their followers stopped waiting for them).
    RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(
        props, TimeDuration.valueOf(settings.electionTimeoutMaxMs(), TimeUnit.MILLISECONDS));
    // a single entry (one partition's data of one Produce request) must fit the write buffer
    SizeInBytes entryLimit = SizeInBytes.valueOf(settings.maxEntryBytes());
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(props, entryLimit);
    // an installed snapshot travels in chunks of up to 4 MiB of a file, one gRPC message each
    RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(
        props, SizeInBytes.valueOf(SNAPSHOT_CHUNK_BYTES));
    // a leader waits up to this times the 8 chunks in flight for a chunk's answer before it gives
    // up an installation; by default 3 s x 8 = 24 s, during which an installation started while
    // the follower was down holds that follower's appender (no heartbeats, no retry)
    GrpcConfigKeys.Server.setInstallSnapshotRequestTimeout(
        props, TimeDuration.valueOf(SNAPSHOT_CHUNK_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    // how long a leader waits before it tries an unreachable follower again: by default 1 s for
    // 20 tries, then 5 s, so a node that was down for more than ~20 s heard from each group's
    // leader up to 5 s after it came back (per group: the metadata group, then its partitions)
    RaftServerConfigKeys.Log.Appender.setRetryPolicy(props, APPENDER_RETRY_POLICY);
    RaftServerConfigKeys.Log.setWriteBufferSize(
        props, SizeInBytes.valueOf(settings.maxEntryBytes() + 8L * 1024));
    RaftServerConfigKeys.Log.setSegmentSizeMax(
        props,
        SizeInBytes.valueOf(Math.max(settings.logSegmentBytes(), 2L * settings.maxEntryBytes())));
    // Ratis caches log entries in heap per group: the open segment plus up to 6 closed segments or
    // 200 MB by default. Two closed segments of at most 32 MiB bound a group to roughly three
    // segments of heap; followers that need older entries read them from disk.
    RaftServerConfigKeys.Log.setSegmentCacheNumMax(props, 2);
    RaftServerConfigKeys.Log.setSegmentCacheSizeMax(props, SizeInBytes.valueOf(32L * 1024 * 1024));
    // no commit markers: by default a leader appends a metadata entry (the new commit index) to the
    // log after every commit, which every replica writes, replicates and fsyncs like a data entry;
    // under load that doubled the entries per Produce entry. Without them a restarted node learns
    // the commit index from its group's leader before it applies what followed its snapshot.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(props, false);
    // write caching: the flush index advances when the entry is written, before its fsync
    RaftServerConfigKeys.Log.setUnsafeFlushEnabled(props, settings.writeCaching());
    // log compaction: a snapshot carries the partition's data, so the log is purged up to it and a
    // follower that needs older entries gets the snapshot installed instead
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
    RaftServerConfigKeys.Log.setPurgeGap(props, 16);
    // follower reads wait for the leader's read index (read-your-writes from any replica)
    RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, settings.snapshotEnabled());
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, settings.snapshotLogThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
    return props;
  }
}
