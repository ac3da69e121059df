package io.chronik.broker.replication;

/** This node does not lead the group; {@code leaderId} is the known leader or -1. */
public final class NotLeaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String groupId;
  private final int leaderId;

  public NotLeaderException(String groupId, int leaderId) {
    super("not the leader of group " + groupId + (leaderId >= 0 ? "; leader is " + leaderId : ""));
    this.groupId = groupId;
    this.leaderId = leaderId;
  }

  public String groupId() {
    return groupId;
  }

  public int leaderId() {
    return leaderId;
  }
}
