package io.chronik.broker.group;

import java.util.List;

/**
 * A classic group's membership as its coordinator replicates it (Kafka's GroupMetadata record in
 * {@code __consumer_offsets}): written when a generation completes (the leader's assignment is
 * stored, the group becomes Stable) and when the group becomes Empty, so that a new coordinator
 * takes the group over with its generation and members instead of making every member rejoin.
 *
 * <p>A value: the byte arrays are never changed after the record is built.
 *
 * @param groupId the group id
 * @param generationId the generation
 * @param protocolType the members' protocol type ({@code consumer}), null when the group never had
 *     members
 * @param protocolName the protocol (assignor) of the generation, null when the group is Empty
 * @param leaderId the member id of the generation's leader, null when the group is Empty
 * @param members the generation's members, none when the group is Empty
 */
public record GroupMetadata(
    String groupId,
    int generationId,
    String protocolType,
    String protocolName,
    String leaderId,
    List<Member> members) {

  public GroupMetadata {
    members = members == null ? List.of() : List.copyOf(members);
  }

  /** Whether the group had members when it was stored (it is Empty otherwise). */
  public boolean hasMembers() {
    return !members.isEmpty();
  }

  /**
   * A member of the stored generation.
   *
   * @param memberId the member id
   * @param groupInstanceId the static member's {@code group.instance.id}, null for a dynamic member
   * @param clientId the client id the member joined with
   * @param clientHost the client host the member joined from
   * @param rebalanceTimeoutMs the member's rebalance timeout
   * @param sessionTimeoutMs the member's session timeout
   * @param protocols the protocols the member supports, in its order of preference, with their
   *     metadata (the subscription)
   * @param assignment the leader's assignment for the member, empty when it got none
   */
  public record Member(
      String memberId,
      String groupInstanceId,
      String clientId,
      String clientHost,
      int rebalanceTimeoutMs,
      int sessionTimeoutMs,
      List<Protocol> protocols,
      byte[] assignment) {

    public Member {
      protocols = protocols == null ? List.of() : List.copyOf(protocols);
      assignment = assignment == null ? new byte[0] : assignment;
    }
  }

  /**
   * One protocol a member supports.
   *
   * @param name the protocol (assignor) name
   * @param metadata the member's metadata for it
   */
  public record Protocol(String name, byte[] metadata) {
    public Protocol {
      metadata = metadata == null ? new byte[0] : metadata;
    }
  }
}
