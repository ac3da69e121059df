package io.chronik.broker.raft;

import io.chronik.broker.MetaGroupIds;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.MetadataService;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.replication.ElectionJournal;
import io.chronik.broker.replication.GroupHost;
import io.chronik.broker.replication.GroupStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.util.ExitUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's Ratis server. It hosts the metadata group and one group per local partition
 * (multi-raft), proposes entries to the groups it leads, and joins or leaves groups on request.
 *
 * <p>Node {@code N} is Raft peer {@code nN}. The metadata group's id is the cluster's own ({@link
 * MetaGroupIds}), recorded in {@code node.json}: this server refuses to host the metadata group of
 * another cluster. A node waiting to join learns the id when the cluster adds it.
 *
 * <p>This class is the façade the rest of the broker uses; the work is done by: {@link
 * RaftServerConfig} (the server's properties), {@link GroupDirs} (group storage on disk), {@link
 * RaftGroups} (which groups the server hosts), {@link LocalRequests} (proposals and management
 * requests to this server), {@link GroupClients} (calls to a group's leader through a Raft client),
 * {@link GroupStatuses} (read-only views of the groups), {@link SnapshotRelay} (snapshot events)
 * and {@link RaftMembership} (configuration changes).
 */
public final class RaftNode implements GroupHost, MetadataService, AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(RaftNode.class);

  /**
   * The directory under the Raft storage dir that holds a group's storage.
   *
   * @param groupKey "__meta" or a partition group's id
   */
  public static Path groupDir(Path raftDir, String groupKey) {
    return GroupDirs.groupDir(raftDir, groupKey);
  }

  /**
   * Whether a group directory holds Raft storage (a log segment or a snapshot), read without a
   * running server. A group without it starts with an empty log and no snapshot.
   */
  public static boolean hasRaftStorage(Path groupDir) {
    return GroupDirs.hasStorage(groupDir);
  }

  /**
   * Tuning of the Ratis server.
   *
   * @param writeCaching when true, a log entry counts toward the majority once it is written to the
   *     OS (Ratis "unsafe flush"); the fsync follows in the background. When false (the default),
   *     only after it is fsynced.
   */
  public record Settings(
      int electionTimeoutMinMs,
      int electionTimeoutMaxMs,
      int maxEntryBytes,
      boolean snapshotEnabled,
      long snapshotLogThreshold,
      long logSegmentBytes,
      boolean writeCaching) {
    public static Settings defaults() {
      return new Settings(
          1000,
          2000,
          io.chronik.broker.partition.PartitionEntry.MAX_ENTRY_BYTES,
          true,
          10_000,
          64L * 1024 * 1024,
          false);
    }

    /** A copy with the snapshot trigger and the Ratis log segment size set. */
    public Settings withSnapshots(boolean enabled, long logThreshold, long segmentBytes) {
      return new Settings(
          electionTimeoutMinMs,
          electionTimeoutMaxMs,
          maxEntryBytes,
          enabled,
          logThreshold,
          segmentBytes,
          writeCaching);
    }

    /** A copy with write caching on or off. */
    public Settings withWriteCaching(boolean enabled) {
      return new Settings(
          electionTimeoutMinMs,
          electionTimeoutMaxMs,
          maxEntryBytes,
          snapshotEnabled,
          snapshotLogThreshold,
          logSegmentBytes,
          enabled);
    }

    /** How often a leader heartbeats an idle follower: Ratis waits half the minimum timeout. */
    public int heartbeatIntervalMs() {
      return electionTimeoutMinMs / 2;
    }
  }

  private final RaftServer server;
  private final MetaGroupRef metaGroup;
  private final RaftPeerId selfId;
  private final IntFunction<String> peerAddress;
  private final MetadataStateMachine meta;
  private final RaftProperties properties;
  private final LeaderEvents events;
  private final SnapshotRelay snapshots;
  private final LocalRequests requests;
  private final RaftGroups groups;
  private final GroupStatuses statuses;
  private final GroupClients clients;
  private final LeaderHandOver handOver;
  private final LeaderElections elections;

  private RaftNode(
      RaftServer server,
      MetaGroupRef metaGroup,
      RaftPeerId selfId,
      IntFunction<String> peerAddress,
      MetadataStateMachine meta,
      RaftProperties properties,
      LeaderEvents events,
      SnapshotRelay snapshots) {
    this.events = events;
    this.server = server;
    this.metaGroup = metaGroup;
    this.selfId = selfId;
    this.peerAddress = peerAddress;
    this.meta = meta;
    this.properties = properties;
    this.snapshots = snapshots;
    this.requests = new LocalRequests(server, selfId);
    this.groups = new RaftGroups(server, metaGroup, peerAddress, requests);
    this.statuses = new GroupStatuses(server, metaGroup, selfId, groups);
    this.clients =
        new GroupClients(server, metaGroup, selfId, peerAddress, properties, events.journal());
    this.handOver = new LeaderHandOver(this, clients, RaftPeers.nodeIdOf(selfId));
    // a follower that missed two heartbeats (half the minimum election timeout each) is not live
    this.elections =
        new LeaderElections(
            this, RaftServerConfigKeys.Rpc.timeoutMin(properties).toLong(TimeUnit.MILLISECONDS));
  }

  /**
   * Starts the Ratis server on {@code raftDir}, recovering every group found there.
   *
   * @param metaGroupId the cluster's metadata group id ({@code node.json}); null when the node
   *     waits to be added to a cluster, which then tells it
   * @param peerAddress the Raft address ({@code host:port}) of a node id
   */
  public static RaftNode start(
      int nodeId,
      String bindHost,
      int raftPort,
      Path raftDir,
      UUID metaGroupId,
      Settings settings,
      ReplicaManager replicas,
      IntFunction<String> peerAddress)
      throws IOException {
    RaftProperties props = RaftServerConfig.properties(bindHost, raftPort, raftDir, settings);
    LeaderEvents events = new LeaderEvents(nodeId);
    SnapshotRelay snapshots = new SnapshotRelay();
    MetadataStateMachine meta =
        new MetadataStateMachine(
            events,
            snapshots,
            io.chronik.broker.snapshot.RestoreMarker.metaImage(
                raftDir.toAbsolutePath().getParent()));
    MetaGroupRef metaGroup =
        new MetaGroupRef(metaGroupId == null ? null : RaftGroupId.valueOf(metaGroupId));
    StateMachine.Registry registry =
        groupId ->
            metaGroup.claims(groupId)
                ? meta
                : new PartitionStateMachine(replicas, events, snapshots);
    RaftPeerId self = RaftPeers.peerId(nodeId);
    RaftServer server =
        RaftServer.newBuilder()
            .setServerId(self)
            .setProperties(props)
            .setStateMachineRegistry(registry)
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
    RatisExit.disableSystemExit();
    try {
      server.start();
    } catch (ExitUtils.ExitException e) {
      server.close();
      throw RatisExit.startFailure(e);
    } catch (IOException | RuntimeException e) {
      // a group that failed to start (its state machine refused its data): the groups that did
      // start hold their storage locks until the server is closed
      try {
        server.close();
      } catch (IOException | RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    LOGGER.info(
        "Raft server {} listening on {}:{}",
        self,
        bindHost,
        server.getServerRpc().getInetSocketAddress().getPort());
    return new RaftNode(server, metaGroup, self, peerAddress, meta, props, events, snapshots);
  }

  /**
   * Brings the lead of each group this node leads to the group's preferred leader where Ratis does
   * not do it by itself, once {@code ready} says that node is ready; run it once a second.
   */
  public Runnable preferredLeaderWatch(java.util.function.IntPredicate ready) {
    return new PreferredLeaderWatch(
        server,
        metaGroup,
        selfId,
        RaftServerConfigKeys.Rpc.timeoutMax(properties).toLong(TimeUnit.MILLISECONDS),
        ready);
  }

  /** The metadata group's Raft id (a UUID), empty while this node waits to be added. */
  public Optional<UUID> metaGroupId() {
    RaftGroupId id = metaGroup.id();
    return id == null ? Optional.empty() : Optional.of(id.getUuid());
  }

  RaftGroupId metaGroup() {
    return metaGroup.require();
  }

  RaftPeerId selfPeerId() {
    return selfId;
  }

  boolean isMeta(RaftGroupId groupId) {
    return metaGroup.isMeta(groupId);
  }

  /** Tells {@code listener} about every snapshot a group of this node records. */
  public void onSnapshot(SnapshotListener listener) {
    snapshots.setTarget(listener);
  }

  /** The bound Raft port. */
  public int port() {
    return server.getServerRpc().getInetSocketAddress().getPort();
  }

  /** Joins the metadata group with the given members unless this node already has it. */
  public void ensureMetaGroup(List<Integer> members) throws IOException {
    RaftGroupId metaId = groups.ensureMeta(members);
    clients.openMetaClient(metaId);
    events.ready(this);
  }

  /** Whether this server hosts the metadata group; a node started with --join does once added. */
  public boolean hasMetaGroup() {
    return groups.hasMeta();
  }

  /**
   * Whether this server hosts the metadata group and is in its configuration as this server knows
   * it: a node that was added, not only given the group to host (an add-node under another node id
   * gives it the group, then takes it off again).
   */
  public boolean isMetaMember() {
    if (!hasMetaGroup()) {
      return false;
    }
    try {
      return metaPeers().stream().anyMatch(p -> p.getId().equals(selfId));
    } catch (IOException | RuntimeException e) {
      return false; // the group was just taken off again
    }
  }

  /** The metadata group's current configuration as this server knows it. */
  List<RaftPeer> metaPeers() throws IOException {
    return groups.metaPeers();
  }

  /** Raft configuration changes (members, leadership) of any group, run from this node. */
  public RaftMembership membership() {
    return new RaftMembership(this, properties, peerAddress);
  }

  /** The leader changes this node has seen, per group. */
  public ElectionJournal journal() {
    return events.journal();
  }

  /**
   * Moves the leadership of a group to member {@code to}, raising its priority; blocks up to {@code
   * timeoutMs}. See {@link GroupClients#transferLeader}.
   */
  public void transferLeader(String groupKey, List<Integer> members, int to, long timeoutMs)
      throws IOException {
    clients.transferLeader(groupKey, members, to, timeoutMs);
  }

  /**
   * Takes a snapshot of a group now, whatever the log threshold says; returns its index (the latest
   * snapshot's when nothing was applied since).
   *
   * @param groupKey a partition group id, or {@code __meta}
   */
  public long snapshotNow(String groupKey, long timeoutMs) throws IOException {
    return requests.snapshotNow(groupKey, metaGroup.groupIdOf(groupKey), timeoutMs);
  }

  /**
   * Where a group's snapshot at {@code (term, index)} lives: a directory for a partition group, a
   * file for the metadata group. Empty when the group is not here.
   */
  public Optional<Path> snapshotPath(String groupKey, long term, long index) {
    return statuses.snapshotPath(groupKey, term, index);
  }

  /** See {@link GroupStatuses#logBytes}: a group's closed Raft log segments here, in bytes. */
  public long logBytes(String groupKey) {
    return statuses.logBytes(groupKey);
  }

  /** The term of a group's latest snapshot, -1 when none. */
  public long snapshotTerm(String groupKey) {
    return statuses.snapshotTerm(groupKey);
  }

  /** The members of a group hosted here (node ids), in configuration order. */
  public List<Integer> members(String groupKey) throws IOException {
    return groups.members(groupKey);
  }

  boolean isPreferred(RaftGroupId gid, int nodeId) {
    return statuses.isPreferred(gid, nodeId);
  }

  long epochOf(RaftGroupId gid, long term) {
    return statuses.epochOf(gid, term);
  }

  long term(RaftGroupId gid) throws IOException {
    return statuses.term(gid);
  }

  // ---- MetadataService

  @Override
  public MetadataImage image() {
    return meta.image();
  }

  @Override
  public long appliedIndex() {
    return meta.appliedIndex();
  }

  @Override
  public CompletableFuture<MetaResult> submit(MetaCommand command) {
    return clients.submitMeta(command);
  }

  @Override
  public void addListener(Consumer<MetadataImage> listener) {
    meta.addListener(listener);
  }

  /** The metadata group's status. */
  public Optional<GroupStatus> metaStatus() {
    return statuses.meta();
  }

  /**
   * The metadata group's term while this node leads it and has applied every entry of earlier terms
   * (its leadership is ready), else -1: the term in which this node coordinates groups.
   */
  public long metaLeaderTerm() {
    return statuses.metaLeaderTerm();
  }

  /**
   * Whether the metadata group's leader told this node that the group's configuration no longer
   * names it (Ratis then shuts this node's division of the group down): the node was removed.
   */
  public boolean metaExpelled() {
    return meta.expelled();
  }

  // ---- GroupHost

  @Override
  public CompletableFuture<ByteBuffer> submit(String groupId, ByteBuffer payload) {
    return requests.write(groupId, payload);
  }

  @Override
  public CompletableFuture<Void> readBarrier(String groupId) {
    return requests.readBarrier(groupId);
  }

  @Override
  public void addGroup(String groupId, List<Integer> replicas) throws IOException {
    groups.add(groupId, replicas);
  }

  @Override
  public void removeGroup(String groupId) throws IOException {
    groups.remove(groupId);
  }

  @Override
  public Set<String> localGroups() {
    return groups.partitionGroups();
  }

  @Override
  public Optional<GroupStatus> status(String groupId) {
    return statuses.partition(groupId);
  }

  @Override
  public List<GroupStatus> statuses() {
    return statuses.all();
  }

  /**
   * Whether the group has a leader and this node has applied every entry it knows to be committed,
   * at least one. See {@link GroupStatuses#isCaughtUp}.
   */
  public boolean isCaughtUp(GroupStatus status) {
    return GroupStatuses.isCaughtUp(status);
  }

  /**
   * Gets a group a new term's leader, so that it serves this node again from scratch (a wiped
   * follower): the leader hands leadership to another member, else steps down. See {@link
   * LeaderHandOver}.
   */
  public CompletableFuture<Void> newTerm(String groupKey, long timeoutMs) {
    return handOver.newTerm(groupKey, timeoutMs);
  }

  /**
   * Puts back what {@link #newTerm} changed in a group (a member's raised priority), once this node
   * has its storage for the group again.
   */
  public CompletableFuture<Void> settleNewTerm(String groupKey, long timeoutMs) {
    return handOver.settle(groupKey, timeoutMs);
  }

  /**
   * The commit index that a group's leader records for this node, -1 when none. See {@link
   * GroupClients#commitIndexKnownToLeader}.
   */
  public CompletableFuture<Long> commitIndexKnownToLeader(String groupKey, int leaderId) {
    return clients.commitIndexKnownToLeader(groupKey, leaderId);
  }

  @Override
  public CompletableFuture<io.chronik.broker.replication.LeaderElection> electLeader(
      String groupId, List<Integer> replicas, int knownLeader, boolean preferred, long timeoutMs) {
    return elections.elect(groupId, replicas, knownLeader, preferred, timeoutMs);
  }

  @Override
  public void close() throws IOException {
    elections.close();
    events.close();
    clients.close();
    server.close();
  }
}
