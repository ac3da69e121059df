package io.chronik.broker.raft;

import io.chronik.broker.MetaGroupIds;
import io.chronik.broker.meta.MetaCodec;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.MetadataService;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.replication.GroupHost;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.replication.NotLeaderException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's Ratis server. It hosts the metadata group and one group per local partition
 * (multi-raft), proposes entries to the groups it leads, and joins or leaves groups on request.
 *
 * <p>Node {@code N} is Raft peer {@code nN}. The metadata group's id is the cluster's own ({@link
 * MetaGroupIds}), recorded in {@code node.json}: this server refuses to host the metadata group of
 * another cluster. A node waiting to join learns the id when the cluster adds it.
 */
public final class RaftNode implements GroupHost, MetadataService, AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(RaftNode.class);

  /**
   * The directory under the Raft storage dir that holds a group's storage.
   *
   * @param groupKey "__meta" or a partition group's id
   */
  public static java.nio.file.Path groupDir(java.nio.file.Path raftDir, String groupKey) {
    return GroupDirs.groupDir(raftDir, groupKey);
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
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private volatile RaftClient metaClient;
  private SnapshotRelay snapshots;

  private RaftNode(
      RaftServer server,
      MetaGroupRef metaGroup,
      RaftPeerId selfId,
      IntFunction<String> peerAddress,
      MetadataStateMachine meta,
      RaftProperties properties,
      LeaderEvents events) {
    this.events = events;
    this.server = server;
    this.metaGroup = metaGroup;
    this.selfId = selfId;
    this.peerAddress = peerAddress;
    this.meta = meta;
    this.properties = properties;
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
      java.nio.file.Path raftDir,
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
    server.start();
    LOGGER.info(
        "Raft server {} listening on {}:{}",
        self,
        bindHost,
        server.getServerRpc().getInetSocketAddress().getPort());
    RaftNode node = new RaftNode(server, metaGroup, self, peerAddress, meta, props, events);
    node.snapshots = snapshots;
    return node;
  }

  /** Passes snapshot events to the listener set after start (state machines exist before it). */
  private static final class SnapshotRelay implements SnapshotListener {
    private volatile SnapshotListener target = SnapshotListener.NONE;

    @Override
    public void snapshotTaken(String groupKey, long term, long index) {
      target.snapshotTaken(groupKey, term, index);
    }
  }

  /** The metadata group's Raft id (a UUID), empty while this node waits to be added. */
  public Optional<UUID> metaGroupId() {
    RaftGroupId id = metaGroup.id();
    return id == null ? Optional.empty() : Optional.of(id.getUuid());
  }

  RaftGroupId metaGroup() {
    RaftGroupId id = metaGroup.id();
    if (id == null) {
      throw new IllegalStateException("this node is not in a cluster's metadata group yet");
    }
    return id;
  }

  RaftPeerId selfPeerId() {
    return selfId;
  }

  boolean isMeta(RaftGroupId groupId) {
    return groupId.equals(metaGroup.id());
  }

  private RaftGroupId groupIdOf(String groupKey) {
    return "__meta".equals(groupKey) ? metaGroup() : RaftGroupId.valueOf(UUID.fromString(groupKey));
  }

  /** Tells {@code listener} about every snapshot a group of this node records. */
  public void onSnapshot(SnapshotListener listener) {
    snapshots.target = listener;
  }

  /** The bound Raft port. */
  public int port() {
    InetSocketAddress address = server.getServerRpc().getInetSocketAddress();
    return address.getPort();
  }

  /** Joins the metadata group with the given members unless this node already has it. */
  public void ensureMetaGroup(List<Integer> members) throws IOException {
    RaftGroupId metaId = metaGroup();
    if (!hasGroup(metaId)) {
      server.groupManagement(
          GroupManagementRequest.newAdd(
              clientId, selfId, callIds.incrementAndGet(), group(metaId, members)));
      LOGGER.info("created the metadata group {} with members {}", metaId.getUuid(), members);
    }
    // this node's own address comes from the live server: with port 0 it changes at every start
    List<RaftPeer> peers = new ArrayList<>();
    for (RaftPeer p : server.getDivision(metaId).getGroup().getPeers()) {
      peers.add(
          p.getId().equals(selfId)
              ? RaftPeer.newBuilder(p)
                  .setAddress(peerAddress.apply(RaftPeers.nodeIdOf(selfId)))
                  .build()
              : p);
    }
    metaClient =
        RaftClient.newBuilder()
            .setProperties(properties)
            .setClientId(ClientId.randomId())
            .setRaftGroup(RaftGroup.valueOf(metaId, peers))
            .setRetryPolicy(
                RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                    50, TimeDuration.valueOf(200, java.util.concurrent.TimeUnit.MILLISECONDS)))
            .build();
    events.ready(this);
  }

  /** Whether this server hosts the metadata group; a node started with --join does once added. */
  public boolean hasMetaGroup() {
    RaftGroupId id = metaGroup.id();
    return id != null && hasGroup(id);
  }

  /** The metadata group's current configuration as this server knows it. */
  List<RaftPeer> metaPeers() throws IOException {
    return new ArrayList<>(server.getDivision(metaGroup()).getRaftConf().getCurrentPeers());
  }

  /** Raft configuration changes (members, leadership) of any group, run from this node. */
  public RaftMembership membership() {
    return new RaftMembership(this, properties, peerAddress);
  }

  /** The leader changes this node has seen, per group. */
  public io.chronik.broker.replication.ElectionJournal journal() {
    return events.journal();
  }

  /**
   * Moves the leadership of a group to another member: raises that member's Raft priority (so the
   * group does not hand leadership back to its old preferred leader) and asks the current leader to
   * step down in its favour. Blocks up to {@code timeoutMs}.
   *
   * @param groupKey a partition group id, or {@code __meta}
   * @param members the group's member node ids
   */
  public void transferLeader(String groupKey, List<Integer> members, int to, long timeoutMs)
      throws IOException {
    RaftGroupId gid = groupIdOf(groupKey);
    List<RaftPeer> peers = new ArrayList<>();
    for (int member : members) {
      peers.add(
          RaftPeer.newBuilder()
              .setId(RaftPeers.peerId(member))
              .setAddress(peerAddress.apply(member))
              .setPriority(member == to ? 2 : 0)
              .build());
    }
    events.journal().transferRequested(groupKey);
    try (RaftClient client =
        RaftClient.newBuilder()
            .setProperties(properties)
            .setClientId(ClientId.randomId())
            .setRaftGroup(RaftGroup.valueOf(gid, peers))
            .build()) {
      RaftClientReply conf = client.admin().setConfiguration(peers);
      if (!conf.isSuccess()) {
        throw new IOException(
            "cannot set the priorities of group " + groupKey + ": " + conf.getException());
      }
      RaftClientReply reply = client.admin().transferLeadership(RaftPeers.peerId(to), timeoutMs);
      if (!reply.isSuccess()) {
        throw new IOException(
            "leadership of group "
                + groupKey
                + " did not move to node "
                + to
                + ": "
                + reply.getException());
      }
    }
  }

  /**
   * Takes a snapshot of a group now, whatever the log threshold says; returns its index (the latest
   * snapshot's when nothing was applied since).
   *
   * @param groupKey a partition group id, or {@code __meta}
   */
  public long snapshotNow(String groupKey, long timeoutMs) throws IOException {
    RaftGroupId gid = groupIdOf(groupKey);
    RaftClientReply reply =
        server.snapshotManagement(
            org.apache.ratis.protocol.SnapshotManagementRequest.newCreate(
                clientId, selfId, gid, callIds.incrementAndGet(), timeoutMs, 1));
    if (!reply.isSuccess()) {
      throw new IOException("snapshot of group " + groupKey + " failed: " + reply.getException());
    }
    return reply.getLogIndex();
  }

  /**
   * Where a group's snapshot at {@code (term, index)} lives: a directory for a partition group, a
   * file for the metadata group. Empty when the group is not here.
   */
  public Optional<java.nio.file.Path> snapshotPath(String groupKey, long term, long index) {
    RaftGroupId gid = groupIdOf(groupKey);
    try {
      java.io.File sm =
          server.getDivision(gid).getRaftStorage().getStorageDir().getStateMachineDir();
      return Optional.of(sm.toPath().resolve("snapshot." + term + "_" + index));
    } catch (IOException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** The term of a group's latest snapshot, -1 when none. */
  public long snapshotTerm(String groupKey) {
    RaftGroupId gid = groupIdOf(groupKey);
    try {
      SnapshotInfo s = server.getDivision(gid).getStateMachine().getLatestSnapshot();
      return s == null ? -1 : s.getTerm();
    } catch (IOException | IllegalStateException e) {
      return -1;
    }
  }

  /** The members of a group hosted here (node ids), in configuration order. */
  public List<Integer> members(String groupKey) throws IOException {
    RaftGroupId gid = groupIdOf(groupKey);
    List<Integer> out = new ArrayList<>();
    for (RaftPeer p : server.getDivision(gid).getGroup().getPeers()) {
      out.add(RaftPeers.nodeIdOf(p.getId()));
    }
    return out;
  }

  /** Whether {@code nodeId} has the highest Raft priority among the group's members. */
  boolean isPreferred(RaftGroupId gid, int nodeId) {
    try {
      int best = Integer.MIN_VALUE;
      int mine = Integer.MIN_VALUE;
      for (RaftPeer p : server.getDivision(gid).getRaftConf().getCurrentPeers()) {
        best = Math.max(best, p.getPriority());
        if (RaftPeers.nodeIdOf(p.getId()) == nodeId) {
          mine = p.getPriority();
        }
      }
      return mine == best && best > 0;
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }

  /** The Kafka leader epoch of a partition group's term (the term plus its epoch base). */
  long epochOf(RaftGroupId gid, long term) {
    try {
      if (server.getDivision(gid).getStateMachine() instanceof PartitionStateMachine p) {
        return p.epochOf(term);
      }
    } catch (IOException | IllegalStateException e) {
      // the group is gone: the term is as good as anything
    }
    return term;
  }

  long term(RaftGroupId gid) throws IOException {
    return server.getDivision(gid).getInfo().getCurrentTerm();
  }

  private boolean hasGroup(RaftGroupId id) {
    for (RaftGroupId g : server.getGroupIds()) {
      if (g.equals(id)) {
        return true;
      }
    }
    return false;
  }

  private RaftGroup group(RaftGroupId id, List<Integer> members) {
    List<RaftPeer> peers = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      int member = members.get(i);
      peers.add(
          RaftPeer.newBuilder()
              .setId(RaftPeers.peerId(member))
              .setAddress(peerAddress.apply(member))
              // the first replica is the preferred leader
              .setPriority(i == 0 ? 1 : 0)
              .build());
    }
    return RaftGroup.valueOf(id, peers);
  }

  // ---- MetadataService

  @Override
  public MetadataImage image() {
    return meta.image();
  }

  @Override
  public CompletableFuture<MetaResult> submit(MetaCommand command) {
    RaftClient client = metaClient;
    if (client == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("metadata group not started"));
    }
    return client
        .async()
        .send(Message.valueOf(ByteString.copyFrom(MetaCodec.encode(command))))
        .thenApply(
            reply -> {
              if (!reply.isSuccess()) {
                throw new IllegalStateException("metadata write failed: " + reply.getException());
              }
              return MetaCodec.decode(
                  reply.getMessage().getContent().toByteArray(), MetaResult.class);
            });
  }

  @Override
  public void addListener(Consumer<MetadataImage> listener) {
    meta.addListener(listener);
  }

  /** The metadata group's status. */
  public Optional<GroupStatus> metaStatus() {
    RaftGroupId id = metaGroup.id();
    return id == null ? Optional.empty() : status(id, "meta");
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
    RaftGroupId gid = RaftGroupId.valueOf(UUID.fromString(groupId));
    RaftClientRequest request =
        RaftClientRequest.newBuilder()
            .setClientId(clientId)
            .setServerId(selfId)
            .setGroupId(gid)
            .setCallId(callIds.incrementAndGet())
            .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(payload)))
            .setType(RaftClientRequest.writeRequestType())
            .build();
    CompletableFuture<RaftClientReply> future;
    try {
      future = server.submitClientRequestAsync(request);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return future.thenApply(reply -> unwrap(groupId, reply));
  }

  @Override
  public CompletableFuture<Void> readBarrier(String groupId) {
    RaftClientRequest request =
        RaftClientRequest.newBuilder()
            .setClientId(clientId)
            .setServerId(selfId)
            .setGroupId(RaftGroupId.valueOf(UUID.fromString(groupId)))
            .setCallId(callIds.incrementAndGet())
            .setMessage(Message.EMPTY)
            .setType(RaftClientRequest.readRequestType())
            .build();
    try {
      return server
          .submitClientRequestAsync(request)
          .thenApply(
              reply -> {
                unwrap(groupId, reply);
                return null;
              });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static ByteBuffer unwrap(String groupId, RaftClientReply reply) {
    if (reply.isSuccess()) {
      return reply.getMessage().getContent().asReadOnlyByteBuffer();
    }
    if (reply.getNotLeaderException() != null) {
      RaftPeer suggested = reply.getNotLeaderException().getSuggestedLeader();
      throw new NotLeaderException(
          groupId, suggested == null ? -1 : RaftPeers.nodeIdOf(suggested.getId()));
    }
    if (reply.getLeaderNotReadyException() != null
        || reply.getLeaderSteppingDownException() != null) {
      throw new NotLeaderException(groupId, -1);
    }
    throw new IllegalStateException(
        "Raft write to group " + groupId + " failed: " + reply.getException());
  }

  @Override
  public void addGroup(String groupId, List<Integer> replicas) throws IOException {
    RaftGroupId gid = RaftGroupId.valueOf(UUID.fromString(groupId));
    if (hasGroup(gid)) {
      return;
    }
    try {
      RaftClientReply reply =
          server.groupManagement(
              GroupManagementRequest.newAdd(
                  clientId, selfId, callIds.incrementAndGet(), group(gid, replicas)));
      if (!reply.isSuccess()) {
        throw new IOException("cannot create Raft group " + groupId + ": " + reply.getException());
      }
    } catch (AlreadyExistsException e) {
      LOGGER.debug("Raft group {} already exists", groupId);
    }
  }

  @Override
  public void removeGroup(String groupId) throws IOException {
    RaftGroupId gid = RaftGroupId.valueOf(UUID.fromString(groupId));
    if (!hasGroup(gid)) {
      return;
    }
    server.groupManagement(
        GroupManagementRequest.newRemove(
            clientId, selfId, callIds.incrementAndGet(), gid, true, false));
  }

  @Override
  public Set<String> localGroups() {
    Set<String> groups = new HashSet<>();
    for (RaftGroupId g : server.getGroupIds()) {
      // a metadata group id is never a partition's (another cluster's is refused, see MetaGroupRef)
      if (!MetaGroupIds.isMetaGroupId(g.getUuid())) {
        groups.add(g.getUuid().toString());
      }
    }
    return groups;
  }

  @Override
  public Optional<GroupStatus> status(String groupId) {
    return status(RaftGroupId.valueOf(UUID.fromString(groupId)), "partition");
  }

  @Override
  public List<GroupStatus> statuses() {
    List<GroupStatus> all = new ArrayList<>();
    metaStatus().ifPresent(all::add);
    for (String g : localGroups()) {
      status(g).ifPresent(all::add);
    }
    return all;
  }

  private Optional<GroupStatus> status(RaftGroupId gid, String kind) {
    try {
      return Optional.of(status(server.getDivision(gid), gid, kind));
    } catch (IOException | IllegalStateException e) {
      // the group is not there, or still initialising its log
      return Optional.empty();
    }
  }

  private GroupStatus status(RaftServer.Division division, RaftGroupId gid, String kind) {
    var info = division.getInfo();
    RaftLog log = division.getRaftLog();
    SnapshotInfo snapshot = division.getStateMachine().getLatestSnapshot();
    List<GroupStatus.FollowerStatus> followers = new ArrayList<>();
    if (info.isLeader()) {
      Map<String, Long> lastRpc = new java.util.HashMap<>();
      var roleInfo = info.getRoleInfoProto();
      if (roleInfo.hasLeaderInfo()) {
        roleInfo
            .getLeaderInfo()
            .getFollowerInfoList()
            .forEach(
                f -> lastRpc.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs()));
      }
      Collection<CommitInfoProto> commits = division.getCommitInfos();
      for (CommitInfoProto c : commits) {
        String id = c.getServer().getId().toStringUtf8();
        if (!id.equals(selfId.toString())) {
          followers.add(
              new GroupStatus.FollowerStatus(
                  RaftPeers.nodeIdOf(RaftPeerId.valueOf(id)),
                  c.getCommitIndex(),
                  lastRpc.getOrDefault(id, -1L)));
        }
      }
    }
    var last = log.getLastEntryTermIndex();
    return new GroupStatus(
        isMeta(gid) ? "__meta" : gid.getUuid().toString(),
        kind,
        info.getCurrentRole().name(),
        info.isLeaderReady(),
        RaftPeers.nodeIdOf(info.getLeaderId()),
        info.getCurrentTerm(),
        log.getLastCommittedIndex(),
        info.getLastAppliedIndex(),
        log.getStartIndex(),
        last == null ? -1 : last.getIndex(),
        snapshot == null ? -1 : snapshot.getIndex(),
        followers);
  }

  /**
   * Whether the group has a leader, this node has received at least one committed entry from it
   * (every leader commits an entry when elected, so a group that has a leader has index 0
   * committed), and has applied everything it knows to be committed. A node whose Raft storage was
   * wiped has committed nothing until the leader's entries or snapshot arrive.
   */
  public boolean isCaughtUp(GroupStatus status) {
    return status.leaderId() >= 0
        && status.commitIndex() >= 0
        && status.appliedIndex() >= status.commitIndex();
  }

  /**
   * Asks a group's leader, from a node that may be a follower, to step down; the group then elects
   * a leader again (usually the same node) in a new term.
   *
   * <p>Used to get a follower whose Raft storage was wiped going. A Ratis 3.3 leader keeps the
   * follower's old match index and never sends it anything below it: it answers the follower's "my
   * log is empty" with the same heartbeat, or the same entries, again and again (RATIS-2523). A new
   * term's leader starts with no match index for any follower, so it sends the wiped node its log,
   * or its snapshot when the log was purged.
   *
   * @param groupKey a partition group id, or {@code __meta}
   */
  public CompletableFuture<Void> stepDownLeader(String groupKey, long timeoutMs) {
    RaftGroupId gid = groupIdOf(groupKey);
    return CompletableFuture.runAsync(
        () -> {
          try (RaftClient client =
              groupClient(
                  gid,
                  RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                      3, TimeDuration.valueOf(200, java.util.concurrent.TimeUnit.MILLISECONDS)))) {
            RaftClientReply reply = client.admin().transferLeadership(null, timeoutMs);
            if (!reply.isSuccess()) {
              throw new IOException(
                  "the leader of group "
                      + groupKey
                      + " did not step down: "
                      + reply.getException());
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /**
   * The commit index that a group's leader records for this node (from this node's answers to it),
   * -1 when it records none. A leader never lowers that record, so a record of 0 or more for a node
   * that has committed nothing shows that the node lost its Raft storage since it last answered.
   *
   * @param groupKey a partition group id, or {@code __meta}
   * @param leaderId the node id of the group's leader
   */
  public CompletableFuture<Long> commitIndexKnownToLeader(String groupKey, int leaderId) {
    RaftGroupId gid = groupIdOf(groupKey);
    return CompletableFuture.supplyAsync(
        () -> {
          try (RaftClient client = groupClient(gid, RetryPolicies.noRetry())) {
            for (CommitInfoProto c :
                client
                    .getGroupManagementApi(RaftPeers.peerId(leaderId))
                    .info(gid)
                    .getCommitInfos()) {
              if (c.getServer().getId().toStringUtf8().equals(selfId.toString())) {
                return c.getCommitIndex();
              }
            }
            return -1L;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** A client of a group hosted here, addressed to its current members. */
  private RaftClient groupClient(RaftGroupId gid, org.apache.ratis.retry.RetryPolicy retry)
      throws IOException {
    List<RaftPeer> peers = new ArrayList<>();
    for (RaftPeer p : server.getDivision(gid).getRaftConf().getCurrentPeers()) {
      peers.add(
          p.getId().equals(selfId)
              ? RaftPeer.newBuilder(p)
                  .setAddress(peerAddress.apply(RaftPeers.nodeIdOf(selfId)))
                  .build()
              : p);
    }
    return RaftClient.newBuilder()
        .setProperties(properties)
        .setClientId(ClientId.randomId())
        .setRaftGroup(RaftGroup.valueOf(gid, peers))
        .setRetryPolicy(retry)
        .build();
  }

  @Override
  public void close() throws IOException {
    events.close();
    if (metaClient != null) {
      metaClient.close();
    }
    server.close();
  }
}
