package io.chronik.broker.group;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * An {@link OffsetStore} held in memory: thread-safe, for tests and as the simplest store. There is
 * only one coordinator, so membership writes are not fenced.
 */
public final class InMemoryOffsetStore implements OffsetStore {

  private final Map<String, Map<TopicPartition, CommittedOffset>> offsets =
      new ConcurrentHashMap<>();
  private final Map<String, GroupMetadata> groups = new ConcurrentHashMap<>();

  @Override
  public CompletableFuture<Void> commit(
      String groupId, Map<TopicPartition, CommittedOffset> committed) {
    if (!committed.isEmpty()) {
      offsets.compute(
          groupId,
          (id, current) -> {
            Map<TopicPartition, CommittedOffset> next =
                current == null ? new ConcurrentHashMap<>() : current;
            next.putAll(committed);
            return next;
          });
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Map<TopicPartition, CommittedOffset> committed(String groupId) {
    Map<TopicPartition, CommittedOffset> group = offsets.get(groupId);
    return group == null ? Map.of() : Map.copyOf(group);
  }

  @Override
  public Set<String> groupIds() {
    return offsets.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public CompletableFuture<Void> deleteGroup(String groupId) {
    offsets.remove(groupId);
    groups.remove(groupId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> storeGroup(GroupMetadata group, long coordinatorTerm) {
    groups.put(group.groupId(), group);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> forgetGroup(String groupId, long coordinatorTerm) {
    groups.remove(groupId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Collection<GroupMetadata> storedGroups() {
    return List.copyOf(groups.values());
  }

  @Override
  public CompletableFuture<Void> deleteOffsets(String groupId, Set<TopicPartition> partitions) {
    offsets.computeIfPresent(
        groupId,
        (id, current) -> {
          partitions.forEach(current::remove);
          return current.isEmpty() ? null : current;
        });
    return CompletableFuture.completedFuture(null);
  }
}
