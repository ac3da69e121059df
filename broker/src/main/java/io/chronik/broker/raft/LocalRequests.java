package io.chronik.broker.raft;

import io.chronik.broker.replication.NotLeaderException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Requests this node makes of its own Raft server, without a Raft client: proposals of entries to a
 * partition group, read barriers, adding and removing groups, taking a snapshot now.
 *
 * <p>Invariants: every request is addressed to this server and carries this node's one client id
 * with a call id never used before by it (Ratis's retry cache keys on the pair). A proposal or read
 * barrier that does not succeed fails with {@link NotLeaderException} when this node does not lead
 * the group, or leads it but is not ready or is stepping down (naming the leader Ratis suggests, -1
 * when none); with {@link IllegalStateException} for any other failure. A proposal's payload is
 * wrapped, not copied: the caller must not change it until the future completes.
 */
final class LocalRequests {
  private final RaftServer server;
  private final RaftPeerId selfId;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();

  LocalRequests(RaftServer server, RaftPeerId selfId) {
    this.server = server;
    this.selfId = selfId;
  }

  /** Proposes {@code payload} to a partition group; completes with the state machine's answer. */
  CompletableFuture<ByteBuffer> write(String groupId, ByteBuffer payload) {
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

  /** Completes once this node has applied what the group's leader had committed when asked. */
  CompletableFuture<Void> readBarrier(String groupId) {
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

  /** Has this server host {@code group}; a group it already hosts throws AlreadyExistsException. */
  RaftClientReply addGroup(RaftGroup group) throws IOException {
    return server.groupManagement(
        GroupManagementRequest.newAdd(clientId, selfId, callIds.incrementAndGet(), group));
  }

  /** Has this server leave a group and delete the group's directory. */
  RaftClientReply removeGroup(RaftGroupId gid) throws IOException {
    return server.groupManagement(
        GroupManagementRequest.newRemove(
            clientId, selfId, callIds.incrementAndGet(), gid, true, false));
  }

  /**
   * Takes a snapshot of a group now, whatever the log threshold says; returns its index (the latest
   * snapshot's when nothing was applied since).
   *
   * @param groupKey the group's key, for the error message
   */
  long snapshotNow(String groupKey, RaftGroupId gid, long timeoutMs) throws IOException {
    RaftClientReply reply =
        server.snapshotManagement(
            SnapshotManagementRequest.newCreate(
                clientId, selfId, gid, callIds.incrementAndGet(), timeoutMs, 1));
    if (!reply.isSuccess()) {
      throw new IOException("snapshot of group " + groupKey + " failed: " + reply.getException());
    }
    if (reply.getLogIndex() == 0
        && server.getDivision(gid).getStateMachine() instanceof PartitionStateMachine partition) {
      // Ratis counts a group without a snapshot as one at index 0, so it takes none of a group
      // that applied only its first leader's start entry: a partition never written to
      return partition.snapshotAtStart();
    }
    return reply.getLogIndex();
  }
}
