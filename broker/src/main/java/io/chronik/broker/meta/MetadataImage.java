package io.chronik.broker.meta;

import io.chronik.broker.group.CommittedOffset;
import io.chronik.broker.group.GroupMetadata;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;

/**
 * The cluster metadata at one point of the metadata Raft log: an immutable value. {@link #apply}
 * returns the next image and never changes this one, so readers need no locks.
 *
 * <p>Invariants: topic names are unique, and no two created by entries that refuse collisions
 * differ only in '.' and '_' ({@link MetaCommand.CreateTopic}); every partition of a topic has
 * exactly one Raft group id, unique across the cluster; {@code nextProducerId} only grows.
 *
 * @param clusterId the cluster id, empty until the first node initialises it
 * @param brokers registered nodes by id (with {@code removed} and {@code fenced}: {@link
 *     ClusterNodes}, which the node commands change)
 * @param topics topics by name
 * @param offsets committed offsets: group → topic → partition → offset (see {@link ConsumerGroups},
 *     which the group commands change)
 * @param nextProducerId the first producer id not yet handed out
 * @param leaders the leader of each partition group, as reported by the leaders (group id → leader)
 * @param reassignments replica moves in progress (group id → move); see {@link Reassignment}
 * @param removed nodes removed from the cluster by {@code chronik cluster remove-node}, by id,
 *     until a node of that id registers again (a wiped machine that joined anew)
 * @param groups the consumer groups' membership as their coordinator last stored it, by group id
 *     (see {@link GroupMetadata}); empty in images written before it was replicated
 * @param fenced registered nodes the metadata group's leader has not heard from for longer than the
 *     broker session timeout ({@link MetaCommand.FenceBroker}): Metadata answers leave them out of
 *     the broker list and the in-sync replicas until they are back; empty in images written before
 *     fencing existed
 */
public record MetadataImage(
    String clusterId,
    Map<Integer, BrokerInfo> brokers,
    Map<String, TopicInfo> topics,
    Map<String, Map<String, Map<Integer, CommittedOffset>>> offsets,
    long nextProducerId,
    Map<String, PartitionLeader> leaders,
    Map<String, Reassignment> reassignments,
    Map<Integer, RemovedNode> removed,
    Map<String, GroupMetadata> groups,
    Set<Integer> fenced) {

  public MetadataImage {
    brokers = Map.copyOf(brokers);
    topics = Map.copyOf(topics);
    offsets = Map.copyOf(offsets);
    leaders = leaders == null ? Map.of() : Map.copyOf(leaders);
    reassignments = reassignments == null ? Map.of() : Map.copyOf(reassignments);
    removed = removed == null ? Map.of() : Map.copyOf(removed);
    groups = groups == null ? Map.of() : Map.copyOf(groups);
    fenced =
        fenced == null || fenced.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSortedSet(new TreeSet<>(fenced));
  }

  public static MetadataImage empty() {
    return new MetadataImage(
        "", Map.of(), Map.of(), Map.of(), 1000L, Map.of(), Map.of(), Map.of(), Map.of(), Set.of());
  }

  private MetadataImage withClusterId(String id) {
    return new MetadataImage(
        id,
        brokers,
        topics,
        offsets,
        nextProducerId,
        leaders,
        reassignments,
        removed,
        groups,
        fenced);
  }

  private MetadataImage withNodes(ClusterNodes next) {
    return new MetadataImage(
        clusterId,
        next.brokers(),
        topics,
        offsets,
        nextProducerId,
        leaders,
        reassignments,
        next.removed(),
        groups,
        next.fenced());
  }

  private MetadataImage withTopics(Map<String, TopicInfo> next) {
    return new MetadataImage(
        clusterId,
        brokers,
        next,
        offsets,
        nextProducerId,
        leaders,
        reassignments,
        removed,
        groups,
        fenced);
  }

  private MetadataImage withConsumerGroups(ConsumerGroups next) {
    return new MetadataImage(
        clusterId,
        brokers,
        topics,
        next.offsets(),
        nextProducerId,
        leaders,
        reassignments,
        removed,
        next.groups(),
        fenced);
  }

  private MetadataImage withReassignments(Map<String, Reassignment> next) {
    return new MetadataImage(
        clusterId,
        brokers,
        topics,
        offsets,
        nextProducerId,
        leaders,
        next,
        removed,
        groups,
        fenced);
  }

  private MetadataImage withLeaders(Map<String, PartitionLeader> next) {
    return new MetadataImage(
        clusterId,
        brokers,
        topics,
        offsets,
        nextProducerId,
        next,
        reassignments,
        removed,
        groups,
        fenced);
  }

  /** Whether node {@code nodeId} is fenced: Metadata answers do not list it. */
  public boolean isFenced(int nodeId) {
    return fenced.contains(nodeId);
  }

  public Optional<TopicInfo> topic(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  /** The topic with the given Kafka topic id, if any. */
  public Optional<TopicInfo> topicById(String topicId) {
    return topics.values().stream().filter(t -> t.topicId().equals(topicId)).findFirst();
  }

  /** Committed offsets of a group: topic → partition → offset (empty when none). */
  public Map<String, Map<Integer, CommittedOffset>> groupOffsets(String group) {
    return consumerGroups().offsetsOf(group);
  }

  /** The registered, removed and fenced nodes, as one value. */
  ClusterNodes nodes() {
    return new ClusterNodes(brokers, removed, fenced);
  }

  /** The consumer groups' offsets and membership, as one value. */
  ConsumerGroups consumerGroups() {
    return new ConsumerGroups(offsets, groups);
  }

  /** The result of applying a command: the next image plus the command's outcome. */
  public record Applied(MetadataImage image, MetaResult result) {}

  /**
   * Applies one command deterministically, as the metadata log entry of Raft term {@code
   * entryTerm}: a group membership write proposed for another term (by a coordinator that is no
   * longer the leader) fails with NOT_COORDINATOR and changes nothing.
   */
  public Applied apply(MetaCommand command, long entryTerm) {
    long fence = ConsumerGroups.requiredTerm(command, entryTerm);
    if (fence != entryTerm) {
      return fail(
          Errors.NOT_COORDINATOR,
          "the group coordinator of term " + fence + " is not the leader of term " + entryTerm);
    }
    return apply(command);
  }

  /** Applies one command deterministically, unfenced (see {@link #apply(MetaCommand, long)}). */
  public Applied apply(MetaCommand command) {
    Optional<ConsumerGroups> groupsChanged = consumerGroups().change(command);
    if (groupsChanged.isPresent()) {
      return ok(withConsumerGroups(groupsChanged.get()));
    }
    if (command instanceof MetaCommand.InitCluster c) {
      return initCluster(c);
    } else if (command instanceof MetaCommand.RegisterBroker c) {
      // the removed incarnation itself can never register again
      RemovedNode gone = nodes().refusing(c.broker());
      return gone != null
          ? fail(Errors.INVALID_REQUEST, gone.describe())
          : ok(withNodes(nodes().register(c.broker())));
    } else if (command instanceof MetaCommand.CreateTopic c) {
      return createTopic(c);
    } else if (command instanceof MetaCommand.DeleteTopic c) {
      return deleteTopic(c);
    } else if (command instanceof MetaCommand.AddPartitions c) {
      return addPartitions(c);
    } else if (command instanceof MetaCommand.AlterTopicConfig c) {
      return alterConfig(c);
    } else if (command instanceof MetaCommand.RecordLeader c) {
      PartitionLeader known = leaders.get(c.groupId());
      if (known != null && known.term() > c.term()) {
        return ok(this);
      }
      Map<String, PartitionLeader> next = new HashMap<>(leaders);
      next.put(c.groupId(), new PartitionLeader(c.nodeId(), c.term(), c.isr()));
      return ok(withLeaders(next));
    } else if (command instanceof MetaCommand.FenceBroker c) {
      return fenceBroker(c);
    } else if (command instanceof MetaCommand.UnregisterBroker c) {
      return unregisterBroker(c);
    } else if (command instanceof MetaCommand.BeginReassignment c) {
      return beginReassignment(c);
    } else if (command instanceof MetaCommand.CompleteReassignment c) {
      return completeReassignment(c);
    } else if (command instanceof MetaCommand.AllocateProducerIds c) {
      long first = nextProducerId;
      MetadataImage next =
          new MetadataImage(
              clusterId,
              brokers,
              topics,
              offsets,
              nextProducerId + c.count(),
              leaders,
              reassignments,
              removed,
              groups,
              fenced);
      return new Applied(next, MetaResult.ok(first));
    }
    throw new IllegalArgumentException("unknown metadata command " + command);
  }

  private Applied initCluster(MetaCommand.InitCluster c) {
    if (clusterId.isEmpty()) {
      return ok(withClusterId(c.clusterId()));
    }
    if (clusterId.equals(c.clusterId())) {
      return ok(this);
    }
    return fail(
        Errors.INCONSISTENT_CLUSTER_ID, "cluster id is " + clusterId + ", not " + c.clusterId());
  }

  private Applied createTopic(MetaCommand.CreateTopic c) {
    String name = c.topic().name();
    if (topics.containsKey(name)) {
      return fail(Errors.TOPIC_ALREADY_EXISTS, "topic '" + name + "' already exists");
    }
    if (Boolean.TRUE.equals(c.refuseCollisions())) {
      for (String existing : topics.keySet()) {
        if (Topic.hasCollision(name, existing)) {
          return fail(
              Errors.INVALID_TOPIC_EXCEPTION,
              "Topic '" + name + "' collides with existing topic: " + existing);
        }
      }
    }
    Map<String, TopicInfo> next = new TreeMap<>(topics);
    next.put(name, c.topic());
    return ok(withTopics(next));
  }

  private Applied deleteTopic(MetaCommand.DeleteTopic c) {
    if (!topics.containsKey(c.name())) {
      return fail(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + c.name() + "' does not exist");
    }
    Map<String, TopicInfo> next = new TreeMap<>(topics);
    TopicInfo removed = next.remove(c.name());
    Map<String, PartitionLeader> nextLeaders = new HashMap<>(leaders);
    removed.partitions().forEach(p -> nextLeaders.remove(p.groupId()));
    Map<String, Reassignment> nextMoves = new HashMap<>(reassignments);
    removed.partitions().forEach(p -> nextMoves.remove(p.groupId()));
    return ok(withTopics(next).withLeaders(nextLeaders).withReassignments(nextMoves));
  }

  private Applied addPartitions(MetaCommand.AddPartitions c) {
    TopicInfo topic = topics.get(c.topic());
    if (topic == null) {
      return fail(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + c.topic() + "' does not exist");
    }
    if (topic.partitions().size() != c.expectedCount()) {
      return fail(
          Errors.INVALID_PARTITIONS,
          "topic '" + c.topic() + "' has " + topic.partitions().size() + " partitions now");
    }
    Map<String, TopicInfo> next = new TreeMap<>(topics);
    next.put(c.topic(), topic.withPartitions(c.added()));
    return ok(withTopics(next));
  }

  private Applied alterConfig(MetaCommand.AlterTopicConfig c) {
    TopicInfo topic = topics.get(c.topic());
    if (topic == null) {
      return fail(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + c.topic() + "' does not exist");
    }
    Map<String, TopicInfo> next = new TreeMap<>(topics);
    next.put(c.topic(), topic.withConfigs(c.changes()));
    return ok(withTopics(next));
  }

  private Applied fenceBroker(MetaCommand.FenceBroker c) {
    if (!brokers.containsKey(c.nodeId())) {
      return fail(Errors.INVALID_REQUEST, "node " + c.nodeId() + " is not registered");
    }
    if (fenced.contains(c.nodeId()) == c.fenced()) {
      return ok(this);
    }
    return ok(withNodes(nodes().fence(c.nodeId(), c.fenced())));
  }

  private Applied unregisterBroker(MetaCommand.UnregisterBroker c) {
    for (Map.Entry<TopicInfo, PartitionAssignment> e : allPartitions()) {
      if (e.getValue().replicas().contains(c.nodeId())) {
        return fail(
            Errors.INVALID_REPLICA_ASSIGNMENT,
            "node "
                + c.nodeId()
                + " still holds a replica of "
                + e.getKey().name()
                + "-"
                + e.getValue().partition());
      }
    }
    for (Reassignment r : reassignments.values()) {
      if (r.to().contains(c.nodeId())) {
        return fail(
            Errors.INVALID_REPLICA_ASSIGNMENT,
            "a move of " + r.topic() + "-" + r.partition() + " onto node " + c.nodeId() + " runs");
      }
    }
    return ok(withNodes(nodes().unregister(c)));
  }

  private Applied beginReassignment(MetaCommand.BeginReassignment c) {
    Optional<PartitionAssignment> found = partition(c.topic(), c.partition());
    if (found.isEmpty()) {
      return fail(
          Errors.UNKNOWN_TOPIC_OR_PARTITION,
          "partition " + c.topic() + "-" + c.partition() + " does not exist");
    }
    PartitionAssignment a = found.get();
    Reassignment wanted = new Reassignment(c.topic(), c.partition(), c.expected(), c.target());
    Reassignment running = reassignments.get(a.groupId());
    if (running != null) {
      return running.equals(wanted)
          ? ok(this)
          : fail(
              Errors.REASSIGNMENT_IN_PROGRESS,
              "a move of "
                  + c.topic()
                  + "-"
                  + c.partition()
                  + " from "
                  + running.from()
                  + " to "
                  + running.to()
                  + " is in progress");
    }
    if (!a.replicas().equals(c.expected())) {
      return fail(
          Errors.INVALID_REPLICA_ASSIGNMENT,
          "the replicas of "
              + c.topic()
              + "-"
              + c.partition()
              + " are "
              + a.replicas()
              + ", not "
              + c.expected());
    }
    if (c.target().isEmpty() || new java.util.HashSet<>(c.target()).size() != c.target().size()) {
      return fail(
          Errors.INVALID_REPLICA_ASSIGNMENT, "bad target replicas " + c.target() + " for a move");
    }
    Map<String, Reassignment> next = new HashMap<>(reassignments);
    next.put(a.groupId(), wanted);
    return ok(withReassignments(next));
  }

  private Applied completeReassignment(MetaCommand.CompleteReassignment c) {
    Optional<PartitionAssignment> found = partition(c.topic(), c.partition());
    if (found.isEmpty()) {
      return fail(
          Errors.UNKNOWN_TOPIC_OR_PARTITION,
          "partition " + c.topic() + "-" + c.partition() + " does not exist");
    }
    PartitionAssignment a = found.get();
    Map<String, TopicInfo> nextTopics = new TreeMap<>(topics);
    nextTopics.put(c.topic(), topics.get(c.topic()).withReplicas(c.partition(), c.target()));
    Map<String, Reassignment> nextMoves = new HashMap<>(reassignments);
    nextMoves.remove(a.groupId());
    return ok(withTopics(nextTopics).withReassignments(nextMoves));
  }

  /** A partition's assignment, if the topic and partition exist. */
  public Optional<PartitionAssignment> partition(String topic, int partition) {
    TopicInfo t = topics.get(topic);
    if (t == null || partition < 0 || partition >= t.partitions().size()) {
      return Optional.empty();
    }
    return Optional.of(t.partitions().get(partition));
  }

  private static Applied ok(MetadataImage image) {
    return new Applied(image, MetaResult.ok());
  }

  private Applied fail(Errors error, String message) {
    return new Applied(this, MetaResult.error(error.code(), message));
  }

  /** All partition assignments of all topics, with their topic. */
  public List<Map.Entry<TopicInfo, PartitionAssignment>> allPartitions() {
    return topics.values().stream()
        .flatMap(t -> t.partitions().stream().map(p -> Map.entry(t, p)))
        .toList();
  }
}
