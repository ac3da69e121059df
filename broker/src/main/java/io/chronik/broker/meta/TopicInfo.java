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

  /** The partitions in the Raft group of partition {@code index}, itself included, ascending. */
  public List<Integer> groupPartitions(int index) {
    String groupId = partitions.get(index).groupId();
    return partitions.stream()
        .filter(p -> p.groupId().equals(groupId))
        .map(PartitionAssignment::partition)
        .sorted()
        .toList();
  }

  /** A copy with more partitions appended. */
  public TopicInfo withPartitions(List<PartitionAssignment> added) {
    List<PartitionAssignment> all = new ArrayList<>(partitions);
    all.addAll(added);
    return new TopicInfo(name, topicId, all, configs);
  }

  /**
   * A copy in which partition {@code index}, and every partition that shares its Raft group, has
   * other replicas (a completed replica move: a move moves the whole group).
   */
  public TopicInfo withReplicas(int index, List<Integer> replicas) {
    String groupId = partitions.get(index).groupId();
    List<PartitionAssignment> all = new ArrayList<>();
    for (PartitionAssignment p : partitions) {
      all.add(
          p.groupId().equals(groupId)
              ? new PartitionAssignment(p.partition(), p.groupId(), replicas)
              : p);
    }
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
