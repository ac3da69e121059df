package io.chronik.broker.group;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The states of a classic consumer group, as Kafka names them on the wire.
 *
 * <pre>
 *            +------------------------------------------------+
 *            v                                                |
 *   Empty --> PreparingRebalance --> CompletingRebalance --> Stable
 *     ^            |    ^                  |                  |
 *     +------------+    +------------------+------------------+
 *   (any state) --> Dead
 * </pre>
 *
 * <ul>
 *   <li>{@link #EMPTY}: no members. The group may still own committed offsets.
 *   <li>{@link #PREPARING_REBALANCE}: waiting for every known member to send JoinGroup, until the
 *       rebalance timeout; a first rebalance out of Empty waits the initial rebalance delay first.
 *   <li>{@link #COMPLETING_REBALANCE}: a new generation has been announced; waiting for the
 *       leader's assignment in SyncGroup.
 *   <li>{@link #STABLE}: the leader's assignment has been handed out; members heartbeat.
 *   <li>{@link #DEAD}: the group was deleted or its coordinator closed; nothing comes back.
 * </ul>
 */
public enum GroupState {
  EMPTY("Empty"),
  PREPARING_REBALANCE("PreparingRebalance"),
  COMPLETING_REBALANCE("CompletingRebalance"),
  STABLE("Stable"),
  DEAD("Dead");

  private final String kafkaName;

  GroupState(String kafkaName) {
    this.kafkaName = kafkaName;
  }

  /** The name Kafka uses in DescribeGroups and ListGroups, e.g. {@code "PreparingRebalance"}. */
  public String kafkaName() {
    return kafkaName;
  }

  /** Parses a Kafka state name, ignoring case (ListGroups filters arrive in any case). */
  public static Optional<GroupState> parse(String name) {
    for (GroupState state : values()) {
      if (state.kafkaName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }

  /** The states a group may be in right before it enters this one. */
  Set<GroupState> validPreviousStates() {
    return switch (this) {
      case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
      case PREPARING_REBALANCE -> EnumSet.of(STABLE, COMPLETING_REBALANCE, EMPTY);
      case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
      case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
      case DEAD -> EnumSet.allOf(GroupState.class);
    };
  }

  @Override
  public String toString() {
    return kafkaName;
  }
}
