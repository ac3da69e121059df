package io.chronik.broker.group;

/**
 * An offset a group committed for one partition.
 *
 * @param offset the next offset the group will consume
 * @param leaderEpoch the leader epoch of the last consumed record, or -1 when unknown
 * @param metadata the client's metadata string, never null (a null commit is stored as "")
 * @param commitTimestampMs when the coordinator accepted the commit
 */
public record CommittedOffset(
    long offset, int leaderEpoch, String metadata, long commitTimestampMs) {

  /** The leader epoch of an offset committed without one. */
  public static final int NO_LEADER_EPOCH = -1;
}
