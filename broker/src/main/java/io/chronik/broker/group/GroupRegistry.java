package io.chronik.broker.group;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live groups by id. A group leaves the registry in the same critical section (holding its
 * lock) in which it is marked Dead, so a thread that finds a Dead group after locking it knows the
 * group was deleted or the coordinator closed.
 */
final class GroupRegistry {

  private final ConcurrentHashMap<String, ClassicGroup> groups = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ClassicGroup get(String groupId) {
    return groups.get(groupId);
  }

  ClassicGroup getOrCreate(String groupId) {
    return groups.computeIfAbsent(groupId, ClassicGroup::new);
  }

  /** Registers a group taken over from the store; returns the group it replaces, or null. */
  ClassicGroup put(ClassicGroup group) {
    return groups.put(group.groupId(), group);
  }

  /** Removes the group if it is still the one registered under its id. */
  void remove(ClassicGroup group) {
    groups.remove(group.groupId(), group);
  }

  /** A snapshot of the live groups. */
  Collection<ClassicGroup> all() {
    return List.copyOf(groups.values());
  }

  /** Whether the coordinator is closed; checked again under each group lock. */
  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }
}
