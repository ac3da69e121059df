package io.chronik.broker.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;

/**
 * The membership state of one classic group: its state, generation, members and selected protocol.
 * Not thread-safe: every access holds the lock of this object ({@code synchronized (group)}).
 *
 * <p>Invariants, true whenever the lock is released:
 *
 * <ul>
 *   <li>{@code EMPTY} and {@code DEAD} groups have no members; {@code COMPLETING_REBALANCE} and
 *       {@code STABLE} groups have at least one.
 *   <li>The leader is a member, and there is a leader whenever there are members.
 *   <li>The generation grows by one each time a join phase completes, and never otherwise. The
 *       selected protocol is the one of the current generation (kept while the next rebalance is
 *       prepared) and is null when that generation has no members.
 *   <li>Every member supports the selected protocol of the generation it is part of.
 *   <li>A static member's instance id maps to exactly one current member id.
 *   <li>Pending members (ids handed out with MEMBER_ID_REQUIRED) are not members yet; a pending
 *       member, like a member that has not rejoined, keeps a rebalance from completing early.
 *   <li>Pending-sync members (those the group still expects a SyncGroup from in this generation)
 *       are members, and there are none outside {@code COMPLETING_REBALANCE} and {@code STABLE}.
 * </ul>
 */
final class ClassicGroup {

  private final String groupId;
  private GroupState state = GroupState.EMPTY;
  private int generationId;
  private String protocolType;
  private String protocolName;
  private String leaderId;
  private final Map<String, GroupMember> members = new LinkedHashMap<>();
  private final Map<String, String> staticMembers = new HashMap<>();
  private final Map<String, Timeout> pendingMembers = new HashMap<>();
  private final Set<String> pendingSyncMembers = new HashSet<>();
  private boolean storingAssignment;
  private boolean newMemberAdded;
  private boolean inInitialDelay;
  private long initialDelayRemainingMs;
  private final Timeout joinTimeout = new Timeout();
  private final Timeout syncTimeout = new Timeout();

  ClassicGroup(String groupId) {
    this.groupId = groupId;
  }

  /**
   * A group taken over from its stored membership: Stable in the stored generation with the stored
   * members and assignments, or Empty (keeping its generation) when it had no members. Nothing
   * waits and no timeout is armed; the caller gives every member a fresh session.
   *
   * @throws IllegalArgumentException when the stored membership breaks an invariant above (a member
   *     that does not support the stored protocol, a leader that is not a member)
   */
  static ClassicGroup restore(GroupMetadata stored) {
    ClassicGroup group = new ClassicGroup(stored.groupId());
    group.generationId = stored.generationId();
    group.protocolType = stored.protocolType();
    if (!stored.hasMembers()) {
      return group;
    }
    for (GroupMetadata.Member m : stored.members()) {
      GroupMember member = GroupMember.restore(m, stored.protocolType());
      member.metadata(stored.protocolName()); // throws when it does not support the protocol
      group.add(member);
    }
    if (!group.has(stored.leaderId())) {
      throw new IllegalArgumentException(
          "the leader " + stored.leaderId() + " is not a member of group " + stored.groupId());
    }
    group.leaderId = stored.leaderId();
    group.protocolName = stored.protocolName();
    group.state = GroupState.STABLE;
    return group;
  }

  /**
   * The current generation as it is stored: its members with their assignments, or no members when
   * the group is Empty.
   */
  GroupMetadata metadata() {
    List<GroupMetadata.Member> stored = new ArrayList<>(members.size());
    for (GroupMember member : members.values()) {
      stored.add(member.stored());
    }
    return new GroupMetadata(
        groupId,
        generationId,
        protocolType,
        members.isEmpty() ? null : protocolName,
        members.isEmpty() ? null : leaderId,
        stored);
  }

  String groupId() {
    return groupId;
  }

  GroupState state() {
    return state;
  }

  boolean is(GroupState candidate) {
    return state == candidate;
  }

  void transitionTo(GroupState next) {
    if (!next.validPreviousStates().contains(state)) {
      throw new IllegalStateException(
          "group " + groupId + " cannot go from " + state + " to " + next);
    }
    state = next;
  }

  /** Whether a rebalance may start now (Kafka's {@code canRebalance}). */
  boolean canRebalance() {
    return GroupState.PREPARING_REBALANCE.validPreviousStates().contains(state);
  }

  int generationId() {
    return generationId;
  }

  /** The protocol type of the group's members, or null when it never had any. */
  String protocolType() {
    return protocolType;
  }

  /** The protocol selected for the current generation, or null. */
  String protocolName() {
    return protocolName;
  }

  String leaderId() {
    return leaderId;
  }

  boolean isLeader(String memberId) {
    return memberId.equals(leaderId);
  }

  // ---- members

  boolean has(String memberId) {
    return members.containsKey(memberId);
  }

  GroupMember member(String memberId) {
    return members.get(memberId);
  }

  Collection<GroupMember> members() {
    return members.values();
  }

  int size() {
    return members.size();
  }

  void add(GroupMember member) {
    if (members.isEmpty()) {
      protocolType = member.protocolType();
    }
    members.put(member.memberId(), member);
    if (member.isStatic()) {
      staticMembers.put(member.groupInstanceId(), member.memberId());
    }
    if (leaderId == null) {
      leaderId = member.memberId();
    }
  }

  /** Removes a member, handing the leadership to another member if it led. */
  GroupMember remove(String memberId) {
    GroupMember removed = members.remove(memberId);
    if (removed == null) {
      return null;
    }
    if (removed.isStatic() && memberId.equals(staticMembers.get(removed.groupInstanceId()))) {
      staticMembers.remove(removed.groupInstanceId());
    }
    pendingSyncMembers.remove(memberId);
    if (memberId.equals(leaderId)) {
      leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
    }
    return removed;
  }

  /** The member id currently carrying a static instance id, or null. */
  String staticMemberId(String groupInstanceId) {
    return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
  }

  /**
   * Moves a static member to a new member id, keeping its place, assignment and leadership. The old
   * member's pending futures stay with the returned old member for the caller to fence.
   */
  GroupMember replaceStaticMember(String oldMemberId, String newMemberId) {
    GroupMember old = members.remove(oldMemberId);
    GroupMember replacement = old.withMemberId(newMemberId);
    members.put(newMemberId, replacement);
    staticMembers.put(replacement.groupInstanceId(), newMemberId);
    if (pendingSyncMembers.remove(oldMemberId)) {
      pendingSyncMembers.add(newMemberId);
    }
    if (oldMemberId.equals(leaderId)) {
      leaderId = newMemberId;
    }
    return replacement;
  }

  // ---- protocols

  /**
   * Whether a member with these protocols may join: any protocol type while the group is Empty;
   * otherwise the group's type and at least one protocol every other member supports.
   */
  boolean supportsProtocols(String type, Set<String> names, String joiningMemberId) {
    if (is(GroupState.EMPTY) || members.isEmpty()) {
      return ProtocolSelection.isValid(type, names);
    }
    return type.equals(protocolType)
        && ProtocolSelection.sharesProtocol(names, members.values(), joiningMemberId);
  }

  /** The protocol the members would agree on now; see {@link ProtocolSelection#select}. */
  String selectProtocol() {
    if (members.isEmpty()) {
      throw new IllegalStateException("cannot select a protocol for empty group " + groupId);
    }
    GroupMember leader = leaderId == null ? members.values().iterator().next() : member(leaderId);
    return ProtocolSelection.select(members.values(), leader);
  }

  /** The largest rebalance timeout of the members: how long a join phase may last. */
  int rebalanceTimeoutMs() {
    int timeout = 0;
    for (GroupMember member : members.values()) {
      timeout = Math.max(timeout, member.rebalanceTimeoutMs());
    }
    return timeout;
  }

  /** What the leader gets in its JoinGroup response: every member with its metadata. */
  List<JoinGroupResponseMember> joinResponseMembers() {
    List<JoinGroupResponseMember> result = new ArrayList<>(members.size());
    for (GroupMember member : members.values()) {
      result.add(
          new JoinGroupResponseMember()
              .setMemberId(member.memberId())
              .setGroupInstanceId(member.groupInstanceId())
              .setMetadata(member.metadata(protocolName)));
    }
    return result;
  }

  // ---- the join phase

  /** Whether every member and every pending member has (re)joined. */
  boolean hasAllMembersJoined() {
    if (!pendingMembers.isEmpty()) {
      return false;
    }
    for (GroupMember member : members.values()) {
      if (!member.isAwaitingJoin()) {
        return false;
      }
    }
    return true;
  }

  List<GroupMember> notYetRejoinedMembers() {
    List<GroupMember> result = new ArrayList<>();
    for (GroupMember member : members.values()) {
      if (!member.isAwaitingJoin()) {
        result.add(member);
      }
    }
    return result;
  }

  /**
   * Makes sure the leader is a member that rejoined, picking another one when the leader did not.
   *
   * @return false when no member rejoined (or there are no members)
   */
  boolean maybeElectNewJoinedLeader() {
    if (leaderId == null) {
      return false;
    }
    if (member(leaderId).isAwaitingJoin()) {
      return true;
    }
    for (GroupMember member : members.values()) {
      if (member.isAwaitingJoin()) {
        leaderId = member.memberId();
        return true;
      }
    }
    return false;
  }

  /** Starts the next generation: CompletingRebalance with a selected protocol, or Empty. */
  void initNextGeneration() {
    generationId++;
    pendingSyncMembers.clear();
    storingAssignment = false;
    if (members.isEmpty()) {
      protocolName = null;
      transitionTo(GroupState.EMPTY);
    } else {
      protocolName = selectProtocol();
      transitionTo(GroupState.COMPLETING_REBALANCE);
    }
  }

  boolean isPendingMember(String memberId) {
    return pendingMembers.containsKey(memberId);
  }

  Timeout addPendingMember(String memberId) {
    Timeout expiry = new Timeout();
    pendingMembers.put(memberId, expiry);
    return expiry;
  }

  Timeout pendingMemberExpiry(String memberId) {
    return pendingMembers.get(memberId);
  }

  boolean removePendingMember(String memberId) {
    Timeout expiry = pendingMembers.remove(memberId);
    if (expiry != null) {
      expiry.cancel();
    }
    return expiry != null;
  }

  boolean newMemberAdded() {
    return newMemberAdded;
  }

  void newMemberAdded(boolean value) {
    newMemberAdded = value;
  }

  /** Whether the join phase is in its initial delay, which does not end early. */
  boolean inInitialDelay() {
    return inInitialDelay;
  }

  void inInitialDelay(boolean value) {
    inInitialDelay = value;
  }

  long initialDelayRemainingMs() {
    return initialDelayRemainingMs;
  }

  void initialDelayRemainingMs(long value) {
    initialDelayRemainingMs = value;
  }

  /** The end of the join phase (rebalance timeout or initial delay). */
  Timeout joinTimeout() {
    return joinTimeout;
  }

  // ---- the sync phase

  void addPendingSyncMembers() {
    pendingSyncMembers.addAll(members.keySet());
  }

  void removePendingSyncMember(String memberId) {
    pendingSyncMembers.remove(memberId);
  }

  Set<String> pendingSyncMembers() {
    return Set.copyOf(pendingSyncMembers);
  }

  void clearPendingSyncMembers() {
    pendingSyncMembers.clear();
  }

  /**
   * Whether the leader's assignment of the current generation is being stored: the group becomes
   * Stable once it is, and a repeated SyncGroup of the leader does not store another.
   */
  boolean storingAssignment() {
    return storingAssignment;
  }

  void storingAssignment(boolean value) {
    storingAssignment = value;
  }

  /** The end of the sync phase: members that sent no SyncGroup by then are removed. */
  Timeout syncTimeout() {
    return syncTimeout;
  }

  /** Cancels every timeout and forgets pending members: the group is going away. */
  void cancelTimeouts() {
    joinTimeout.cancel();
    syncTimeout.cancel();
    pendingMembers.values().forEach(Timeout::cancel);
    pendingMembers.clear();
    members.values().forEach(m -> m.expiry().cancel());
  }

  /** Marks the group Dead and drops its members; their futures must have been taken already. */
  void markDead() {
    cancelTimeouts();
    transitionTo(GroupState.DEAD);
    members.clear();
    staticMembers.clear();
    pendingSyncMembers.clear();
    leaderId = null;
  }

  /** Whether member ids handed out with MEMBER_ID_REQUIRED are still expected back. */
  boolean hasPendingMembers() {
    return !pendingMembers.isEmpty();
  }

  GroupSummary summary() {
    return new GroupSummary(
        groupId,
        state,
        protocolType == null ? "" : protocolType,
        protocolName == null ? "" : protocolName,
        generationId,
        members.size());
  }

  @Override
  public String toString() {
    return groupId + "@" + generationId + "[" + state + "]";
  }
}
