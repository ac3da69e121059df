package io.chronik.cli.group;

import io.chronik.broker.ChronikException;
import io.chronik.broker.ChronikException.Kind;
import io.chronik.cli.client.ClientErrors;
import io.chronik.cli.client.ClientFailures;
import io.chronik.cli.client.Connection;
import io.chronik.cli.client.KafkaClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer-group operations of {@code chronik group}, through Kafka's {@link Admin} client. It
 * holds the Kafka imports of the group commands and answers in chronik's own records.
 */
final class ConsumerGroups implements AutoCloseable {
  /** Orders partitions by topic, then partition number. */
  private static final Comparator<TopicPartition> BY_PARTITION =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final Admin admin;
  private final Connection connection;

  private ConsumerGroups(Admin admin, Connection connection) {
    this.admin = admin;
    this.connection = connection;
  }

  /** Connects and waits until the cluster answers (exit 69 when it does not in time). */
  static ConsumerGroups connect(Connection connection) {
    return new ConsumerGroups(KafkaClients.connectedAdmin(connection), connection);
  }

  List<GroupSummary> list() {
    Collection<ConsumerGroupListing> listings =
        KafkaClients.await(
            admin.listConsumerGroups().all(), connection, "list the consumer groups");
    return listings.stream()
        .map(g -> new GroupSummary(g.groupId(), state(g.state().orElse(null))))
        .sorted(Comparator.comparing(GroupSummary::groupId))
        .toList();
  }

  /** The group with its members and the lag of every partition; exit 1 when it does not exist. */
  GroupDetails describe(String groupId) {
    ConsumerGroupDescription description = description(groupId);
    Map<TopicPartition, OffsetAndMetadata> committed = committed(groupId);
    if (isUnknown(description, committed)) {
      throw ClientFailures.unknownGroup(
          "describe group " + groupId, "the group does not exist", null);
    }
    Map<TopicPartition, String> owners = new HashMap<>();
    List<GroupDetails.Member> members = new ArrayList<>();
    for (MemberDescription member : description.members()) {
      List<TopicPartition> assigned = new ArrayList<>(member.assignment().topicPartitions());
      assigned.sort(BY_PARTITION);
      assigned.forEach(tp -> owners.put(tp, member.consumerId()));
      members.add(
          new GroupDetails.Member(
              member.consumerId(),
              member.clientId(),
              member.host(),
              assigned.stream().map(TopicPartition::toString).toList()));
    }
    Map<TopicPartition, Long> ends = new TreeMap<>(BY_PARTITION);
    committed.keySet().forEach(tp -> ends.put(tp, null));
    owners.keySet().forEach(tp -> ends.put(tp, null));
    ends.putAll(offsets(ends.keySet(), OffsetSpec.latest()));
    List<GroupDetails.PartitionLag> lags = new ArrayList<>();
    ends.forEach(
        (tp, end) -> {
          OffsetAndMetadata offset = committed.get(tp);
          Long current = offset == null ? null : offset.offset();
          Long lag = current == null || end == null ? null : Math.max(0, end - current);
          lags.add(
              new GroupDetails.PartitionLag(
                  tp.topic(), tp.partition(), current, end, lag, owners.get(tp)));
        });
    Node coordinator = description.coordinator();
    return new GroupDetails(
        groupId,
        state(description.state()),
        coordinator == null || coordinator.isEmpty() ? null : coordinator.id(),
        assignor(description.partitionAssignor()),
        List.copyOf(members),
        List.copyOf(lags));
  }

  /** The assignor, or null when the members agreed on none (Kafka's admin client says ""). */
  private static String assignor(String partitionAssignor) {
    return partitionAssignor == null || partitionAssignor.isEmpty() ? null : partitionAssignor;
  }

  /**
   * The new offsets for the group; nothing is changed.
   *
   * @param topics the topics to reset, or empty for every topic the group has offsets for
   * @throws ChronikException when the group has members (exit 1) or nothing to reset
   */
  List<OffsetReset.Change> planReset(String groupId, List<String> topics, ResetTarget target) {
    ConsumerGroupDescription description = description(groupId);
    if (!description.members().isEmpty()) {
      throw new ChronikException(
          ClientErrors.GROUP_NOT_EMPTY,
          Kind.RUNTIME,
          "cannot reset the offsets of group "
              + groupId
              + ": it has "
              + description.members().size()
              + " active member(s) (state "
              + state(description.state())
              + ")",
          "stop the group's consumers, wait until 'chronik group describe "
              + groupId
              + "' shows no members, then run the command again");
    }
    Map<TopicPartition, OffsetAndMetadata> committed = committed(groupId);
    List<TopicPartition> partitions = new ArrayList<>();
    if (topics.isEmpty()) {
      partitions.addAll(committed.keySet());
      if (partitions.isEmpty()) {
        throw ClientFailures.unknownGroup(
            "reset the offsets of group " + groupId, "the group has no committed offsets", null);
      }
    } else {
      Map<String, TopicDescription> described =
          KafkaClients.await(
              admin.describeTopics(topics).allTopicNames(),
              connection,
              "describe topic " + String.join(", ", topics));
      described
          .values()
          .forEach(
              d ->
                  d.partitions()
                      .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    }
    partitions.sort(BY_PARTITION);
    Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
    List<OffsetReset.Change> changes = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      long low = require(earliest, tp);
      long high = require(latest, tp);
      long next =
          switch (target.kind()) {
            case EARLIEST -> low;
            case LATEST -> high;
            case OFFSET -> Math.max(low, Math.min(high, target.offset()));
          };
      OffsetAndMetadata before = committed.get(tp);
      changes.add(
          new OffsetReset.Change(
              tp.topic(), tp.partition(), before == null ? null : before.offset(), next));
    }
    return List.copyOf(changes);
  }

  void applyReset(String groupId, List<OffsetReset.Change> changes) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (OffsetReset.Change change : changes) {
      offsets.put(
          new TopicPartition(change.topic(), change.partition()),
          new OffsetAndMetadata(change.newOffset()));
    }
    KafkaClients.await(
        admin.alterConsumerGroupOffsets(groupId, offsets).all(),
        connection,
        "reset the offsets of group " + groupId);
  }

  private ConsumerGroupDescription description(String groupId) {
    return KafkaClients.await(
            admin.describeConsumerGroups(List.of(groupId)).all(),
            connection,
            "describe group " + groupId)
        .get(groupId);
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(String groupId) {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        KafkaClients.await(
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
            connection,
            "read the offsets of group " + groupId);
    Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
    offsets.forEach(
        (tp, offset) -> {
          if (offset != null) {
            present.put(tp, offset);
          }
        });
    return present;
  }

  /**
   * The offsets of each partition that answers; a partition that does not (a deleted topic) is left
   * out rather than failing the whole call.
   */
  private Map<TopicPartition, Long> offsets(
      Collection<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    if (request.isEmpty()) {
      return Map.of();
    }
    ListOffsetsResult result = admin.listOffsets(request);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition tp : request.keySet()) {
      try {
        offsets.put(
            tp,
            result
                .partitionResult(tp)
                .get(connection.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)
                .offset());
      } catch (ExecutionException e) {
        // left out: the caller shows it as unknown
      } catch (TimeoutException e) {
        throw ClientFailures.translate(e, "list the offsets of " + tp, connection);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ClientFailures.translate(e, "list the offsets of " + tp, connection);
      }
    }
    return offsets;
  }

  private static long require(Map<TopicPartition, Long> offsets, TopicPartition tp) {
    Long offset = offsets.get(tp);
    if (offset == null) {
      throw new ChronikException(
          ClientErrors.UNKNOWN_TOPIC,
          Kind.RUNTIME,
          "cannot read the offsets of partition " + tp,
          "check the topic with 'chronik topic describe " + tp.topic() + "'");
    }
    return offset;
  }

  /** Kafka reports an unknown group as Dead with no members; without offsets it is not there. */
  private static boolean isUnknown(
      ConsumerGroupDescription description, Map<TopicPartition, OffsetAndMetadata> committed) {
    return description.members().isEmpty()
        && committed.isEmpty()
        && (description.state() == ConsumerGroupState.DEAD
            || description.state() == ConsumerGroupState.UNKNOWN);
  }

  private static String state(ConsumerGroupState state) {
    return state == null ? "Unknown" : state.toString();
  }

  @Override
  public void close() {
    admin.close();
  }
}
