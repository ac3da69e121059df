package io.chronik.broker.partition;

import io.chronik.broker.group.CommittedOffset;
import io.chronik.broker.group.GroupMetadata;
import io.chronik.broker.group.OffsetStore;
import io.chronik.broker.meta.MetaCodec;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.MetadataService;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets and the groups' membership kept in the replicated metadata image, so they
 * survive restarts and failover.
 *
 * <p>Membership is replicated only while every registered node applies entry-format level {@link
 * EntryFormat#GROUP_MEMBERSHIP} (a node of an older release could not apply the entries). Below it
 * (a rolling upgrade) nothing new is stored and the membership lives only on the coordinator, so a
 * group rejoins after a coordinator failover; a membership an earlier release stored without the
 * level is removed at the group's next change instead of being left to go stale.
 */
public final class MetaOffsetStore implements OffsetStore {
  private static final Logger LOGGER = LoggerFactory.getLogger(MetaOffsetStore.class);

  /**
   * The largest membership write: a metadata log entry must fit the Raft write buffer (about {@link
   * PartitionEntry#MAX_ENTRY_BYTES}), and this leaves room for the entry's own framing.
   */
  static final int MAX_GROUP_METADATA_BYTES = 1024 * 1024;

  private final MetadataService metadata;
  private final AtomicBoolean gateLogged = new AtomicBoolean();

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

  /**
   * Stores a group's membership. A membership too large for one metadata entry (thousands of
   * members, or huge subscriptions) is not stored: what was stored for the group is removed
   * instead, so a new coordinator does not take over an outdated generation, and the group then
   * survives a coordinator failover only by rejoining.
   */
  @Override
  public CompletableFuture<Void> storeGroup(GroupMetadata group, long coordinatorTerm) {
    int level = EntryFormat.clusterLevel(metadata.image());
    if (level < EntryFormat.GROUP_MEMBERSHIP) {
      if (gateLogged.compareAndSet(false, true)) {
        LOGGER.info(
            "Group {} generation {}: group membership is not replicated while a registered node"
                + " applies entry-format level {} only (below {}; an upgrade in progress?); if"
                + " the coordinator fails, the members rejoin",
            group.groupId(),
            group.generationId(),
            level,
            EntryFormat.GROUP_MEMBERSHIP);
      }
      return forgetGroup(group.groupId(), coordinatorTerm);
    }
    MetaCommand.StoreGroupMetadata command =
        new MetaCommand.StoreGroupMetadata(group, coordinatorTerm);
    int size = MetaCodec.encode(command).length;
    if (size > MAX_GROUP_METADATA_BYTES) {
      LOGGER.warn(
          "Group {} generation {}: its membership ({} bytes, {} members) is larger than {} bytes"
              + " and is not replicated; if the coordinator fails, the members rejoin",
          group.groupId(),
          group.generationId(),
          size,
          group.members().size(),
          MAX_GROUP_METADATA_BYTES);
      return forgetGroup(group.groupId(), coordinatorTerm);
    }
    return metadata.submit(command).thenAccept(MetaOffsetStore::check);
  }

  /**
   * Removes a group's stored membership, if the image holds one. Below level {@link
   * EntryFormat#GROUP_MEMBERSHIP} the image holds one only if a release that stored memberships
   * without the level did; a node that cannot apply the removal skips it, as it skipped the store.
   */
  @Override
  public CompletableFuture<Void> forgetGroup(String groupId, long coordinatorTerm) {
    if (!metadata.image().groups().containsKey(groupId)) {
      return CompletableFuture.completedFuture(null);
    }
    return metadata
        .submit(new MetaCommand.RemoveGroupMetadata(groupId, coordinatorTerm))
        .thenAccept(MetaOffsetStore::check);
  }

  @Override
  public Collection<GroupMetadata> storedGroups() {
    return metadata.image().groups().values();
  }

  @Override
  public CompletableFuture<Void> deleteOffsets(String groupId, Set<TopicPartition> partitions) {
    Map<String, java.util.List<Integer>> byTopic = new HashMap<>();
    partitions.forEach(
        tp ->
            byTopic
                .computeIfAbsent(tp.topic(), t -> new java.util.ArrayList<>())
                .add(tp.partition()));
    return metadata
        .submit(new MetaCommand.DeleteOffsets(groupId, byTopic))
        .thenAccept(MetaOffsetStore::check);
  }

  private static void check(MetaResult r) {
    if (!r.isOk()) {
      throw Errors.forCode(r.errorCode()).exception(r.message());
    }
  }
}
