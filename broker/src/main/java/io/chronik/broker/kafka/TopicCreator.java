package io.chronik.broker.kafka;

import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;

/**
 * Creates topics and partitions: validates the request, places replicas on the registered nodes,
 * proposes the change to the metadata group and waits until the local replicas have leaders.
 */
public final class TopicCreator {
  /** The topic configs chronik understands; anything else is INVALID_CONFIG. */
  public static final Set<String> TOPIC_CONFIGS =
      Set.of(
          "retention.ms",
          "retention.bytes",
          "segment.bytes",
          "segment.ms",
          "cleanup.policy",
          "max.message.bytes",
          "min.insync.replicas",
          "message.timestamp.type",
          "compression.type");

  private static final long READY_TIMEOUT_MS = 10_000;
  private final BrokerServices services;

  public TopicCreator(BrokerServices services) {
    this.services = services;
  }

  /** The outcome of a create call. */
  public record Result(Errors error, String message, TopicInfo topic) {
    static Result error(Errors error, String message) {
      return new Result(error, message, null);
    }
  }

  public CompletableFuture<Result> create(
      String name,
      int partitions,
      short replicationFactor,
      Map<String, String> configs,
      boolean validateOnly) {
    try {
      Topic.validate(name);
    } catch (InvalidTopicException e) {
      return CompletableFuture.completedFuture(
          Result.error(Errors.INVALID_TOPIC_EXCEPTION, e.getMessage()));
    }
    int count = partitions < 0 ? services.config().defaultPartitions() : partitions;
    short rf = replicationFactor < 0 ? defaultReplicationFactor() : replicationFactor;
    if (count < 1) {
      return CompletableFuture.completedFuture(
          Result.error(Errors.INVALID_PARTITIONS, "partitions must be at least 1, got " + count));
    }
    List<Integer> nodes = nodes();
    if (rf < 1 || rf > nodes.size()) {
      return CompletableFuture.completedFuture(
          Result.error(
              Errors.INVALID_REPLICATION_FACTOR,
              "replication factor "
                  + rf
                  + " must be between 1 and the "
                  + nodes.size()
                  + " registered nodes"));
    }
    for (Map.Entry<String, String> c : configs.entrySet()) {
      String problem = checkConfig(c.getKey(), c.getValue());
      if (problem != null) {
        return CompletableFuture.completedFuture(Result.error(Errors.INVALID_CONFIG, problem));
      }
    }
    if (services.image().topic(name).isPresent()) {
      return CompletableFuture.completedFuture(
          Result.error(Errors.TOPIC_ALREADY_EXISTS, "topic '" + name + "' already exists"));
    }
    TopicInfo topic =
        new TopicInfo(name, Uuid.randomUuid().toString(), assign(0, count, rf, nodes), configs);
    if (validateOnly) {
      return CompletableFuture.completedFuture(new Result(Errors.NONE, null, topic));
    }
    return services
        .metadata()
        .submit(new MetaCommand.CreateTopic(topic))
        .thenCompose(
            r ->
                r.isOk()
                    ? awaitLocal(topic.partitions())
                        .thenApply(ok -> new Result(Errors.NONE, null, topic))
                    : CompletableFuture.completedFuture(
                        Result.error(Errors.forCode(r.errorCode()), r.message())));
  }

  /** Grows a topic to {@code newCount} partitions. */
  public CompletableFuture<Result> grow(String name, int newCount, boolean validateOnly) {
    TopicInfo topic = services.image().topic(name).orElse(null);
    if (topic == null) {
      return CompletableFuture.completedFuture(
          Result.error(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist"));
    }
    int current = topic.partitions().size();
    if (newCount <= current) {
      return CompletableFuture.completedFuture(
          Result.error(
              Errors.INVALID_PARTITIONS,
              "topic '" + name + "' has " + current + " partitions; the new count must be larger"));
    }
    int rf = topic.partitions().get(0).replicas().size();
    List<PartitionAssignment> added = assign(current, newCount - current, (short) rf, nodes());
    if (validateOnly) {
      return CompletableFuture.completedFuture(new Result(Errors.NONE, null, topic));
    }
    return services
        .metadata()
        .submit(new MetaCommand.AddPartitions(name, current, added))
        .thenCompose(
            r ->
                r.isOk()
                    ? awaitLocal(added).thenApply(ok -> new Result(Errors.NONE, null, topic))
                    : CompletableFuture.completedFuture(
                        Result.error(Errors.forCode(r.errorCode()), r.message())));
  }

  private CompletableFuture<Boolean> awaitLocal(List<PartitionAssignment> partitions) {
    List<String> local =
        partitions.stream()
            .filter(p -> p.replicas().contains(services.nodeId()))
            .map(PartitionAssignment::groupId)
            .toList();
    return services.awaitLeaders(local, READY_TIMEOUT_MS);
  }

  /**
   * The replication factor of a topic created without one: the configured default on a single node;
   * min(3, nodes) in a Raft cluster, so a topic survives the loss of one node.
   */
  private short defaultReplicationFactor() {
    if (services.config().peers().isEmpty()) {
      return services.config().defaultReplicationFactor();
    }
    return (short)
        Math.min(Math.max(3, services.config().defaultReplicationFactor()), nodes().size());
  }

  private List<Integer> nodes() {
    List<Integer> nodes = new ArrayList<>(services.image().brokers().keySet());
    if (nodes.isEmpty()) {
      nodes.add(services.nodeId());
    }
    nodes.sort(Integer::compare);
    return nodes;
  }

  /**
   * Round-robin placement: partition {@code p} starts at node {@code p mod n}, so leaders spread.
   */
  static List<PartitionAssignment> assign(int first, int count, short rf, List<Integer> nodes) {
    List<PartitionAssignment> out = new ArrayList<>();
    for (int p = first; p < first + count; p++) {
      List<Integer> replicas = new ArrayList<>();
      for (int r = 0; r < rf; r++) {
        replicas.add(nodes.get((p + r) % nodes.size()));
      }
      out.add(new PartitionAssignment(p, UUID.randomUUID().toString(), replicas));
    }
    return out;
  }

  /** A problem with a topic config, or null when it is fine. */
  public static String checkConfig(String key, String value) {
    if (!TOPIC_CONFIGS.contains(key)) {
      return "unknown topic config '"
          + key
          + "'; supported: "
          + String.join(", ", new java.util.TreeSet<>(TOPIC_CONFIGS));
    }
    switch (key) {
      case "retention.ms",
          "retention.bytes",
          "segment.bytes",
          "segment.ms",
          "max.message.bytes",
          "min.insync.replicas" -> {
        try {
          Long.parseLong(value);
        } catch (NumberFormatException e) {
          return "topic config " + key + " must be a number, got '" + value + "'";
        }
      }
      case "cleanup.policy" -> {
        if (!"delete".equals(value)) {
          return "cleanup.policy '" + value + "' is not supported; chronik supports 'delete'";
        }
      }
      case "message.timestamp.type" -> {
        if (!"CreateTime".equals(value)) {
          return "message.timestamp.type '"
              + value
              + "' is not supported; chronik stores CreateTime";
        }
      }
      default -> {}
    }
    return null;
  }
}
