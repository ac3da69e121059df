package io.chronik.broker.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic in the metadata image. Partitions are listed in index order; index {@code i} is at
 * position {@code i}.
 *
 * @param name the topic name
 * @param topicId the Kafka topic id (a UUID in Kafka's base64 form)
 * @param partitions the partitions in index order
 * @param configs topic-level config overrides (for example {@code retention.ms})
 */
public record TopicInfo(
    String name,
    String topicId,
    List<PartitionAssignment> partitions,
    Map<String, String> configs) {
  public TopicInfo {
    partitions = List.copyOf(partitions);
    configs = Map.copyOf(configs);
  }

  /** A copy with more partitions appended. */
  public TopicInfo withPartitions(List<PartitionAssignment> added) {
    List<PartitionAssignment> all = new ArrayList<>(partitions);
    all.addAll(added);
    return new TopicInfo(name, topicId, all, configs);
  }

  /** A copy in which partition {@code index} has other replicas (a completed replica move). */
  public TopicInfo withReplicas(int index, List<Integer> replicas) {
    List<PartitionAssignment> all = new ArrayList<>(partitions);
    PartitionAssignment old = all.get(index);
    all.set(index, new PartitionAssignment(old.partition(), old.groupId(), replicas));
    return new TopicInfo(name, topicId, all, configs);
  }

  /** A copy with config overrides set (a null value removes the key). */
  public TopicInfo withConfigs(Map<String, String> changes) {
    Map<String, String> merged = new TreeMap<>(configs);
    changes.forEach(
        (k, v) -> {
          if (v == null) {
            merged.remove(k);
          } else {
            merged.put(k, v);
          }
        });
    return new TopicInfo(name, topicId, partitions, merged);
  }
}
