package io.chronik.cli.group;

import java.util.List;

/**
 * A consumer group as {@code chronik group describe} shows it; the JSON form has exactly these
 * fields, always present.
 *
 * @param groupId the group's id
 * @param state its state, as in {@link GroupSummary}
 * @param coordinator the node id of its coordinator, or null when unknown
 * @param assignor the partition assignor the members agreed on, or null when none (an empty group
 *     has none)
 * @param members the members, with the partitions assigned to each
 * @param offsets every partition the group has a committed offset for or is assigned, sorted
 */
public record GroupDetails(
    String groupId,
    String state,
    Integer coordinator,
    String assignor,
    List<Member> members,
    List<PartitionLag> offsets) {

  /**
   * @param memberId the member id the coordinator gave it
   * @param clientId the consumer's client.id
   * @param host where it connects from
   * @param assignment its partitions as {@code topic-partition}
   */
  public record Member(String memberId, String clientId, String host, List<String> assignment) {}

  /**
   * @param topic the topic
   * @param partition the partition
   * @param committedOffset the group's committed offset, or null when it has none
   * @param logEndOffset the partition's end offset (the next offset to be written), or null when it
   *     could not be read
   * @param lag {@code logEndOffset - committedOffset}, or null when either is unknown
   * @param memberId the member it is assigned to, or null when none
   */
  public record PartitionLag(
      String topic,
      int partition,
      Long committedOffset,
      Long logEndOffset,
      Long lag,
      String memberId) {}
}
