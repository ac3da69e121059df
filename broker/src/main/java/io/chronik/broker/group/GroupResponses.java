package io.chronik.broker.group;

import java.util.List;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Builds membership responses so that they serialize at the version they answer: a field that the
 * version lacks keeps its default whenever the generated writer would refuse anything else.
 */
final class GroupResponses {

  private GroupResponses() {}

  /** A JoinGroup that failed; {@code memberId} is the id the client should use next. */
  static JoinGroupResponseData joinError(String memberId, Errors error, short version) {
    return new JoinGroupResponseData()
        .setErrorCode(error.code())
        .setGenerationId(-1)
        .setMemberId(memberId == null ? "" : memberId)
        .setLeader("")
        .setProtocolType(null)
        .setProtocolName(protocolName(null, version));
  }

  /**
   * A successful JoinGroup.
   *
   * @param members the member list, only for the leader (empty otherwise)
   * @param skipAssignment tells a static leader to skip the assignment (v9+ only)
   */
  static JoinGroupResponseData joinSuccess(
      ClassicGroup group,
      String memberId,
      String leaderId,
      List<JoinGroupResponseMember> members,
      boolean skipAssignment,
      short version) {
    return new JoinGroupResponseData()
        .setErrorCode(Errors.NONE.code())
        .setGenerationId(group.generationId())
        .setProtocolType(group.protocolType())
        .setProtocolName(protocolName(group.protocolName(), version))
        .setLeader(leaderId == null ? "" : leaderId)
        .setSkipAssignment(version >= 9 && skipAssignment)
        .setMemberId(memberId)
        .setMembers(members);
  }

  /** The protocol name is nullable from v7 only; older versions get "" instead of null. */
  private static String protocolName(String name, short version) {
    return name == null && version < 7 ? "" : name;
  }

  static SyncGroupResponseData syncError(Errors error) {
    return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
  }

  static SyncGroupResponseData syncSuccess(ClassicGroup group, byte[] assignment) {
    return new SyncGroupResponseData()
        .setErrorCode(Errors.NONE.code())
        .setProtocolType(group.protocolType())
        .setProtocolName(group.protocolName())
        .setAssignment(assignment);
  }

  static HeartbeatResponseData heartbeat(Errors error) {
    return new HeartbeatResponseData().setErrorCode(error.code());
  }

  /**
   * A LeaveGroup response. Versions 0-2 have no member list, so the first member error becomes the
   * top-level error (as Kafka's {@code LeaveGroupResponse} does).
   */
  static LeaveGroupResponseData leave(
      Errors topLevel, List<MemberResponse> members, short version) {
    if (version >= 3) {
      return new LeaveGroupResponseData().setErrorCode(topLevel.code()).setMembers(members);
    }
    short code = topLevel.code();
    if (topLevel == Errors.NONE) {
      for (MemberResponse member : members) {
        if (member.errorCode() != Errors.NONE.code()) {
          code = member.errorCode();
          break;
        }
      }
    }
    return new LeaveGroupResponseData().setErrorCode(code);
  }
}
