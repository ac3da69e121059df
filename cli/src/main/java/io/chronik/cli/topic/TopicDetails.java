package io.chronik.cli.topic;

import java.util.List;

/**
 * One topic as {@code chronik topic describe} shows it; the JSON form has exactly these fields,
 * always present.
 *
 * @param name the topic name
 * @param topicId the topic's id, or null when the broker does not report one
 * @param internal true for the broker's own topics
 * @param partitions every partition, in order
 * @param configs every config the broker reports for the topic, overrides and defaults
 */
public record TopicDetails(
    String name,
    String topicId,
    boolean internal,
    List<Partition> partitions,
    List<Config> configs) {

  /**
   * @param partition the partition number
   * @param leader the leader's node id, or null when the partition has none
   * @param replicas the node ids of its replicas, preferred leader first
   * @param isr the node ids of the in-sync replicas
   */
  public record Partition(
      int partition, Integer leader, List<Integer> replicas, List<Integer> isr) {}

  /**
   * @param name the config name, for example {@code retention.ms}
   * @param value its value, or null when it is sensitive or unset
   * @param source where it comes from: {@code topic} (an override), {@code broker}, {@code default}
   *     or {@code unknown}
   * @param readOnly true when it cannot be altered
   * @param sensitive true when the broker hides its value
   */
  public record Config(
      String name, String value, String source, boolean readOnly, boolean sensitive) {}
}
