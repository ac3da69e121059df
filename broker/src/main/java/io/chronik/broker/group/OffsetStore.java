package io.chronik.broker.group;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Where committed offsets live. In the broker this is replicated through the Raft metadata group;
 * the coordinator does not care.
 *
 * <p>Implementations are thread-safe. A returned future completes once the change is durable, and
 * completes exceptionally (preferably with a Kafka {@code ApiException}) when it is not.
 */
public interface OffsetStore {

  /** Stores offsets for a group, overwriting earlier commits of the same partitions. */
  CompletableFuture<Void> commit(String groupId, Map<TopicPartition, CommittedOffset> offsets);

  /** A snapshot copy of a group's committed offsets, never null (empty when it has none). */
  Map<TopicPartition, CommittedOffset> committed(String groupId);

  /** The groups having committed offsets. */
  Set<String> groupIds();

  /** Removes every committed offset of a group. */
  CompletableFuture<Void> deleteGroup(String groupId);
}
