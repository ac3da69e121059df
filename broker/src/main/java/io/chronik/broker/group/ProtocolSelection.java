package io.chronik.broker.group;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How a group agrees on a protocol (for consumers: the partition assignor). A candidate is a
 * protocol every member supports; each member votes for the candidate it lists first, and the most
 * votes win.
 */
final class ProtocolSelection {

  private ProtocolSelection() {}

  /** A member must name a protocol type and at least one protocol. */
  static boolean isValid(String type, Set<String> names) {
    return type != null && !type.isEmpty() && !names.isEmpty();
  }

  /**
   * Whether {@code names} shares a protocol with every member but the joining one (whose own old
   * protocols do not count, so that it may change them).
   */
  static boolean sharesProtocol(
      Set<String> names, Collection<GroupMember> members, String joiningMemberId) {
    if (names.isEmpty()) {
      return false;
    }
    Set<String> common = new LinkedHashSet<>(names);
    for (GroupMember member : members) {
      if (!member.memberId().equals(joiningMemberId)) {
        common.retainAll(member.protocolNames());
      }
    }
    return !common.isEmpty();
  }

  /**
   * The protocol for the next generation: among those all members support, the one most members
   * prefer; a tie goes to the protocol the leader prefers.
   */
  static String select(Collection<GroupMember> members, GroupMember leader) {
    Set<String> candidates = null;
    for (GroupMember member : members) {
      if (candidates == null) {
        candidates = new LinkedHashSet<>(member.protocolNames());
      } else {
        candidates.retainAll(member.protocolNames());
      }
    }
    Map<String, Integer> votes = new HashMap<>();
    for (GroupMember member : members) {
      votes.merge(member.vote(candidates), 1, Integer::sum);
    }
    String selected = null;
    int best = 0;
    for (String name : leader.protocolNames()) {
      int count = votes.getOrDefault(name, 0);
      if (count > best) {
        selected = name;
        best = count;
      }
    }
    return selected;
  }
}
