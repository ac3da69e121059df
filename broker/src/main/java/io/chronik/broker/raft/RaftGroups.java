package io.chronik.broker.raft;

import io.chronik.broker.MetaGroupIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of the groups this node's server hosts: creating or joining a partition group or
 * the metadata group, leaving a group, and what the server hosts now. At start the server recovers
 * every group found in its storage dir ({@link GroupDirs}); the groups here are those plus the ones
 * added since, less the ones removed.
 *
 * <p>Invariants: adding a group the server already hosts changes nothing (its members stay as they
 * are; membership changes go through {@link RaftMembership}); removing a group it does not host
 * does nothing, and removing one deletes its storage. A new group's first member is its preferred
 * leader. The metadata group is never listed among the partition groups ({@link #partitionGroups}):
 * it is the one name-based group id a node hosts, and another cluster's is refused ({@link
 * MetaGroupRef}).
 */
final class RaftGroups {
  private static final Logger LOGGER = LoggerFactory.getLogger(RaftGroups.class);

  private final RaftServer server;
  private final MetaGroupRef metaGroup;
  private final IntFunction<String> peerAddress;
  private final LocalRequests requests;

  RaftGroups(
      RaftServer server,
      MetaGroupRef metaGroup,
      IntFunction<String> peerAddress,
      LocalRequests requests) {
    this.server = server;
    this.metaGroup = metaGroup;
    this.peerAddress = peerAddress;
    this.requests = requests;
  }

  boolean has(RaftGroupId id) {
    for (RaftGroupId g : server.getGroupIds()) {
      if (g.equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** Creates, or joins, a partition group with the given replicas unless it is hosted here. */
  void add(String groupId, List<Integer> replicas) throws IOException {
    RaftGroupId gid = RaftGroupId.valueOf(UUID.fromString(groupId));
    if (has(gid)) {
      return;
    }
    try {
      RaftClientReply reply = addCleanly(gid, replicas);
      if (!reply.isSuccess()) {
        throw new IOException("cannot create Raft group " + groupId + ": " + reply.getException());
      }
    } catch (AlreadyExistsException e) {
      LOGGER.debug("Raft group {} already exists", groupId);
    }
  }

  /**
   * Adds a group to the server; when that fails, removes the group dir the add created. Ratis 3.3
   * fails a group's start when the leader's snapshot arrives while the group starts, and a dir left
   * behind would fail every later add ("Failed to FORMAT: existing directories").
   */
  private RaftClientReply addCleanly(RaftGroupId gid, List<Integer> members) throws IOException {
    Path dir = GroupDirs.groupDir(storageDir(), gid.getUuid().toString());
    boolean dirBefore = Files.exists(dir);
    try {
      return requests.addGroup(RaftPeers.group(gid, members, peerAddress));
    } catch (IOException e) {
      if (!(e instanceof AlreadyExistsException)
          && !dirBefore
          && !has(gid)
          && !GroupDirs.hasStorage(dir)) {
        PartitionSnapshotStorage.deleteTree(dir);
      }
      throw e;
    }
  }

  private Path storageDir() {
    return RaftServerConfigKeys.storageDir(server.getProperties()).get(0).toPath();
  }

  /** Leaves a partition group and deletes its storage, unless it is not hosted here. */
  void remove(String groupId) throws IOException {
    RaftGroupId gid = RaftGroupId.valueOf(UUID.fromString(groupId));
    if (!has(gid)) {
      return;
    }
    requests.removeGroup(gid);
  }

  /**
   * Creates, or joins, the metadata group with the given members unless it is hosted here.
   *
   * @return the metadata group's id
   */
  RaftGroupId ensureMeta(List<Integer> members) throws IOException {
    RaftGroupId metaId = metaGroup.require();
    if (!has(metaId)) {
      addCleanly(metaId, members);
      LOGGER.info("created the metadata group {} with members {}", metaId.getUuid(), members);
    }
    return metaId;
  }

  /** Whether this server hosts the metadata group; a node started with --join does once added. */
  boolean hasMeta() {
    RaftGroupId id = metaGroup.id();
    return id != null && has(id);
  }

  /** The partition groups hosted here (their ids). */
  Set<String> partitionGroups() {
    Set<String> groups = new HashSet<>();
    for (RaftGroupId g : server.getGroupIds()) {
      // a metadata group id is never a partition's (another cluster's is refused, see MetaGroupRef)
      if (!MetaGroupIds.isMetaGroupId(g.getUuid())) {
        groups.add(g.getUuid().toString());
      }
    }
    return groups;
  }

  /** The metadata group's current configuration as this server knows it. */
  List<RaftPeer> metaPeers() throws IOException {
    return new ArrayList<>(server.getDivision(metaGroup.require()).getRaftConf().getCurrentPeers());
  }

  /** The members of a group hosted here (node ids), in configuration order. */
  List<Integer> members(String groupKey) throws IOException {
    RaftGroupId gid = metaGroup.groupIdOf(groupKey);
    List<Integer> out = new ArrayList<>();
    for (RaftPeer p : server.getDivision(gid).getGroup().getPeers()) {
      out.add(RaftPeers.nodeIdOf(p.getId()));
    }
    return out;
  }
}
