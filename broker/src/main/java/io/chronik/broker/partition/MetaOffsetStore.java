package io.chronik.broker.partition;

import io.chronik.broker.group.CommittedOffset;
import io.chronik.broker.group.OffsetStore;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.MetadataService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/**
 * Committed offsets kept in the replicated metadata image, so they survive restarts and failover.
 */
public final class MetaOffsetStore implements OffsetStore {
  private final MetadataService metadata;

  public MetaOffsetStore(MetadataService metadata) {
    this.metadata = metadata;
  }

  @Override
  public CompletableFuture<Void> commit(
      String groupId, Map<TopicPartition, CommittedOffset> offsets) {
    Map<String, Map<Integer, CommittedOffset>> byTopic = new HashMap<>();
    offsets.forEach(
        (tp, o) ->
            byTopic.computeIfAbsent(tp.topic(), t -> new HashMap<>()).put(tp.partition(), o));
    return metadata
        .submit(new MetaCommand.CommitOffsets(groupId, byTopic))
        .thenAccept(MetaOffsetStore::check);
  }

  @Override
  public Map<TopicPartition, CommittedOffset> committed(String groupId) {
    Map<TopicPartition, CommittedOffset> out = new HashMap<>();
    metadata
        .image()
        .groupOffsets(groupId)
        .forEach(
            (topic, parts) -> parts.forEach((p, o) -> out.put(new TopicPartition(topic, p), o)));
    return out;
  }

  @Override
  public Set<String> groupIds() {
    return metadata.image().offsets().keySet();
  }

  @Override
  public CompletableFuture<Void> deleteGroup(String groupId) {
    return metadata.submit(new MetaCommand.DeleteGroup(groupId)).thenAccept(MetaOffsetStore::check);
  }

  private static void check(MetaResult r) {
    if (!r.isOk()) {
      throw Errors.forCode(r.errorCode()).exception(r.message());
    }
  }
}
