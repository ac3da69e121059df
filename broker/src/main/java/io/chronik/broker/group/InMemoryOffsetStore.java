package io.chronik.broker.group;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/** An {@link OffsetStore} held in memory: thread-safe, for tests and as the simplest store. */
public final class InMemoryOffsetStore implements OffsetStore {

  private final Map<String, Map<TopicPartition, CommittedOffset>> offsets =
      new ConcurrentHashMap<>();

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
    return CompletableFuture.completedFuture(null);
  }
}
