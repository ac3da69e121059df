package io.chronik.broker.group;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;

/**
 * A JoinGroup with the version differences resolved: v0 has no rebalance timeout (the session
 * timeout stands in), v4+ requires a known member id, v5+ carries the static instance id, v9+ lets
 * a static leader skip the assignment.
 */
record JoinRequest(
    String groupId,
    String memberId,
    String groupInstanceId,
    String clientId,
    String clientHost,
    int rebalanceTimeoutMs,
    int sessionTimeoutMs,
    String protocolType,
    List<GroupMember.Protocol> protocols,
    boolean requireKnownMemberId,
    boolean supportSkippingAssignment,
    String reason,
    PendingJoin pending) {

  static JoinRequest of(
      JoinGroupRequestData data,
      short version,
      String clientId,
      String clientHost,
      PendingJoin pending) {
    List<GroupMember.Protocol> protocols = new ArrayList<>();
    for (JoinGroupRequestProtocol protocol : data.protocols()) {
      protocols.add(new GroupMember.Protocol(protocol.name(), protocol.metadata()));
    }
    String instanceId = version >= 5 ? data.groupInstanceId() : null;
    int rebalanceTimeoutMs =
        version == 0 || data.rebalanceTimeoutMs() < 0
            ? data.sessionTimeoutMs()
            : data.rebalanceTimeoutMs();
    return new JoinRequest(
        data.groupId(),
        data.memberId() == null ? "" : data.memberId(),
        instanceId,
        clientId == null ? "" : clientId,
        clientHost == null ? "" : clientHost,
        rebalanceTimeoutMs,
        data.sessionTimeoutMs(),
        data.protocolType(),
        protocols,
        version >= 4 && instanceId == null,
        version >= 9,
        version >= 8 && data.reason() != null ? data.reason() : "not provided",
        pending);
  }

  Set<String> protocolNames() {
    Set<String> names = new LinkedHashSet<>();
    protocols.forEach(p -> names.add(p.name()));
    return names;
  }

  short version() {
    return pending.version();
  }
}
