package io.chronik.broker.raft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Naming of Raft peers: node {@code N} is peer {@code nN}, and a group's peers are built from node
 * ids and the node's address book.
 *
 * <p>Invariants: {@link #nodeIdOf} inverts {@link #peerId} and answers -1 for no peer or a peer id
 * that names no node. In a group built here the first member is the preferred leader (priority 1,
 * the others 0). This node's own address is always taken from the address book, never from a group
 * configuration: a server bound to port 0 gets another port at every start.
 */
final class RaftPeers {
  private RaftPeers() {}

  static RaftPeerId peerId(int nodeId) {
    return RaftPeerId.valueOf("n" + nodeId);
  }

  static int nodeIdOf(RaftPeerId peerId) {
    if (peerId == null) {
      return -1;
    }
    String s = peerId.toString();
    try {
      return Integer.parseInt(s.startsWith("n") ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A group of the given members, the first one preferred as leader. */
  static RaftGroup group(RaftGroupId id, List<Integer> members, IntFunction<String> peerAddress) {
    List<RaftPeer> peers = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      int member = members.get(i);
      peers.add(
          RaftPeer.newBuilder()
              .setId(peerId(member))
              .setAddress(peerAddress.apply(member))
              // the first replica is the preferred leader
              .setPriority(i == 0 ? 1 : 0)
              .build());
    }
    return RaftGroup.valueOf(id, peers);
  }

  /** {@code peers} with this node's entry addressed from the address book (the live server). */
  static List<RaftPeer> withOwnAddress(
      Collection<RaftPeer> peers, RaftPeerId selfId, IntFunction<String> peerAddress) {
    List<RaftPeer> out = new ArrayList<>();
    for (RaftPeer p : peers) {
      out.add(
          p.getId().equals(selfId)
              ? RaftPeer.newBuilder(p).setAddress(peerAddress.apply(nodeIdOf(selfId))).build()
              : p);
    }
    return out;
  }
}
