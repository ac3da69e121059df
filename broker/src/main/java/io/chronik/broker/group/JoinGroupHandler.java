package io.chronik.broker.group;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JoinGroup applied to one group, with the group's lock held, following Kafka's classic
 * coordinator: a new dynamic member first gets an id (MEMBER_ID_REQUIRED, v4+); a known member
 * rejoining triggers a rebalance when it leads or its metadata changed; a static member coming back
 * with no member id takes over its old place and is fenced from the old id. The request is either
 * answered through {@link Completions} or parked in its member's slot until the join phase ends.
 */
final class JoinGroupHandler {

  private static final Logger LOGGER = LoggerFactory.getLogger(JoinGroupHandler.class);

  private final Rebalancer rebalancer;

  JoinGroupHandler(Rebalancer rebalancer) {
    this.rebalancer = rebalancer;
  }

  void join(ClassicGroup group, JoinRequest request, Completions out) {
    if (group.is(GroupState.DEAD)) {
      reject(request, Errors.COORDINATOR_NOT_AVAILABLE, out);
    } else if (!group.supportsProtocols(
        request.protocolType(), request.protocolNames(), request.memberId())) {
      reject(request, Errors.INCONSISTENT_GROUP_PROTOCOL, out);
    } else if (request.memberId().isEmpty()) {
      joinNewMember(group, request, out);
    } else {
      joinCurrentMember(group, request, out);
    }
    rebalancer.maybeCompleteJoin(group, out);
  }

  private void joinNewMember(ClassicGroup group, JoinRequest request, Completions out) {
    String instanceId = request.groupInstanceId();
    String newMemberId =
        (instanceId != null ? instanceId : request.clientId()) + "-" + UUID.randomUUID();
    if (instanceId != null) {
      String oldMemberId = group.staticMemberId(instanceId);
      if (oldMemberId != null) {
        rejoinStaticMember(group, oldMemberId, newMemberId, request, out);
      } else {
        addMemberAndRebalance(group, newMemberId, request, out);
      }
    } else if (request.requireKnownMemberId()) {
      LOGGER.debug(
          "Group {} generation {}: new member gets id {}, asked to rejoin with it",
          group.groupId(),
          group.generationId(),
          newMemberId);
      rebalancer.addPendingMember(group, newMemberId, request.sessionTimeoutMs());
      out.join(
          request.pending(),
          GroupResponses.joinError(newMemberId, Errors.MEMBER_ID_REQUIRED, request.version()));
    } else {
      addMemberAndRebalance(group, newMemberId, request, out);
    }
  }

  private void joinCurrentMember(ClassicGroup group, JoinRequest request, Completions out) {
    String memberId = request.memberId();
    if (group.isPendingMember(memberId) && request.groupInstanceId() == null) {
      group.removePendingMember(memberId);
      addMemberAndRebalance(group, memberId, request, out);
      return;
    }
    Errors error = MemberRequests.validateMember(group, memberId, request.groupInstanceId());
    if (error != null) {
      reject(request, error, out);
      return;
    }
    GroupMember member = group.member(memberId);
    boolean unchanged = member.matches(request.protocols());
    switch (group.state()) {
      case PREPARING_REBALANCE ->
          updateMemberAndRebalance(group, member, request, "member rejoins", out);
      case COMPLETING_REBALANCE -> {
        if (unchanged) {
          // it probably missed the JoinGroup response: repeat it
          boolean leader = group.isLeader(memberId);
          out.join(
              request.pending(),
              GroupResponses.joinSuccess(
                  group,
                  memberId,
                  group.leaderId(),
                  leader ? group.joinResponseMembers() : List.of(),
                  false,
                  request.version()));
        } else {
          updateMemberAndRebalance(group, member, request, "member changed metadata", out);
        }
      }
      case STABLE -> {
        if (group.isLeader(memberId)) {
          // the leader rejoins to have the assignment recomputed (e.g. new topic partitions)
          updateMemberAndRebalance(group, member, request, "leader rejoins", out);
        } else if (!unchanged) {
          updateMemberAndRebalance(group, member, request, "member changed metadata", out);
        } else {
          out.join(
              request.pending(),
              GroupResponses.joinSuccess(
                  group, memberId, group.leaderId(), List.of(), false, request.version()));
        }
      }
      default -> reject(request, Errors.UNKNOWN_MEMBER_ID, out);
    }
  }

  private void addMemberAndRebalance(
      ClassicGroup group, String memberId, JoinRequest request, Completions out) {
    GroupMember member =
        new GroupMember(
            memberId,
            request.groupInstanceId(),
            request.clientId(),
            request.clientHost(),
            request.rebalanceTimeoutMs(),
            request.sessionTimeoutMs(),
            request.protocolType(),
            request.protocols());
    member.isNew(true);
    if (group.is(GroupState.PREPARING_REBALANCE) && group.generationId() == 0) {
      group.newMemberAdded(true);
    }
    group.add(member);
    member.awaitJoin(request.pending());
    rebalancer.keepAlive(group, member, Rebalancer.NEW_MEMBER_JOIN_TIMEOUT_MS);
    LOGGER.info(
        "Member {} (client {}, host {}) joins group {} generation {} in state {}",
        member,
        request.clientId(),
        request.clientHost(),
        group.groupId(),
        group.generationId(),
        group.state());
    rebalancer.maybePrepareRebalance(
        group, "new member " + member + " joins; client reason: " + request.reason(), out);
  }

  private void updateMemberAndRebalance(
      ClassicGroup group, GroupMember member, JoinRequest request, String why, Completions out) {
    member.update(request.protocols(), request.rebalanceTimeoutMs(), request.sessionTimeoutMs());
    PendingJoin superseded = member.awaitJoin(request.pending());
    if (superseded != null) {
      out.join(
          superseded,
          GroupResponses.joinError(
              member.memberId(), Errors.REBALANCE_IN_PROGRESS, superseded.version()));
    }
    rebalancer.maybePrepareRebalance(
        group, why + " (" + member + "); client reason: " + request.reason(), out);
  }

  /**
   * A static member came back with an unknown member id: it takes over its old member's place and
   * assignment under a new id, and the old id is fenced. A Stable group does not rebalance unless
   * the selected protocol would change.
   */
  private void rejoinStaticMember(
      ClassicGroup group,
      String oldMemberId,
      String newMemberId,
      JoinRequest request,
      Completions out) {
    String previousLeader = group.leaderId();
    GroupMember old = group.member(oldMemberId);
    PendingJoin oldJoin = old.takePendingJoin();
    if (oldJoin != null) {
      out.join(
          oldJoin,
          GroupResponses.joinError(oldMemberId, Errors.FENCED_INSTANCE_ID, oldJoin.version()));
    }
    PendingSync oldSync = old.takePendingSync();
    if (oldSync != null) {
      out.sync(oldSync, GroupResponses.syncError(Errors.FENCED_INSTANCE_ID));
    }
    old.expiry().cancel();
    GroupMember member = group.replaceStaticMember(oldMemberId, newMemberId);
    member.update(request.protocols(), request.rebalanceTimeoutMs(), request.sessionTimeoutMs());
    member.awaitJoin(request.pending());
    rebalancer.keepAlive(group, member, member.sessionTimeoutMs());
    LOGGER.info(
        "Static member {} of group {} generation {} rejoins in state {}, replacing member {}",
        member,
        group.groupId(),
        group.generationId(),
        group.state(),
        oldMemberId);
    String reason = "static member " + member + " rejoins; client reason: " + request.reason();
    switch (group.state()) {
      case STABLE -> {
        if (Objects.equals(group.selectProtocol(), group.protocolName())) {
          member.takePendingJoin();
          boolean leader = group.isLeader(newMemberId);
          if (request.supportSkippingAssignment()) {
            // v9+: the leader learns it leads, but must not recompute the assignment
            out.join(
                request.pending(),
                GroupResponses.joinSuccess(
                    group,
                    newMemberId,
                    group.leaderId(),
                    leader ? group.joinResponseMembers() : List.of(),
                    leader,
                    request.version()));
          } else {
            // older clients get the old leader id, so that no member thinks it leads
            out.join(
                request.pending(),
                GroupResponses.joinSuccess(
                    group, newMemberId, previousLeader, List.of(), false, request.version()));
          }
        } else {
          rebalancer.prepareRebalance(group, reason + " with a different protocol", out);
        }
      }
      // the leader may already be assigning to the old member id
      case COMPLETING_REBALANCE -> rebalancer.prepareRebalance(group, reason, out);
      case PREPARING_REBALANCE -> {}
      default -> {
        member.takePendingJoin();
        reject(request, Errors.UNKNOWN_MEMBER_ID, out);
      }
    }
  }

  private static void reject(JoinRequest request, Errors error, Completions out) {
    out.join(
        request.pending(), GroupResponses.joinError(request.memberId(), error, request.version()));
  }
}
