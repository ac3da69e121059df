package io.chronik.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OffsetCommit: who may commit (Kafka's {@code validateOffsetCommit}) and the write to the {@link
 * OffsetStore}. The group lock is held only to validate; the store write happens outside it.
 *
 * <ul>
 *   <li>Generation -1 with no member id (a simple consumer, the admin client) commits to an Empty
 *       or unknown group; an unknown group is created Empty.
 *   <li>Otherwise the member and the generation must be current. A group that is completing a
 *       rebalance answers REBALANCE_IN_PROGRESS; a group preparing one still accepts the commit of
 *       the old generation, so that members can commit while revoking their partitions.
 *   <li>Committing to an unknown group with a generation answers ILLEGAL_GENERATION (at every
 *       version), which makes a consumer rejoin after its coordinator moved.
 * </ul>
 */
final class OffsetRequests {

  private static final Logger LOGGER = LoggerFactory.getLogger(OffsetRequests.class);

  private final GroupRegistry registry;
  private final OffsetStore store;
  private final Rebalancer rebalancer;
  private final int metadataMaxBytes;

  OffsetRequests(
      GroupRegistry registry, OffsetStore store, Rebalancer rebalancer, int metadataMaxBytes) {
    this.registry = registry;
    this.store = store;
    this.rebalancer = rebalancer;
    this.metadataMaxBytes = metadataMaxBytes;
  }

  CompletableFuture<OffsetCommitResponseData> commit(OffsetCommitRequestData request, short v) {
    String groupId = request.groupId();
    int generation = v >= 1 ? request.generationIdOrMemberEpoch() : -1;
    String memberId = v >= 1 && request.memberId() != null ? request.memberId() : "";
    String instanceId = v >= 7 ? request.groupInstanceId() : null;
    Errors error = checkGroup(groupId, generation, memberId, instanceId);
    if (error != null) {
      return CompletableFuture.completedFuture(respond(request, Map.of(), error));
    }
    long now = System.currentTimeMillis();
    Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
    Map<TopicPartition, Errors> refused = new HashMap<>();
    for (OffsetCommitRequestTopic topic : request.topics()) {
      for (OffsetCommitRequestPartition p : topic.partitions()) {
        TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
        String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
        if (metadata.length() > metadataMaxBytes) {
          refused.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
        } else {
          long timestamp = v == 1 && p.commitTimestamp() >= 0 ? p.commitTimestamp() : now;
          int epoch = v >= 6 ? p.committedLeaderEpoch() : CommittedOffset.NO_LEADER_EPOCH;
          offsets.put(tp, new CommittedOffset(p.committedOffset(), epoch, metadata, timestamp));
        }
      }
    }
    if (offsets.isEmpty()) {
      return CompletableFuture.completedFuture(respond(request, refused, Errors.NONE));
    }
    CompletableFuture<Void> write;
    try {
      write = store.commit(groupId, offsets);
    } catch (RuntimeException e) {
      write = CompletableFuture.failedFuture(e);
    }
    return write.handle(
        (ignored, failure) -> {
          if (failure == null) {
            LOGGER.debug(
                "Group {} generation {}: member '{}' committed {} offsets",
                groupId,
                generation,
                memberId,
                offsets.size());
            return respond(request, refused, Errors.NONE);
          }
          Errors storeError = StoreErrors.toError(groupId, "commit offsets", failure);
          Map<TopicPartition, Errors> errors = new HashMap<>(refused);
          offsets.keySet().forEach(tp -> errors.put(tp, storeError));
          return respond(request, errors, Errors.NONE);
        });
  }

  /** Validates the committer against the group; returns the error for every partition, or null. */
  private Errors checkGroup(String groupId, int generation, String memberId, String instanceId) {
    if (registry.isClosed()) {
      return Errors.COORDINATOR_NOT_AVAILABLE;
    }
    if (groupId == null) {
      return Errors.INVALID_GROUP_ID;
    }
    ClassicGroup group = registry.get(groupId);
    if (group == null) {
      if (generation >= 0) {
        return Errors.ILLEGAL_GENERATION;
      }
      group = registry.getOrCreate(groupId);
    }
    synchronized (group) {
      if (registry.isClosed() || group.is(GroupState.DEAD)) {
        return Errors.COORDINATOR_NOT_AVAILABLE;
      }
      Errors error = validate(group, generation, memberId, instanceId);
      if (error != null) {
        return error;
      }
      return switch (group.state()) {
        case EMPTY -> null;
        case STABLE, PREPARING_REBALANCE -> {
          GroupMember member = group.member(memberId);
          rebalancer.keepAlive(group, member, member.sessionTimeoutMs());
          yield null;
        }
        default -> Errors.REBALANCE_IN_PROGRESS;
      };
    }
  }

  private static Errors validate(
      ClassicGroup group, int generation, String memberId, String instanceId) {
    if (generation < 0 && group.is(GroupState.EMPTY)) {
      return null;
    }
    if (generation >= 0 || !memberId.isEmpty() || instanceId != null) {
      Errors error = MemberRequests.validateMember(group, memberId, instanceId);
      if (error != null) {
        return error;
      }
      return generation != group.generationId() ? Errors.ILLEGAL_GENERATION : null;
    }
    // only members commit to a group that has members
    return group.is(GroupState.EMPTY) ? null : Errors.UNKNOWN_MEMBER_ID;
  }

  /** Answers every requested partition, in request order: its own error, else {@code others}. */
  private static OffsetCommitResponseData respond(
      OffsetCommitRequestData request, Map<TopicPartition, Errors> errors, Errors others) {
    List<OffsetCommitResponseTopic> topics = new ArrayList<>();
    for (OffsetCommitRequestTopic topic : request.topics()) {
      List<OffsetCommitResponsePartition> partitions = new ArrayList<>();
      for (OffsetCommitRequestPartition p : topic.partitions()) {
        Errors error =
            errors.getOrDefault(new TopicPartition(topic.name(), p.partitionIndex()), others);
        partitions.add(
            new OffsetCommitResponsePartition()
                .setPartitionIndex(p.partitionIndex())
                .setErrorCode(error.code()));
      }
      topics.add(new OffsetCommitResponseTopic().setName(topic.name()).setPartitions(partitions));
    }
    return new OffsetCommitResponseData().setTopics(topics);
  }
}
