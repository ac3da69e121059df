package io.chronik.cli.topic;

/**
 * One row of {@code chronik topic list}; the JSON form has exactly these fields.
 *
 * @param name the topic name
 * @param partitions how many partitions it has
 * @param replicationFactor replicas of its first partition
 * @param internal true for the broker's own topics (hidden unless {@code --internal})
 */
public record TopicSummary(String name, int partitions, int replicationFactor, boolean internal) {}
