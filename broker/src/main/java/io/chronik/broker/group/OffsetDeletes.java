package io.chronik.broker.group;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartitionCollection;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopicCollection;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetDelete (KIP-496), as Kafka's classic groups answer it: a group that is neither live here
 * nor has committed offsets is GROUP_ID_NOT_FOUND; an Empty group (or one known by its offsets
 * only) loses the offsets of every named partition; a group with members loses them only for topics
 * none of its members subscribes to (the others are GROUP_SUBSCRIBED_TO_TOPIC), and only when it is
 * a consumer group (protocol type {@code consumer}): another group with members is NON_EMPTY_GROUP.
 * A partition without a committed offset is answered NONE. The caller answers the partitions of
 * topics that do not exist itself.
 */
final class OffsetDeletes {
  private static final String CONSUMER = "consumer";

  private final GroupRegistry registry;
  private final OffsetStore store;

  OffsetDeletes(GroupRegistry registry, OffsetStore store) {
    this.registry = registry;
    this.store = store;
  }

  CompletableFuture<OffsetDeleteResponseData> delete(OffsetDeleteRequestData request) {
    String groupId = request.groupId();
    if (registry.isClosed()) {
      return done(Errors.COORDINATOR_NOT_AVAILABLE);
    }
    if (groupId == null || groupId.isEmpty()) {
      return done(Errors.INVALID_GROUP_ID);
    }
    Set<String> subscribed;
    ClassicGroup group = registry.get(groupId);
    boolean live = false;
    if (group != null) {
      synchronized (group) {
        if (!group.is(GroupState.DEAD)) {
          live = true;
          if (group.is(GroupState.EMPTY)) {
            subscribed = Set.of();
          } else if (!CONSUMER.equals(group.protocolType())) {
            return done(Errors.NON_EMPTY_GROUP);
          } else {
            subscribed = subscribedTopics(group);
          }
        } else {
          subscribed = Set.of();
        }
      }
    } else {
      subscribed = Set.of();
    }
    if (!live && !store.groupIds().contains(groupId)) {
      return done(Errors.GROUP_ID_NOT_FOUND);
    }
    Map<TopicPartition, Errors> results = new LinkedHashMap<>();
    Set<TopicPartition> deleted = new HashSet<>();
    for (OffsetDeleteRequestTopic topic : request.topics()) {
      for (OffsetDeleteRequestPartition p : topic.partitions()) {
        TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
        if (subscribed.contains(topic.name())) {
          results.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
        } else {
          results.put(tp, Errors.NONE);
          deleted.add(tp);
        }
      }
    }
    Set<TopicPartition> stored = new HashSet<>(deleted);
    stored.retainAll(store.committed(groupId).keySet());
    CompletableFuture<Void> deletion;
    try {
      deletion =
          stored.isEmpty()
              ? CompletableFuture.completedFuture(null)
              : store.deleteOffsets(groupId, stored);
    } catch (RuntimeException e) {
      deletion = CompletableFuture.failedFuture(e);
    }
    return deletion.handle(
        (ignored, failure) -> {
          if (failure != null) {
            Errors error = StoreErrors.toError(groupId, "delete committed offsets", failure);
            return new OffsetDeleteResponseData().setErrorCode(error.code());
          }
          return response(results);
        });
  }

  /**
   * The topics the members subscribe to, read from their subscriptions for the group's protocol
   * (each member's first protocol while none is chosen); a subscription that does not parse counts
   * as none.
   */
  private static Set<String> subscribedTopics(ClassicGroup group) {
    Set<String> topics = new HashSet<>();
    String protocol = group.protocolName();
    for (GroupMember member : group.members()) {
      try {
        byte[] metadata =
            protocol != null ? member.metadata(protocol) : member.protocols().get(0).metadata();
        topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata)).topics());
      } catch (RuntimeException e) {
        // not a consumer subscription
      }
    }
    return topics;
  }

  private static OffsetDeleteResponseData response(Map<TopicPartition, Errors> results) {
    OffsetDeleteResponseTopicCollection topics = new OffsetDeleteResponseTopicCollection();
    results.forEach(
        (tp, error) -> {
          OffsetDeleteResponseTopic topic = topics.find(tp.topic());
          if (topic == null) {
            topic =
                new OffsetDeleteResponseTopic()
                    .setName(tp.topic())
                    .setPartitions(new OffsetDeleteResponsePartitionCollection());
            topics.add(topic);
          }
          topic
              .partitions()
              .add(
                  new OffsetDeleteResponsePartition()
                      .setPartitionIndex(tp.partition())
                      .setErrorCode(error.code()));
        });
    return new OffsetDeleteResponseData().setErrorCode(Errors.NONE.code()).setTopics(topics);
  }

  private static CompletableFuture<OffsetDeleteResponseData> done(Errors error) {
    return CompletableFuture.completedFuture(
        new OffsetDeleteResponseData().setErrorCode(error.code()));
  }
}
