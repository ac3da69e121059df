package io.chronik.broker.raft;

import io.chronik.broker.replication.GroupStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.statemachine.SnapshotInfo;

/**
 * Read-only views of the groups this node hosts, as this node's own division of each sees them:
 * role, leader, term and log indexes ({@link GroupStatus}), the leader's view of its followers,
 * snapshots, priorities and leader epochs. Nothing here changes a group or talks to another node.
 *
 * <p>Invariants: a view of a group that is not hosted here (or is still initialising its log) is
 * empty, or the documented "none" value (-1, false), not an exception; only {@link #term} throws,
 * and a {@code __meta} key throws while this node waits to be added. Followers are listed only by a
 * leader. The metadata group's key is {@code __meta}, a partition group's its id.
 */
final class GroupStatuses {
  private final RaftServer server;
  private final MetaGroupRef metaGroup;
  private final RaftPeerId selfId;
  private final RaftGroups groups;

  GroupStatuses(RaftServer server, MetaGroupRef metaGroup, RaftPeerId selfId, RaftGroups groups) {
    this.server = server;
    this.metaGroup = metaGroup;
    this.selfId = selfId;
    this.groups = groups;
  }

  /** The metadata group's status; empty while this node waits to be added. */
  Optional<GroupStatus> meta() {
    RaftGroupId id = metaGroup.id();
    return id == null ? Optional.empty() : status(id, "meta");
  }

  /**
   * The metadata group's current term while this node leads it and its leadership is ready (it has
   * applied its first entry of the term, so every entry of earlier terms too), else -1.
   */
  long metaLeaderTerm() {
    RaftGroupId id = metaGroup.id();
    if (id == null) {
      return -1;
    }
    try {
      var info = server.getDivision(id).getInfo();
      long term = info.getCurrentTerm();
      boolean ready = info.isLeader() && info.isLeaderReady();
      return ready && info.getCurrentTerm() == term ? term : -1;
    } catch (IOException | IllegalStateException e) {
      return -1;
    }
  }

  /** A partition group's status. */
  Optional<GroupStatus> partition(String groupId) {
    return status(RaftGroupId.valueOf(UUID.fromString(groupId)), "partition");
  }

  /** The metadata group's status, then every partition group's. */
  List<GroupStatus> all() {
    List<GroupStatus> all = new ArrayList<>();
    meta().ifPresent(all::add);
    for (String g : groups.partitionGroups()) {
      partition(g).ifPresent(all::add);
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
      Map<String, Long> lastRpc = new HashMap<>();
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
    // a log emptied by a snapshot (nothing written since) starts where the next entry will go
    long logStart =
        last == null && snapshot != null ? snapshot.getIndex() + 1 : log.getStartIndex();
    return new GroupStatus(
        metaGroup.isMeta(gid) ? "__meta" : gid.getUuid().toString(),
        kind,
        info.getCurrentRole().name(),
        info.isLeaderReady(),
        RaftPeers.nodeIdOf(info.getLeaderId()),
        info.getCurrentTerm(),
        log.getLastCommittedIndex(),
        info.getLastAppliedIndex(),
        logStart,
        last == null ? -1 : last.getIndex(),
        snapshot == null ? -1 : snapshot.getIndex(),
        followers);
  }

  /**
   * Whether the group has a leader, this node has received at least one committed entry from it
   * (every leader commits an entry when elected, so a group that has a leader has index 0
   * committed), and has applied everything it knows to be committed. A node whose Raft storage was
   * wiped has committed nothing until the leader's entries or snapshot arrive.
   *
   * <p>A node that leads the group must be ready too: a member the lead is handed to (a restarted
   * preferred leader) may hold entries it does not know to be committed yet; it learns that, and
   * applies them, only once it committed its first entry of the term. Until then its state is as
   * old as the commit index it knew as a follower, which right after a restart can be its snapshot.
   */
  static boolean isCaughtUp(GroupStatus status) {
    return status.leaderId() >= 0
        && status.commitIndex() >= 0
        && status.appliedIndex() >= status.commitIndex()
        && !status.isLeaderNotReady();
  }

  /**
   * Where a group's snapshot at {@code (term, index)} lives: a directory for a partition group, a
   * file for the metadata group. Empty when the group is not here.
   */
  Optional<Path> snapshotPath(String groupKey, long term, long index) {
    RaftGroupId gid = metaGroup.groupIdOf(groupKey);
    try {
      java.io.File sm =
          server.getDivision(gid).getRaftStorage().getStorageDir().getStateMachineDir();
      return Optional.of(sm.toPath().resolve("snapshot." + term + "_" + index));
    } catch (IOException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /**
   * The bytes of a group's closed Raft log segment files here ({@code log_<first>-<last>}), or -1
   * when the group is not hosted here or its storage cannot be listed. The open segment ({@code
   * log_inprogress_<first>}) is left out: its file holds the room Ratis preallocated ahead of the
   * entries (4 MiB at a time), and a purge after a snapshot never removes it, so counting it would
   * keep a small threshold met right after every snapshot.
   */
  long logBytes(String groupKey) {
    RaftGroupId gid = metaGroup.groupIdOf(groupKey);
    java.io.File current;
    try {
      current = server.getDivision(gid).getRaftStorage().getStorageDir().getCurrentDir();
    } catch (IOException | IllegalStateException e) {
      return -1;
    }
    java.io.File[] segments =
        current.listFiles(
            (dir, name) -> name.startsWith("log_") && !name.startsWith("log_inprogress_"));
    if (segments == null) {
      return -1;
    }
    long bytes = 0;
    for (java.io.File segment : segments) {
      bytes += segment.length();
    }
    return bytes;
  }

  /** The term of a group's latest snapshot, -1 when none. */
  long snapshotTerm(String groupKey) {
    RaftGroupId gid = metaGroup.groupIdOf(groupKey);
    try {
      SnapshotInfo s = server.getDivision(gid).getStateMachine().getLatestSnapshot();
      return s == null ? -1 : s.getTerm();
    } catch (IOException | IllegalStateException e) {
      return -1;
    }
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

  /** The group's current term; throws when the group is not here. */
  long term(RaftGroupId gid) throws IOException {
    return server.getDivision(gid).getInfo().getCurrentTerm();
  }
}
