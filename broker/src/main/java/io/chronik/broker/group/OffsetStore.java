package io.chronik.broker.group;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Where committed offsets and the groups' membership ({@link GroupMetadata}) live. In the broker
 * both are replicated through the Raft metadata group; the coordinator does not care.
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

  /** Removes every committed offset of a group, and its stored membership. */
  CompletableFuture<Void> deleteGroup(String groupId);

  /**
   * Stores a group's membership, replacing what was stored for it.
   *
   * @param coordinatorTerm the term in which the writing coordinator took the groups over (see
   *     {@link GroupCoordinator#coordinate}): a replicated store refuses the write, with
   *     NOT_COORDINATOR, once another coordinator may have taken over
   */
  CompletableFuture<Void> storeGroup(GroupMetadata group, long coordinatorTerm);

  /** Removes a group's stored membership (not its offsets); fenced like {@link #storeGroup}. */
  CompletableFuture<Void> forgetGroup(String groupId, long coordinatorTerm);

  /** Every stored membership, for a coordinator that takes the groups over. */
  Collection<GroupMetadata> storedGroups();

  /**
   * Removes the committed offsets of some partitions of a group (those it has). A store that cannot
   * remove single offsets fails with UNSUPPORTED_VERSION.
   */
  default CompletableFuture<Void> deleteOffsets(String groupId, Set<TopicPartition> partitions) {
    return CompletableFuture.failedFuture(
        new org.apache.kafka.common.errors.UnsupportedVersionException(
            "this offset store cannot delete single offsets"));
  }
}
