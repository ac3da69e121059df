package io.chronik.broker.meta;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.chronik.broker.group.CommittedOffset;
import io.chronik.broker.group.GroupMetadata;
import java.util.List;
import java.util.Map;

/**
 * A change to the cluster metadata. Each command is one entry in the metadata Raft group and is
 * applied deterministically by {@link MetadataImage#apply}: every replica reaches the same image.
 * Anything non-deterministic (ids, timestamps) is decided by the proposer and carried in the
 * command.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = MetaCommand.InitCluster.class, name = "init-cluster"),
  @JsonSubTypes.Type(value = MetaCommand.RegisterBroker.class, name = "register-broker"),
  @JsonSubTypes.Type(value = MetaCommand.CreateTopic.class, name = "create-topic"),
  @JsonSubTypes.Type(value = MetaCommand.DeleteTopic.class, name = "delete-topic"),
  @JsonSubTypes.Type(value = MetaCommand.AddPartitions.class, name = "add-partitions"),
  @JsonSubTypes.Type(value = MetaCommand.AlterTopicConfig.class, name = "alter-topic-config"),
  @JsonSubTypes.Type(value = MetaCommand.CommitOffsets.class, name = "commit-offsets"),
  @JsonSubTypes.Type(value = MetaCommand.DeleteGroup.class, name = "delete-group"),
  @JsonSubTypes.Type(value = MetaCommand.StoreGroupMetadata.class, name = "store-group-metadata"),
  @JsonSubTypes.Type(value = MetaCommand.RemoveGroupMetadata.class, name = "remove-group-metadata"),
  @JsonSubTypes.Type(value = MetaCommand.DeleteOffsets.class, name = "delete-offsets"),
  @JsonSubTypes.Type(value = MetaCommand.AllocateProducerIds.class, name = "allocate-producer-ids"),
  @JsonSubTypes.Type(value = MetaCommand.RecordLeader.class, name = "record-leader"),
  @JsonSubTypes.Type(value = MetaCommand.UnregisterBroker.class, name = "unregister-broker"),
  @JsonSubTypes.Type(value = MetaCommand.FenceBroker.class, name = "fence-broker"),
  @JsonSubTypes.Type(value = MetaCommand.BeginReassignment.class, name = "begin-reassignment"),
  @JsonSubTypes.Type(value = MetaCommand.CompleteReassignment.class, name = "complete-reassignment")
})
public sealed interface MetaCommand {

  /** Sets the cluster id once; later attempts with another id fail. */
  record InitCluster(String clusterId) implements MetaCommand {}

  /** Adds or updates a node's advertised addresses. */
  record RegisterBroker(BrokerInfo broker) implements MetaCommand {}

  /**
   * Creates a topic; fails with TOPIC_ALREADY_EXISTS if the name is taken and, when {@code
   * refuseCollisions}, with INVALID_TOPIC_EXCEPTION if it collides with an existing topic's name
   * (they differ only in '.' and '_'). The first of two such entries wins, whatever the proposers
   * saw when they checked.
   *
   * @param refuseCollisions whether colliding names are refused; proposed as true only at
   *     entry-format level 5 ({@code EntryFormat.GROUP_MEMBERSHIP}), since a node of an older
   *     release would not refuse them; null in entries of releases before it, which applied without
   *     the check, and still do on replay
   */
  record CreateTopic(TopicInfo topic, Boolean refuseCollisions) implements MetaCommand {
    /** A creation that does not refuse colliding names (as entries of older releases). */
    public CreateTopic(TopicInfo topic) {
      this(topic, null);
    }
  }

  /** Deletes a topic and its partitions. */
  record DeleteTopic(String name) implements MetaCommand {}

  /** Appends partitions to a topic; {@code expectedCount} guards against concurrent growth. */
  record AddPartitions(String topic, int expectedCount, List<PartitionAssignment> added)
      implements MetaCommand {}

  /** Sets or removes (null value) topic config overrides. */
  record AlterTopicConfig(String topic, Map<String, String> changes) implements MetaCommand {}

  /** Stores committed offsets of a consumer group: topic → partition → offset. */
  record CommitOffsets(String group, Map<String, Map<Integer, CommittedOffset>> offsets)
      implements MetaCommand {}

  /** Removes a consumer group: its committed offsets and its stored membership. */
  record DeleteGroup(String group) implements MetaCommand {}

  /** Removes some committed offsets of a consumer group: topic → partitions. */
  record DeleteOffsets(String group, Map<String, List<Integer>> partitions)
      implements MetaCommand {}

  /**
   * Stores a consumer group's membership (generation, members, assignments), replacing what was
   * stored for the group. Fenced: it applies only when appended in {@code coordinatorTerm}, the
   * metadata group's term in which the writing coordinator (the leader) took the groups over; an
   * entry appended by a later leader fails with NOT_COORDINATOR, so a deposed coordinator cannot
   * overwrite what its successor loaded.
   */
  record StoreGroupMetadata(GroupMetadata group, long coordinatorTerm) implements MetaCommand {}

  /**
   * Removes a consumer group's stored membership (an Empty group the coordinator forgot), keeping
   * its offsets. Fenced like {@link StoreGroupMetadata}.
   */
  record RemoveGroupMetadata(String group, long coordinatorTerm) implements MetaCommand {}

  /**
   * A partition group's leader reports itself and its in-sync replicas; an older term never
   * overwrites a newer one.
   */
  record RecordLeader(String groupId, int nodeId, long term, List<Integer> isr)
      implements MetaCommand {}

  /** Reserves a block of producer ids; the result value is the first id of the block. */
  record AllocateProducerIds(int count) implements MetaCommand {}

  /**
   * Removes a node from the registered nodes (after {@code chronik cluster remove-node} moved its
   * replicas away) and records it as removed ({@link RemovedNode}), which makes that node stop.
   * Fails with INVALID_REPLICA_ASSIGNMENT while a partition still names it.
   *
   * @param byNode the node that runs the removal (null in entries written before it was recorded)
   * @param atMs when the removal started, epoch milliseconds (null likewise)
   */
  record UnregisterBroker(int nodeId, Integer byNode, Long atMs) implements MetaCommand {
    public UnregisterBroker(int nodeId) {
      this(nodeId, null, null);
    }
  }

  /**
   * Fences a registered node ({@code fenced} true) or lets it back ({@code fenced} false). The
   * metadata group's leader fences a node it has not heard from for longer than the broker session
   * timeout and unfences it once the node answers again; Metadata answers do not list a fenced node
   * as a broker, leader or in-sync replica. Fails with INVALID_REQUEST for a node that is not
   * registered; a node already in the asked state is left as it is.
   */
  record FenceBroker(int nodeId, boolean fenced) implements MetaCommand {}

  /**
   * Starts moving a partition's replicas from {@code expected} to {@code target}. Fails when the
   * partition's replicas are not {@code expected} (someone else moved them) or when another move of
   * the partition is in progress; starting the same move again succeeds (a re-run resumes).
   */
  record BeginReassignment(
      String topic, int partition, List<Integer> expected, List<Integer> target)
      implements MetaCommand {}

  /** Finishes a move: the partition's replicas become {@code target}. Idempotent. */
  record CompleteReassignment(String topic, int partition, List<Integer> target)
      implements MetaCommand {}
}
