package io.chronik.broker.kafka;

import io.chronik.broker.log.LogCleanup;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.partition.EntryFormat;
import io.chronik.broker.partition.PartitionEntry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics and partitions: validates the request, places replicas on the registered nodes,
 * proposes the change to the metadata group and waits until the local replicas have leaders. A name
 * that collides with an existing topic's (they differ only in '.' and '_') is
 * INVALID_TOPIC_EXCEPTION. The metadata group checks both again when it applies the creation (the
 * collision from entry-format level 5 on), so of two concurrent creations of the same or colliding
 * names only the first applied succeeds, and the other gets its error.
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
          "compression.type",
          "min.cleanable.dirty.ratio",
          "delete.retention.ms",
          "min.compaction.lag.ms",
          "max.compaction.lag.ms",
          TopicCreator.PARTITIONS_PER_GROUP);

  /**
   * The values the numeric topic configs take, [least, most], as Kafka's: -1 is "no limit" for the
   * retention settings; a segment holds at least one record header (14 bytes); the int-typed ones
   * stay within an int. max.message.bytes stops at what one Raft entry carries for a partition, a
   * limit no batch can pass whatever the topic says.
   */
  private static final Map<String, long[]> NUMBER_RANGES =
      Map.of(
          "retention.ms", new long[] {-1, Long.MAX_VALUE},
          "retention.bytes", new long[] {-1, Long.MAX_VALUE},
          "segment.bytes", new long[] {14, Integer.MAX_VALUE},
          "segment.ms", new long[] {1, Long.MAX_VALUE},
          // a partition's data in one Produce request is at most one entry's worth
          "max.message.bytes", new long[] {0, PartitionEntry.MAX_RECORDS_BYTES},
          "min.insync.replicas", new long[] {1, Integer.MAX_VALUE},
          "delete.retention.ms", new long[] {0, Long.MAX_VALUE},
          "min.compaction.lag.ms", new long[] {0, Long.MAX_VALUE},
          "max.compaction.lag.ms", new long[] {1, Long.MAX_VALUE});

  /** The values of compression.type, as Kafka's. */
  private static final List<String> COMPRESSION_TYPES =
      List.of("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer");

  /**
   * The topic config that sets, at creation, how many of the topic's partitions one Raft group
   * carries at most, instead of the creating node's {@code --partitions-per-group}. It stays with
   * the topic (partitions added later use it) and cannot be changed afterwards.
   */
  public static final String PARTITIONS_PER_GROUP = "partitions.per.group";

  private static final Logger LOGGER = LoggerFactory.getLogger(TopicCreator.class);
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
    // -1 asks for the default, as in Kafka; anything below is a bad request, not the default
    int count = partitions == -1 ? services.config().defaultPartitions() : partitions;
    short rf = replicationFactor == -1 ? defaultReplicationFactor() : replicationFactor;
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
    String conflict = checkTogether(configs);
    if (conflict != null) {
      return CompletableFuture.completedFuture(Result.error(Errors.INVALID_CONFIG, conflict));
    }
    if (services.image().topic(name).isPresent()) {
      return CompletableFuture.completedFuture(
          Result.error(Errors.TOPIC_ALREADY_EXISTS, "topic '" + name + "' already exists"));
    }
    // as in Kafka, whose metric names do not tell '.' from '_', such names cannot coexist
    for (String existing : services.image().topics().keySet()) {
      if (Topic.hasCollision(name, existing)) {
        return CompletableFuture.completedFuture(
            Result.error(
                Errors.INVALID_TOPIC_EXCEPTION,
                "Topic '" + name + "' collides with existing topic: " + existing));
      }
    }
    TopicInfo topic =
        new TopicInfo(
            name,
            Uuid.randomUuid().toString(),
            assign(0, count, rf, nodes, perGroup(configs)),
            configs);
    if (validateOnly) {
      return CompletableFuture.completedFuture(new Result(Errors.NONE, null, topic));
    }
    return services
        .metadata()
        .submit(new MetaCommand.CreateTopic(topic, refuseCollisions()))
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
    List<PartitionAssignment> added =
        assign(current, newCount - current, (short) rf, nodes(), perGroup(topic.configs()));
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

  /**
   * Whether the metadata group refuses the topic if another creation of a colliding name came first
   * (the check above cannot see a creation that is not applied yet): at entry-format level {@link
   * EntryFormat#GROUP_MEMBERSHIP}, which every node then applies alike.
   */
  private boolean refuseCollisions() {
    return EntryFormat.clusterLevel(services.image()) >= EntryFormat.GROUP_MEMBERSHIP;
  }

  private CompletableFuture<Boolean> awaitLocal(List<PartitionAssignment> partitions) {
    List<String> local =
        partitions.stream()
            .filter(p -> p.replicas().contains(services.nodeId()))
            .map(PartitionAssignment::groupId)
            .distinct()
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
   * The most partitions one Raft group of a topic with {@code configs} carries: its {@value
   * #PARTITIONS_PER_GROUP} config, else this node's setting; 1 while some registered node cannot
   * apply group-append entries (a rolling upgrade).
   */
  private int perGroup(Map<String, String> configs) {
    String own = configs.get(PARTITIONS_PER_GROUP);
    int wanted =
        own == null ? services.config().partitionsPerGroup() : Integer.parseInt(own.trim());
    if (wanted > 1 && EntryFormat.clusterLevel(services.image()) < EntryFormat.GROUP_APPEND) {
      LOGGER.warn(
          "partitions-per-group is {}, but not every node applies group entries yet (an upgrade"
              + " in progress?); the new partitions get a Raft group each",
          wanted);
      return 1;
    }
    return wanted;
  }

  /**
   * Round-robin placement. The {@code count} new partitions, numbered from {@code first}, form the
   * fewest groups of at most {@code perGroup} consecutive partitions, as even in size as possible;
   * group {@code g} (counted over the whole topic) starts at node {@code g mod n}, so leaders
   * spread. With {@code perGroup} 1, partition {@code p} starts at node {@code p mod n}.
   */
  static List<PartitionAssignment> assign(
      int first, int count, short rf, List<Integer> nodes, int perGroup) {
    List<PartitionAssignment> out = new ArrayList<>();
    int groups = (count + perGroup - 1) / perGroup;
    int firstGroup = (first + perGroup - 1) / perGroup;
    int p = first;
    for (int g = 0; g < groups; g++) {
      int size = count / groups + (g < count % groups ? 1 : 0);
      List<Integer> replicas = new ArrayList<>();
      for (int r = 0; r < rf; r++) {
        replicas.add(nodes.get((firstGroup + g + r) % nodes.size()));
      }
      String groupId = UUID.randomUUID().toString();
      for (int i = 0; i < size; i++, p++) {
        out.add(new PartitionAssignment(p, groupId, replicas));
      }
    }
    return out;
  }

  /**
   * A problem between a topic's configs (each already checked alone), or null: as in Kafka,
   * min.compaction.lag.ms may not exceed max.compaction.lag.ms.
   */
  public static String checkTogether(Map<String, String> configs) {
    String min = configs.get("min.compaction.lag.ms");
    String max = configs.get("max.compaction.lag.ms");
    long minMs = min == null ? LogCleanup.DEFAULT_MIN_COMPACTION_LAG_MS : Long.parseLong(min);
    long maxMs = max == null ? LogCleanup.DEFAULT_MAX_COMPACTION_LAG_MS : Long.parseLong(max);
    if (minMs > maxMs) {
      return "conflict topic config setting min.compaction.lag.ms ("
          + minMs
          + ") > max.compaction.lag.ms ("
          + maxMs
          + ")";
    }
    return null;
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
          "min.insync.replicas",
          "delete.retention.ms",
          "min.compaction.lag.ms",
          "max.compaction.lag.ms" -> {
        long n;
        try {
          n = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return "topic config " + key + " must be a number, got '" + value + "'";
        }
        long[] range = NUMBER_RANGES.get(key);
        if (n < range[0] || n > range[1]) {
          return "topic config "
              + key
              + " must be "
              + (range[1] == Long.MAX_VALUE
                  ? "at least " + range[0]
                  : "between " + range[0] + " and " + range[1])
              + ", got "
              + value;
        }
      }
      case "compression.type" -> {
        if (!COMPRESSION_TYPES.contains(value)) {
          return "compression.type '"
              + value
              + "' is not one of "
              + String.join(", ", COMPRESSION_TYPES);
        }
      }
      case PARTITIONS_PER_GROUP -> {
        int n;
        try {
          n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          n = 0;
        }
        if (n < 1) {
          return "topic config "
              + key
              + " must be a whole number of at least 1, got '"
              + value
              + "'";
        }
      }
      case "cleanup.policy" -> {
        try {
          LogCleanup.parsePolicy(value);
        } catch (IllegalArgumentException e) {
          return "cleanup.policy '" + value + "': " + e.getMessage();
        }
      }
      case "min.cleanable.dirty.ratio" -> {
        double ratio;
        try {
          ratio = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
          return "topic config " + key + " must be a number, got '" + value + "'";
        }
        if (!(ratio >= 0 && ratio <= 1)) {
          return "topic config " + key + " must be between 0 and 1, got " + value;
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
