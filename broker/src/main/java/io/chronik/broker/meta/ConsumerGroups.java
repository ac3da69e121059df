package io.chronik.broker.meta;

import io.chronik.broker.group.CommittedOffset;
import io.chronik.broker.group.GroupMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the metadata image holds of the consumer groups, and how the group commands change it: an
 * immutable value; each change returns a new one.
 *
 * <p>Invariants: a group's offsets hold no topic without a partition, and {@code offsets} holds no
 * group whose offsets were all deleted ({@link MetaCommand.DeleteOffsets}).
 *
 * @param offsets committed offsets: group → topic → partition → offset
 * @param groups the groups' membership as their coordinator last stored it, by group id
 */
record ConsumerGroups(
    Map<String, Map<String, Map<Integer, CommittedOffset>>> offsets,
    Map<String, GroupMetadata> groups) {

  ConsumerGroups {
    offsets = offsets == null ? Map.of() : Map.copyOf(offsets);
    groups = groups == null ? Map.of() : Map.copyOf(groups);
  }

  /**
   * The term a group command must be applied in, as an entry of Raft term {@code entryTerm}: a
   * membership write's coordinator term ({@link MetaCommand.StoreGroupMetadata}); any other command
   * applies in any term.
   */
  static long requiredTerm(MetaCommand command, long entryTerm) {
    if (command instanceof MetaCommand.StoreGroupMetadata c) {
      return c.coordinatorTerm();
    }
    if (command instanceof MetaCommand.RemoveGroupMetadata c) {
      return c.coordinatorTerm();
    }
    return entryTerm;
  }

  /** The state after a group command, or empty when {@code command} is not one. */
  Optional<ConsumerGroups> change(MetaCommand command) {
    if (command instanceof MetaCommand.CommitOffsets c) {
      return Optional.of(commit(c));
    } else if (command instanceof MetaCommand.DeleteOffsets c) {
      return Optional.of(deleteOffsets(c));
    } else if (command instanceof MetaCommand.DeleteGroup c) {
      return Optional.of(delete(c.group()));
    } else if (command instanceof MetaCommand.StoreGroupMetadata c) {
      return Optional.of(store(c.group()));
    } else if (command instanceof MetaCommand.RemoveGroupMetadata c) {
      return Optional.of(forget(c.group()));
    }
    return Optional.empty();
  }

  /** Committed offsets of a group: topic → partition → offset (empty when none). */
  Map<String, Map<Integer, CommittedOffset>> offsetsOf(String group) {
    return offsets.getOrDefault(group, Map.of());
  }

  /** Stores offsets, replacing earlier commits of the same partitions ({@code commit-offsets}). */
  private ConsumerGroups commit(MetaCommand.CommitOffsets c) {
    Map<String, Map<Integer, CommittedOffset>> group = new HashMap<>(offsetsOf(c.group()));
    c.offsets()
        .forEach(
            (topic, parts) -> {
              Map<Integer, CommittedOffset> merged =
                  new HashMap<>(group.getOrDefault(topic, Map.of()));
              merged.putAll(parts);
              group.put(topic, Map.copyOf(merged));
            });
    Map<String, Map<String, Map<Integer, CommittedOffset>>> next = new HashMap<>(offsets);
    next.put(c.group(), Map.copyOf(group));
    return new ConsumerGroups(next, groups);
  }

  /** Removes some committed offsets, and the group's entry once none is left. */
  private ConsumerGroups deleteOffsets(MetaCommand.DeleteOffsets c) {
    Map<String, Map<Integer, CommittedOffset>> group = new HashMap<>(offsetsOf(c.group()));
    c.partitions()
        .forEach(
            (topic, parts) -> {
              Map<Integer, CommittedOffset> left =
                  new HashMap<>(group.getOrDefault(topic, Map.of()));
              parts.forEach(left::remove);
              if (left.isEmpty()) {
                group.remove(topic);
              } else {
                group.put(topic, Map.copyOf(left));
              }
            });
    Map<String, Map<String, Map<Integer, CommittedOffset>>> next = new HashMap<>(offsets);
    if (group.isEmpty()) {
      next.remove(c.group());
    } else {
      next.put(c.group(), Map.copyOf(group));
    }
    return new ConsumerGroups(next, groups);
  }

  /** Removes a group: its offsets and its membership ({@code delete-group}). */
  private ConsumerGroups delete(String group) {
    Map<String, Map<String, Map<Integer, CommittedOffset>>> nextOffsets = new HashMap<>(offsets);
    nextOffsets.remove(group);
    return new ConsumerGroups(nextOffsets, forget(group).groups());
  }

  /** Stores a group's membership, replacing what was stored for it. */
  private ConsumerGroups store(GroupMetadata group) {
    Map<String, GroupMetadata> next = new HashMap<>(groups);
    next.put(group.groupId(), group);
    return new ConsumerGroups(offsets, next);
  }

  /** Removes a group's membership, keeping its offsets. */
  private ConsumerGroups forget(String group) {
    Map<String, GroupMetadata> next = new HashMap<>(groups);
    next.remove(group);
    return new ConsumerGroups(offsets, next);
  }
}
