package io.chronik.broker.raft;

import io.chronik.broker.replication.GroupMembers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft configuration changes of any group, run from any node: reading a group's members from its
 * leader, adding a server to the metadata group, setting a group's members (Raft joint consensus:
 * Ratis catches a new member up before the configuration that counts it commits), moving its
 * leadership. Every call blocks, retries while another change of the same group is in progress, and
 * gives up at its deadline with an {@link IOException} that says why.
 *
 * <p>Group keys are {@code __meta} or a partition group id (a UUID string). Members are named by
 * node id; addresses come from the group's own configuration where a member is known to it,
 * otherwise from the node's address book (peers flag, then registered nodes).
 */
public final class RaftMembership {
  private static final Logger LOGGER = LoggerFactory.getLogger(RaftMembership.class);
  private static final long RETRY_SLEEP_MS = 300;

  private final RaftNode node;
  private final RaftProperties properties;
  private final IntFunction<String> peerAddress;

  RaftMembership(RaftNode node, RaftProperties base, IntFunction<String> peerAddress) {
    this.node = node;
    this.peerAddress = peerAddress;
    this.properties = new RaftProperties(base);
    RaftClientConfigKeys.Rpc.setRequestTimeout(
        properties, TimeDuration.valueOf(10, TimeUnit.SECONDS));
  }

  /**
   * The members of a group as its leader reports them.
   *
   * @param known node ids believed to be members (one live member is enough to find the leader)
   * @throws IOException when no member answers with a leader before the deadline
   */
  public GroupMembers members(String groupKey, List<Integer> known, long timeoutMs)
      throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    RaftGroupId gid = groupId(groupKey);
    IOException last = null;
    while (true) {
      List<RaftPeer> candidates = peers(known, Map.of());
      for (RaftPeer p : candidates) {
        try {
          GroupInfoReply info = info(gid, p, candidates);
          RaftPeerId leader = leaderOf(info);
          if (leader == null) {
            continue;
          }
          if (!leader.equals(p.getId())) {
            RaftPeer leaderPeer = peerIn(info.getGroup().getPeers(), leader);
            if (leaderPeer == null) {
              continue;
            }
            info = info(gid, leaderPeer, candidates);
            if (!leader.equals(leaderOf(info))) {
              continue;
            }
          }
          return view(groupKey, info);
        } catch (IOException e) {
          last = e;
        } catch (RuntimeException e) {
          // a member still starting the group answers with an internal error
          last = new IOException(e.getMessage(), e);
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException(
            "no leader of group "
                + groupKey
                + " answered among nodes "
                + known
                + (last == null ? "" : ": " + last.getMessage()),
            last);
      }
      sleep();
    }
  }

  /** The metadata group's members as this node's configuration names them. */
  public List<Integer> localMetaMembers() {
    try {
      return nodeIds(node.metaPeers());
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** Whether the server of {@code nodeId} hosts the group (joined it, maybe still waiting). */
  public boolean hosts(int nodeId, String groupKey) {
    RaftGroupId gid = groupId(groupKey);
    try {
      RaftPeer peer = peer(nodeId, 0, Map.of());
      try (RaftClient client = client(gid, List.of(peer))) {
        return client.getGroupManagementApi(peer.getId()).list().getGroupIds().contains(gid);
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Adds a server to the metadata group: creates the group on the new server with the current
   * configuration (which does not name it, so it waits instead of starting elections), then sets
   * the configuration with it. Idempotent: a member is left as it is.
   *
   * @param address the new server's Raft address, {@code host:port}
   * @throws IOException when the new server does not answer, already belongs to a cluster, or the
   *     change does not commit before the deadline
   */
  public GroupMembers addToMeta(int nodeId, String address, long timeoutMs) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    List<RaftPeer> current = new ArrayList<>(node.metaPeers());
    if (peerIn(current, RaftPeers.peerId(nodeId)) != null) {
      return members("__meta", nodeIds(current), timeoutMs);
    }
    for (RaftPeer member : current) {
      if (address.equals(member.getAddress())) {
        // a second id for a server that already is a member would make one voter count twice
        throw new IOException(
            address
                + " is the Raft address of node "
                + RaftPeers.nodeIdOf(member.getId())
                + ", a member already; give node "
                + nodeId
                + "'s own --raft address");
      }
    }
    RaftPeer added =
        RaftPeer.newBuilder().setId(RaftPeers.peerId(nodeId)).setAddress(address).build();
    List<RaftPeer> all = new ArrayList<>(current);
    all.add(added);
    RaftGroupId metaId = node.metaGroup();
    try (RaftClient client = client(metaId, all)) {
      try {
        RaftClientReply reply =
            client.getGroupManagementApi(added.getId()).add(RaftGroup.valueOf(metaId, current));
        if (!reply.isSuccess()) {
          throw new IOException(
              "node " + nodeId + " did not take the metadata group: " + reply.getException());
        }
      } catch (IOException e) {
        if (e instanceof AlreadyExistsException || e.getCause() instanceof AlreadyExistsException) {
          refuseIfMemberElsewhere(client, added, nodeId);
        } else if (String.valueOf(e.getMessage()).contains("CHR-1210")) {
          throw new IOException(
              "node "
                  + nodeId
                  + " at "
                  + address
                  + " belongs to another cluster and refused this cluster's metadata group; stop"
                  + " it, empty its data dir and start it with --join",
              e);
        } else {
          throw new IOException(
              "node "
                  + nodeId
                  + " does not answer on its Raft address "
                  + address
                  + " ("
                  + e.getMessage()
                  + "); start it first with --join",
              e);
        }
      }
      refuseAnotherNode(client, added, nodeId, metaId);
      LOGGER.info("adding node {} ({}) to the metadata group {}", nodeId, address, current);
      setConfiguration(client, "__meta", all, deadline);
    }
    return members("__meta", nodeIds(all), Math.max(1000, deadline - System.currentTimeMillis()));
  }

  /**
   * Refuses a server that took the metadata group under another id than {@code nodeId}'s (the
   * address is another --join node's): Ratis does not check the id a request is addressed to, so
   * that server would count as a voter "n{@code nodeId}" that is really another node. The group is
   * taken off it again, so that it keeps waiting to be added under its own id.
   */
  private void refuseAnotherNode(RaftClient client, RaftPeer added, int nodeId, RaftGroupId metaId)
      throws IOException {
    GroupInfoReply info = client.getGroupManagementApi(added.getId()).info(metaId);
    RaftPeerId actual = RaftPeerId.valueOf(info.getRoleInfoProto().getSelf().getId());
    if (actual.equals(added.getId())) {
      return;
    }
    try {
      client.getGroupManagementApi(added.getId()).remove(metaId, true, false);
    } catch (IOException e) {
      LOGGER.warn(
          "could not take the metadata group off the server at {} again: {}",
          added.getAddress(),
          e.getMessage());
    }
    int other = RaftPeers.nodeIdOf(actual);
    throw new IOException(
        added.getAddress()
            + " is the Raft address of node "
            + other
            + " (it was started with --node-id "
            + other
            + "), not of node "
            + nodeId
            + "; add it with --node-id "
            + other
            + ", or give node "
            + nodeId
            + "'s own --raft address");
  }

  private void refuseIfMemberElsewhere(RaftClient client, RaftPeer added, int nodeId)
      throws IOException {
    GroupInfoReply info = client.getGroupManagementApi(added.getId()).info(node.metaGroup());
    boolean member = peerIn(info.getGroup().getPeers(), added.getId()) != null;
    if (member && peerIn(node.metaPeers(), added.getId()) == null) {
      throw new IOException(
          "node "
              + nodeId
              + " already runs a metadata group of its own (it was started without --join, or its"
              + " data dir is not empty); stop it, empty its data dir and start it with --join");
    }
  }

  /**
   * Sets a group's members (node id → priority), keeping the addresses the group knows. Returns
   * once the new configuration is committed; a new member has then caught up with the leader.
   */
  public void setMembers(
      String groupKey, GroupMembers current, Map<Integer, Integer> wanted, long timeoutMs)
      throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    List<RaftPeer> peers = new ArrayList<>();
    wanted.forEach((id, priority) -> peers.add(peer(id, priority, current.addresses())));
    List<RaftPeer> reach = new ArrayList<>(peers);
    for (int id : current.priorities().keySet()) {
      if (!wanted.containsKey(id)) {
        reach.add(peer(id, 0, current.addresses()));
      }
    }
    try (RaftClient client = client(groupId(groupKey), reach, current.leader())) {
      setConfiguration(client, groupKey, peers, deadline);
    }
  }

  /** Moves a group's leadership to {@code to}, a caught-up member. */
  public void transferLeadership(String groupKey, GroupMembers current, int to, long timeoutMs)
      throws IOException {
    List<RaftPeer> peers = new ArrayList<>();
    current.priorities().forEach((id, p) -> peers.add(peer(id, p, current.addresses())));
    try (RaftClient client = client(groupId(groupKey), peers, current.leader())) {
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

  private void setConfiguration(
      RaftClient client, String groupKey, List<RaftPeer> peers, long deadline) throws IOException {
    while (true) {
      IOException failure;
      try {
        RaftClientReply reply = client.admin().setConfiguration(peers);
        if (reply.isSuccess()) {
          LOGGER.info("group {} now has members {}", groupKey, peers);
          return;
        }
        failure = reply.getException();
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException e) {
        failure = new IOException(e.getMessage(), e);
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException(
            "the members of group "
                + groupKey
                + " did not change to "
                + nodeIds(peers)
                + ": "
                + (failure == null ? "no answer" : failure.getMessage()),
            failure);
      }
      // another change in progress, a leader change, or a new member still catching up
      LOGGER.debug("group {}: configuration change retried: {}", groupKey, failure);
      sleep();
    }
  }

  /**
   * The metadata group's peers that run Raft groups but not this cluster's metadata group: nodes of
   * another cluster, or founding nodes given another --peers list (whose derived metadata group id
   * differs). A peer that does not answer, or hosts no group yet, is not named.
   *
   * @return a line per such peer, naming it and the groups it hosts
   */
  public List<String> peersOfOtherClusters() throws IOException {
    RaftGroupId metaId = node.metaGroup();
    List<String> out = new ArrayList<>();
    for (RaftPeer peer : node.metaPeers()) {
      if (peer.getId().equals(node.selfPeerId())) {
        continue;
      }
      try (RaftClient client =
          RaftClients.of(properties, RaftGroup.valueOf(metaId, List.of(peer)))
              .setRetryPolicy(RetryPolicies.noRetry())
              .build()) {
        List<RaftGroupId> hosted = client.getGroupManagementApi(peer.getId()).list().getGroupIds();
        if (!hosted.isEmpty() && !hosted.contains(metaId)) {
          out.add(
              "node "
                  + RaftPeers.nodeIdOf(peer.getId())
                  + " at "
                  + peer.getAddress()
                  + " hosts groups "
                  + hosted.stream().map(g -> g.getUuid().toString()).toList());
        }
      } catch (IOException e) {
        LOGGER.debug("cannot list the groups of {}: {}", peer, e.toString());
      }
    }
    return out;
  }

  private GroupInfoReply info(RaftGroupId gid, RaftPeer target, List<RaftPeer> peers)
      throws IOException {
    try (RaftClient client = client(gid, peers.contains(target) ? peers : List.of(target))) {
      GroupInfoReply reply = client.getGroupManagementApi(target.getId()).info(gid);
      if (!reply.isSuccess()) {
        throw new IOException(
            "node " + RaftPeers.nodeIdOf(target.getId()) + ": " + reply.getException());
      }
      return reply;
    } catch (GroupMismatchException e) {
      throw new IOException(
          "node " + RaftPeers.nodeIdOf(target.getId()) + " does not host group " + gid, e);
    }
  }

  private static RaftPeerId leaderOf(GroupInfoReply info) {
    RoleInfoProto role = info.getRoleInfoProto();
    if (role.getRole() == RaftPeerRole.LEADER) {
      return RaftPeerId.valueOf(role.getSelf().getId());
    }
    if (role.hasFollowerInfo()
        && role.getFollowerInfo().hasLeaderInfo()
        && !role.getFollowerInfo().getLeaderInfo().getId().getId().isEmpty()) {
      return RaftPeerId.valueOf(role.getFollowerInfo().getLeaderInfo().getId().getId());
    }
    return null;
  }

  private static GroupMembers view(String groupKey, GroupInfoReply leaderInfo) {
    Map<Integer, Integer> priorities = new LinkedHashMap<>();
    Map<Integer, String> addresses = new HashMap<>();
    for (RaftPeer p : leaderInfo.getGroup().getPeers()) {
      int id = RaftPeers.nodeIdOf(p.getId());
      priorities.put(id, p.getPriority());
      addresses.put(id, p.getAddress());
    }
    Map<Integer, Long> commits = new HashMap<>();
    for (CommitInfoProto c : leaderInfo.getCommitInfos()) {
      commits.put(
          RaftPeers.nodeIdOf(RaftPeerId.valueOf(c.getServer().getId())), c.getCommitIndex());
    }
    Map<Integer, Long> lastContact = new HashMap<>();
    RoleInfoProto role = leaderInfo.getRoleInfoProto();
    if (role.hasLeaderInfo()) {
      role.getLeaderInfo()
          .getFollowerInfoList()
          .forEach(
              f ->
                  lastContact.put(
                      RaftPeers.nodeIdOf(RaftPeerId.valueOf(f.getId().getId())),
                      f.getLastRpcElapsedTimeMs()));
    }
    int leader = RaftPeers.nodeIdOf(RaftPeerId.valueOf(role.getSelf().getId()));
    return new GroupMembers(groupKey, leader, priorities, addresses, commits, lastContact);
  }

  private RaftClient client(RaftGroupId gid, List<RaftPeer> peers) {
    return client(gid, peers, -1);
  }

  /**
   * A client of the group that sends its first request to {@code leader} when that is a member of
   * {@code peers} (-1: none known). Otherwise Ratis starts with the first peer, and when that one
   * cannot name the leader (a member still starting its group, such as a wiped node) the request
   * waits {@link #RETRY_SLEEP_MS} before it tries the next.
   */
  private RaftClient client(RaftGroupId gid, List<RaftPeer> peers, int leader) {
    RaftClient.Builder builder =
        RaftClients.of(properties, RaftGroup.valueOf(gid, peers))
            .setRetryPolicy(RaftClients.fixedSleep(3, RETRY_SLEEP_MS));
    return RaftClients.firstTo(builder, peers, leader >= 0 ? RaftPeers.peerId(leader) : null)
        .build();
  }

  private List<RaftPeer> peers(List<Integer> ids, Map<Integer, String> addresses) {
    List<RaftPeer> out = new ArrayList<>();
    for (int id : ids) {
      try {
        out.add(peer(id, 0, addresses));
      } catch (RuntimeException e) {
        LOGGER.debug("no Raft address for node {}: {}", id, e.toString());
      }
    }
    return out;
  }

  private RaftPeer peer(int nodeId, int priority, Map<Integer, String> addresses) {
    String address = addresses.get(nodeId);
    return RaftPeer.newBuilder()
        .setId(RaftPeers.peerId(nodeId))
        .setAddress(address != null ? address : peerAddress.apply(nodeId))
        .setPriority(priority)
        .build();
  }

  private static RaftPeer peerIn(Iterable<RaftPeer> peers, RaftPeerId id) {
    for (RaftPeer p : peers) {
      if (p.getId().equals(id)) {
        return p;
      }
    }
    return null;
  }

  private static List<Integer> nodeIds(List<RaftPeer> peers) {
    return peers.stream().map(p -> RaftPeers.nodeIdOf(p.getId())).toList();
  }

  private RaftGroupId groupId(String groupKey) {
    return "__meta".equals(groupKey)
        ? node.metaGroup()
        : RaftGroupId.valueOf(UUID.fromString(groupKey));
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(RETRY_SLEEP_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }
}
