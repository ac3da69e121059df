package io.chronik.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SyncGroup, Heartbeat and LeaveGroup applied to one group, with the group's lock held (JoinGroup
 * is {@link JoinGroupHandler}). Follows Kafka's classic GroupCoordinator: errors are checked in its
 * order, and a follower's SyncGroup is parked in its member's slot until the leader's assignment.
 */
final class MemberRequests {

  private static final Logger LOGGER = LoggerFactory.getLogger(MemberRequests.class);

  private final Rebalancer rebalancer;

  MemberRequests(Rebalancer rebalancer) {
    this.rebalancer = rebalancer;
  }

  /**
   * Checks that a request comes from a current member: when an instance id is given, it must map to
   * this member id (FENCED_INSTANCE_ID otherwise); the member id must be known.
   *
   * @return the error, or null
   */
  static Errors validateMember(ClassicGroup group, String memberId, String groupInstanceId) {
    if (groupInstanceId != null) {
      String current = group.staticMemberId(groupInstanceId);
      if (current == null) {
        return Errors.UNKNOWN_MEMBER_ID;
      }
      if (!current.equals(memberId)) {
        LOGGER.info(
            "Member {} with instance id {} of group {} is fenced by member {}",
            memberId,
            groupInstanceId,
            group.groupId(),
            current);
        return Errors.FENCED_INSTANCE_ID;
      }
      return null;
    }
    return group.has(memberId) ? null : Errors.UNKNOWN_MEMBER_ID;
  }

  // ---- SyncGroup

  void sync(
      ClassicGroup group,
      SyncGroupRequestData request,
      short version,
      PendingSync pending,
      Completions out) {
    Errors error = validateSync(group, request, version);
    if (error != null) {
      out.sync(pending, GroupResponses.syncError(error));
      return;
    }
    String memberId = request.memberId();
    GroupMember member = group.member(memberId);
    switch (group.state()) {
      case PREPARING_REBALANCE ->
          out.sync(pending, GroupResponses.syncError(Errors.REBALANCE_IN_PROGRESS));
      case COMPLETING_REBALANCE -> {
        PendingSync superseded = member.awaitSync(pending);
        if (superseded != null) {
          out.sync(superseded, GroupResponses.syncError(Errors.REBALANCE_IN_PROGRESS));
        }
        rebalancer.syncReceived(group, memberId);
        if (group.isLeader(memberId)) {
          LOGGER.info(
              "Group {} generation {}: assignment received from leader {}",
              group.groupId(),
              group.generationId(),
              memberId);
          Map<String, byte[]> assignments = new HashMap<>();
          for (SyncGroupRequestAssignment a : request.assignments()) {
            assignments.put(a.memberId(), a.assignment());
          }
          rebalancer.completeAssignment(group, assignments, out);
        }
      }
      case STABLE -> {
        rebalancer.syncReceived(group, memberId);
        out.sync(pending, GroupResponses.syncSuccess(group, member.assignment()));
        rebalancer.keepAlive(group, member, member.sessionTimeoutMs());
      }
      default -> out.sync(pending, GroupResponses.syncError(Errors.UNKNOWN_MEMBER_ID));
    }
  }

  private static Errors validateSync(ClassicGroup group, SyncGroupRequestData request, short v) {
    if (group.is(GroupState.DEAD)) {
      return Errors.COORDINATOR_NOT_AVAILABLE;
    }
    Errors error =
        validateMember(group, request.memberId(), v >= 3 ? request.groupInstanceId() : null);
    if (error != null) {
      return error;
    }
    if (request.generationId() != group.generationId()) {
      return Errors.ILLEGAL_GENERATION;
    }
    if (v >= 5
        && (mismatch(request.protocolType(), group.protocolType())
            || mismatch(request.protocolName(), group.protocolName()))) {
      return Errors.INCONSISTENT_GROUP_PROTOCOL;
    }
    return null;
  }

  private static boolean mismatch(String requested, String actual) {
    return requested != null && !requested.equals(actual);
  }

  // ---- Heartbeat

  Errors heartbeat(ClassicGroup group, HeartbeatRequestData request, short version) {
    if (group.is(GroupState.DEAD)) {
      return Errors.COORDINATOR_NOT_AVAILABLE;
    }
    Errors error =
        validateMember(group, request.memberId(), version >= 3 ? request.groupInstanceId() : null);
    if (error != null) {
      return error;
    }
    if (request.generationId() != group.generationId()) {
      return Errors.ILLEGAL_GENERATION;
    }
    GroupMember member = group.member(request.memberId());
    return switch (group.state()) {
      case COMPLETING_REBALANCE, STABLE -> {
        rebalancer.keepAlive(group, member, member.sessionTimeoutMs());
        yield Errors.NONE;
      }
      case PREPARING_REBALANCE -> {
        rebalancer.keepAlive(group, member, member.sessionTimeoutMs());
        yield Errors.REBALANCE_IN_PROGRESS;
      }
      default -> Errors.UNKNOWN_MEMBER_ID;
    };
  }

  // ---- LeaveGroup

  /** Removes the leaving members; an empty member id with an instance id removes that instance. */
  List<MemberResponse> leave(ClassicGroup group, List<MemberIdentity> leaving, Completions out) {
    List<MemberResponse> responses = new ArrayList<>(leaving.size());
    for (MemberIdentity identity : leaving) {
      String memberId = identity.memberId() == null ? "" : identity.memberId();
      String instanceId = identity.groupInstanceId();
      Errors error;
      if (memberId.isEmpty()) {
        String current = group.staticMemberId(instanceId);
        error = current == null ? Errors.UNKNOWN_MEMBER_ID : null;
        memberId = current == null ? memberId : current;
      } else if (group.isPendingMember(memberId)) {
        group.removePendingMember(memberId);
        rebalancer.maybeCompleteJoin(group, out);
        responses.add(memberResponse(identity, Errors.NONE));
        continue;
      } else {
        error = validateMember(group, memberId, instanceId);
      }
      if (error == null) {
        GroupMember member = group.member(memberId);
        String reason = identity.reason() == null ? "not provided" : identity.reason();
        LOGGER.info(
            "Member {} leaves group {} generation {}; client reason: {}",
            member,
            group.groupId(),
            group.generationId(),
            reason);
        rebalancer.removeMemberAndUpdateGroup(
            group, member, "member " + member + " left; client reason: " + reason, out);
      }
      responses.add(memberResponse(identity, error == null ? Errors.NONE : error));
    }
    return responses;
  }

  private static MemberResponse memberResponse(MemberIdentity identity, Errors error) {
    return new MemberResponse()
        .setMemberId(identity.memberId())
        .setGroupInstanceId(identity.groupInstanceId())
        .setErrorCode(error.code());
  }
}
