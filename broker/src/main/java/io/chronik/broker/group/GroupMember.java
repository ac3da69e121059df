package io.chronik.broker.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A member of a classic group. Mutable, guarded by its group's lock.
 *
 * <p>Invariants: at most one JoinGroup ({@link #pendingJoin}) and one SyncGroup ({@link
 * #pendingSync}) wait per member; a future leaves its slot (and only then is completed) through
 * {@link #takePendingJoin} / {@link #takePendingSync}. {@link #protocols} keeps the member's order
 * of preference and is never empty.
 */
final class GroupMember {

  /** One protocol a member supports, e.g. the {@code range} assignor with its subscription. */
  record Protocol(String name, byte[] metadata) {}

  private final String memberId;
  private final String groupInstanceId;
  private final String clientId;
  private final String clientHost;
  private final String protocolType;
  private int rebalanceTimeoutMs;
  private int sessionTimeoutMs;
  private List<Protocol> protocols;
  private byte[] assignment = new byte[0];
  private PendingJoin pendingJoin;
  private PendingSync pendingSync;
  private boolean isNew;
  private long heartbeatDeadlineNanos;
  private final Timeout expiry = new Timeout();

  GroupMember(
      String memberId,
      String groupInstanceId,
      String clientId,
      String clientHost,
      int rebalanceTimeoutMs,
      int sessionTimeoutMs,
      String protocolType,
      List<Protocol> protocols) {
    this.memberId = memberId;
    this.groupInstanceId = groupInstanceId;
    this.clientId = clientId;
    this.clientHost = clientHost;
    this.rebalanceTimeoutMs = rebalanceTimeoutMs;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.protocolType = protocolType;
    this.protocols = List.copyOf(protocols);
  }

  /** A member of a stored generation, with its assignment; not new, nothing waiting. */
  static GroupMember restore(GroupMetadata.Member stored, String protocolType) {
    List<Protocol> protocols = new ArrayList<>();
    stored.protocols().forEach(p -> protocols.add(new Protocol(p.name(), p.metadata())));
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("member " + stored.memberId() + " has no protocols");
    }
    GroupMember member =
        new GroupMember(
            stored.memberId(),
            stored.groupInstanceId(),
            stored.clientId(),
            stored.clientHost(),
            stored.rebalanceTimeoutMs(),
            stored.sessionTimeoutMs(),
            protocolType,
            protocols);
    member.assignment(stored.assignment());
    return member;
  }

  /** The member as it is stored with its generation. */
  GroupMetadata.Member stored() {
    List<GroupMetadata.Protocol> stored = new ArrayList<>(protocols.size());
    protocols.forEach(p -> stored.add(new GroupMetadata.Protocol(p.name(), p.metadata())));
    return new GroupMetadata.Member(
        memberId,
        groupInstanceId,
        clientId,
        clientHost,
        rebalanceTimeoutMs,
        sessionTimeoutMs,
        stored,
        assignment);
  }

  /** A copy under a new member id: a static member that rejoined with an unknown member id. */
  GroupMember withMemberId(String newMemberId) {
    GroupMember copy =
        new GroupMember(
            newMemberId,
            groupInstanceId,
            clientId,
            clientHost,
            rebalanceTimeoutMs,
            sessionTimeoutMs,
            protocolType,
            protocols);
    copy.assignment = assignment;
    return copy;
  }

  String memberId() {
    return memberId;
  }

  /** The static member's {@code group.instance.id}, or null for a dynamic member. */
  String groupInstanceId() {
    return groupInstanceId;
  }

  boolean isStatic() {
    return groupInstanceId != null;
  }

  String clientId() {
    return clientId;
  }

  String clientHost() {
    return clientHost;
  }

  String protocolType() {
    return protocolType;
  }

  int rebalanceTimeoutMs() {
    return rebalanceTimeoutMs;
  }

  int sessionTimeoutMs() {
    return sessionTimeoutMs;
  }

  List<Protocol> protocols() {
    return protocols;
  }

  Set<String> protocolNames() {
    Set<String> names = new LinkedHashSet<>();
    protocols.forEach(p -> names.add(p.name()));
    return names;
  }

  /** Whether the given protocols are the member's current ones, names, metadata and order. */
  boolean matches(List<Protocol> others) {
    if (others.size() != protocols.size()) {
      return false;
    }
    for (int i = 0; i < others.size(); i++) {
      Protocol mine = protocols.get(i);
      Protocol theirs = others.get(i);
      if (!mine.name().equals(theirs.name())
          || !Arrays.equals(mine.metadata(), theirs.metadata())) {
        return false;
      }
    }
    return true;
  }

  /** The member's metadata for a protocol it supports. */
  byte[] metadata(String protocolName) {
    for (Protocol p : protocols) {
      if (p.name().equals(protocolName)) {
        return p.metadata();
      }
    }
    throw new IllegalArgumentException(
        "member " + memberId + " does not support protocol " + protocolName);
  }

  /** The member's most preferred protocol among the candidates. */
  String vote(Set<String> candidates) {
    for (Protocol p : protocols) {
      if (candidates.contains(p.name())) {
        return p.name();
      }
    }
    throw new IllegalArgumentException(
        "member " + memberId + " supports none of the protocols " + candidates);
  }

  void update(List<Protocol> newProtocols, int newRebalanceTimeoutMs, int newSessionTimeoutMs) {
    this.protocols = List.copyOf(newProtocols);
    this.rebalanceTimeoutMs = newRebalanceTimeoutMs;
    this.sessionTimeoutMs = newSessionTimeoutMs;
  }

  byte[] assignment() {
    return assignment;
  }

  void assignment(byte[] newAssignment) {
    this.assignment = newAssignment == null ? new byte[0] : newAssignment;
  }

  boolean isAwaitingJoin() {
    return pendingJoin != null;
  }

  boolean isAwaitingSync() {
    return pendingSync != null;
  }

  /** Parks a JoinGroup; returns the one it supersedes (to be answered), or null. */
  PendingJoin awaitJoin(PendingJoin join) {
    PendingJoin previous = pendingJoin;
    pendingJoin = join;
    return previous;
  }

  /** Parks a SyncGroup; returns the one it supersedes (to be answered), or null. */
  PendingSync awaitSync(PendingSync sync) {
    PendingSync previous = pendingSync;
    pendingSync = sync;
    return previous;
  }

  /** Empties the JoinGroup slot; the caller completes what it gets. */
  PendingJoin takePendingJoin() {
    PendingJoin join = pendingJoin;
    pendingJoin = null;
    return join;
  }

  /** Empties the SyncGroup slot; the caller completes what it gets. */
  PendingSync takePendingSync() {
    PendingSync sync = pendingSync;
    pendingSync = null;
    return sync;
  }

  /** A member that joined but has not yet been part of a completed rebalance. */
  boolean isNew() {
    return isNew;
  }

  void isNew(boolean value) {
    this.isNew = value;
  }

  long heartbeatDeadlineNanos() {
    return heartbeatDeadlineNanos;
  }

  void heartbeatDeadlineNanos(long deadline) {
    this.heartbeatDeadlineNanos = deadline;
  }

  /** The session (or new-member join) timeout of this member. */
  Timeout expiry() {
    return expiry;
  }

  @Override
  public String toString() {
    return groupInstanceId == null ? memberId : memberId + " (instance " + groupInstanceId + ")";
  }
}
