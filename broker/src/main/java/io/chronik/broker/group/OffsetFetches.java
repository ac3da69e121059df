package io.chronik.broker.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetFetch, read straight from the {@link OffsetStore} whatever the group's state (a group may
 * keep offsets in Kafka without using its group management). Versions 0-7 ask for one group, 8+ for
 * several. Null topics (v2+) ask for every committed partition; a partition without a commit
 * answers offset -1 and no error.
 */
final class OffsetFetches {

  private static final Comparator<TopicPartition> PARTITION_ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
  private static final CommittedOffset NONE_COMMITTED =
      new CommittedOffset(-1, CommittedOffset.NO_LEADER_EPOCH, "", -1);

  private final GroupRegistry registry;
  private final OffsetStore store;

  OffsetFetches(GroupRegistry registry, OffsetStore store) {
    this.registry = registry;
    this.store = store;
  }

  OffsetFetchResponseData fetch(OffsetFetchRequestData request, short version) {
    if (version >= 8) {
      List<OffsetFetchResponseGroup> groups = new ArrayList<>();
      for (OffsetFetchRequestGroup group : request.groups()) {
        groups.add(fetchGroup(group));
      }
      return new OffsetFetchResponseData().setGroups(groups);
    }
    return fetchSingle(request, version);
  }

  /** Which partitions to answer for: the requested ones in order, or null for every one. */
  private Map<TopicPartition, CommittedOffset> lookup(
      String groupId, Map<String, List<Integer>> requested) {
    Map<TopicPartition, CommittedOffset> committed = store.committed(groupId);
    Map<TopicPartition, CommittedOffset> result = new LinkedHashMap<>();
    if (requested == null) {
      committed.keySet().stream()
          .sorted(PARTITION_ORDER)
          .forEach(tp -> result.put(tp, committed.get(tp)));
    } else {
      requested.forEach(
          (topic, partitions) -> {
            for (int partition : partitions) {
              TopicPartition tp = new TopicPartition(topic, partition);
              result.put(tp, committed.getOrDefault(tp, NONE_COMMITTED));
            }
          });
    }
    return result;
  }

  private Errors groupError(String groupId) {
    if (registry.isClosed()) {
      return Errors.COORDINATOR_NOT_AVAILABLE;
    }
    return groupId == null ? Errors.INVALID_GROUP_ID : Errors.NONE;
  }

  private OffsetFetchResponseGroup fetchGroup(OffsetFetchRequestGroup request) {
    OffsetFetchResponseGroup response =
        new OffsetFetchResponseGroup().setGroupId(request.groupId());
    Errors error = groupError(request.groupId());
    if (error != Errors.NONE) {
      return response.setErrorCode(error.code());
    }
    Map<String, List<Integer>> requested = null;
    if (request.topics() != null) {
      requested = new LinkedHashMap<>();
      for (OffsetFetchRequestTopics topic : request.topics()) {
        requested
            .computeIfAbsent(topic.name(), t -> new ArrayList<>())
            .addAll(topic.partitionIndexes());
      }
    }
    Map<String, OffsetFetchResponseTopics> topics = new LinkedHashMap<>();
    lookup(request.groupId(), requested)
        .forEach(
            (tp, offset) ->
                topics
                    .computeIfAbsent(tp.topic(), t -> new OffsetFetchResponseTopics().setName(t))
                    .partitions()
                    .add(
                        new OffsetFetchResponsePartitions()
                            .setPartitionIndex(tp.partition())
                            .setCommittedOffset(offset.offset())
                            .setCommittedLeaderEpoch(offset.leaderEpoch())
                            .setMetadata(offset.metadata())
                            .setErrorCode(Errors.NONE.code())));
    return response.setTopics(new ArrayList<>(topics.values())).setErrorCode(Errors.NONE.code());
  }

  private OffsetFetchResponseData fetchSingle(OffsetFetchRequestData request, short version) {
    Map<String, List<Integer>> requested = null;
    if (request.topics() != null) {
      requested = new LinkedHashMap<>();
      for (OffsetFetchRequestTopic topic : request.topics()) {
        requested
            .computeIfAbsent(topic.name(), t -> new ArrayList<>())
            .addAll(topic.partitionIndexes());
      }
    }
    Errors error = groupError(request.groupId());
    OffsetFetchResponseData response = new OffsetFetchResponseData();
    if (error != Errors.NONE) {
      // v2+ carry a top-level error; older versions repeat it on each requested partition
      if (version >= 2) {
        return response.setErrorCode(error.code());
      }
      Map<TopicPartition, CommittedOffset> none = new LinkedHashMap<>();
      if (requested != null) {
        requested.forEach(
            (topic, partitions) ->
                partitions.forEach(p -> none.put(new TopicPartition(topic, p), NONE_COMMITTED)));
      }
      return response.setTopics(topicsV0(none, error));
    }
    return response.setTopics(topicsV0(lookup(request.groupId(), requested), Errors.NONE));
  }

  private static List<OffsetFetchResponseTopic> topicsV0(
      Map<TopicPartition, CommittedOffset> offsets, Errors error) {
    Map<String, OffsetFetchResponseTopic> topics = new LinkedHashMap<>();
    offsets.forEach(
        (tp, offset) ->
            topics
                .computeIfAbsent(tp.topic(), t -> new OffsetFetchResponseTopic().setName(t))
                .partitions()
                .add(
                    new OffsetFetchResponsePartition()
                        .setPartitionIndex(tp.partition())
                        .setCommittedOffset(offset.offset())
                        .setCommittedLeaderEpoch(offset.leaderEpoch())
                        .setMetadata(offset.metadata())
                        .setErrorCode(error.code())));
    return new ArrayList<>(topics.values());
  }
}
