package io.chronik.diagnostics.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One leader change of a Raft group, from a node's election journal ({@code GET
 * /v1/raft/elections}).
 *
 * @param timeMs when the node saw it, by the node's clock (epoch ms)
 * @param term the new leader's term
 * @param oldLeader the previous leader, -1 when none was known
 * @param newLeader the new leader, -1 when the group lost its leader
 * @param cause STARTUP, ELECTION, PRIORITY, TRANSFER or TIMEOUT
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Election(long timeMs, long term, int oldLeader, int newLeader, String cause) {
  public Election {
    cause = cause == null ? "UNKNOWN" : cause;
  }

  /** Whether this change gave the group a leader after the node's own start. */
  public boolean isElection() {
    return newLeader >= 0 && !"STARTUP".equals(cause);
  }
}
