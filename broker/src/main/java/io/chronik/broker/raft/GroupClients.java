package io.chronik.broker.raft;

import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.replication.ElectionJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServer;

/**
 * Calls this node makes to a group's members through a Raft client, whichever member leads: the
 * metadata group's writes, asking a leader to step down or to hand leadership to another member,
 * and asking a leader what it records of this node.
 *
 * <p>Invariants: every client is addressed to the group's members as this node's division knows
 * them (or as the caller names them), with this node's own address from the address book, and is
 * built from the server's properties. The metadata client is opened once this node hosts the
 * metadata group ({@link #openMetaClient}) and lives until {@link #close}; before that, metadata
 * writes fail. Every other client lives for one call.
 */
final class GroupClients implements AutoCloseable {
  private final RaftServer server;
  private final MetaGroupRef metaGroup;
  private final RaftPeerId selfId;
  private final IntFunction<String> peerAddress;
  private final RaftProperties properties;
  private final ElectionJournal journal;
  private volatile MetaClient metaClient;

  GroupClients(
      RaftServer server,
      MetaGroupRef metaGroup,
      RaftPeerId selfId,
      IntFunction<String> peerAddress,
      RaftProperties properties,
      ElectionJournal journal) {
    this.server = server;
    this.metaGroup = metaGroup;
    this.selfId = selfId;
    this.peerAddress = peerAddress;
    this.properties = properties;
    this.journal = journal;
  }

  /** Opens the client for metadata writes, addressed to the metadata group's members. */
  void openMetaClient(RaftGroupId metaId) throws IOException {
    metaClient =
        new MetaClient(
            () -> {
              // this node's own address comes from the live server: with port 0 it changes at
              // every start
              List<RaftPeer> peers =
                  RaftPeers.withOwnAddress(
                      server.getDivision(metaId).getGroup().getPeers(), selfId, peerAddress);
              return RaftClients.of(properties, RaftGroup.valueOf(metaId, peers))
                  .setRetryPolicy(RaftClients.fixedSleep(50, 200))
                  .build();
            });
  }

  /** Writes a metadata command through the metadata group's leader ({@link MetaClient}). */
  CompletableFuture<MetaResult> submitMeta(MetaCommand command) {
    MetaClient client = metaClient;
    if (client == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("metadata group not started"));
    }
    return client.submit(command);
  }

  /**
   * Moves the leadership of a group to another member: raises that member's Raft priority (so the
   * group does not hand leadership back to its old preferred leader) and asks the current leader to
   * step down in its favour. The first step gives up after half of {@code timeoutMs}, the second
   * after {@code timeoutMs}: a group without a leader, or without a majority, fails the call
   * instead of holding it.
   *
   * @param groupKey a partition group id, or {@code __meta}
   * @param members the group's member node ids
   */
  void transferLeader(String groupKey, List<Integer> members, int to, long timeoutMs)
      throws IOException {
    RaftGroupId gid = metaGroup.groupIdOf(groupKey);
    List<RaftPeer> peers = new ArrayList<>();
    for (int member : members) {
      peers.add(
          RaftPeer.newBuilder()
              .setId(RaftPeers.peerId(member))
              .setAddress(peerAddress.apply(member))
              .setPriority(member == to ? 2 : 0)
              .build());
    }
    journal.transferRequested(groupKey);
    RaftClient.Builder builder =
        RaftClients.of(properties, RaftGroup.valueOf(gid, peers))
            // half the time for the priorities: a caller that waits timeoutMs hears the failure
            .setRetryPolicy(RaftClients.within(timeoutMs / 2, 200));
    // the first request goes to the leader this node knows (it hosts the group), not to the first
    // member, which may be down
    try (RaftClient client = RaftClients.firstTo(builder, peers, knownLeader(gid)).build()) {
      RaftClientReply conf;
      try {
        conf = client.admin().setConfiguration(peers);
      } catch (IOException e) {
        throw new IOException(
            "cannot set the priorities of group "
                + groupKey
                + " within "
                + timeoutMs / 2
                + " ms; does a majority of its members "
                + members
                + " run? "
                + e.getMessage(),
            e);
      }
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
  CompletableFuture<Void> stepDownLeader(String groupKey, long timeoutMs) {
    RaftGroupId gid = metaGroup.groupIdOf(groupKey);
    return CompletableFuture.runAsync(
        () -> {
          try (RaftClient client = groupClient(gid, RaftClients.fixedSleep(3, 200))) {
            RaftClientReply reply = client.admin().transferLeadership(null, timeoutMs);
            if (!reply.isSuccess()) {
              throw new IOException(
                  "the leader of group "
                      + groupKey
                      + " did not step down: "
                      + reply.getException());
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
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
  CompletableFuture<Long> commitIndexKnownToLeader(String groupKey, int leaderId) {
    RaftGroupId gid = metaGroup.groupIdOf(groupKey);
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
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * The leader of a group as this node knows it; null when it knows none or hosts no such group.
   */
  private RaftPeerId knownLeader(RaftGroupId gid) {
    try {
      return server.getDivision(gid).getInfo().getLeaderId();
    } catch (IOException e) {
      return null;
    }
  }

  /** A client of a group hosted here, addressed to its current members. */
  private RaftClient groupClient(RaftGroupId gid, RetryPolicy retry) throws IOException {
    List<RaftPeer> peers =
        RaftPeers.withOwnAddress(
            server.getDivision(gid).getRaftConf().getCurrentPeers(), selfId, peerAddress);
    return RaftClients.of(properties, RaftGroup.valueOf(gid, peers)).setRetryPolicy(retry).build();
  }

  /** Closes the metadata client, if open. */
  @Override
  public void close() throws IOException {
    MetaClient client = metaClient;
    if (client != null) {
      client.close();
    }
  }
}
