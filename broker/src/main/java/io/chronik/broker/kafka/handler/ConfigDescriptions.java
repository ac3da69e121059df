package io.chronik.broker.kafka.handler;

import io.chronik.broker.BrokerConfig;
import io.chronik.broker.kafka.TopicCreator;
import io.chronik.broker.log.LogCleanup;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * The configs of a topic or of this broker as Kafka describes them: each with its value, where the
 * value comes from (a topic override, the broker's setting, the built-in default), whether it can
 * be altered, its type and documentation, and its synonyms, most specific first: a topic config's
 * override, then the broker setting that stands for its default (Kafka's {@code log.retention.ms}
 * for {@code retention.ms}), each with its own source. A broker value counts as set ({@code
 * STATIC_BROKER_CONFIG}) when it differs from chronik's built-in default, else as the default
 * ({@code DEFAULT_CONFIG}). Nothing chronik describes is sensitive.
 */
final class ConfigDescriptions {
  static final byte DYNAMIC_TOPIC = DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG.id();
  static final byte STATIC_BROKER = DescribeConfigsResponse.ConfigSource.STATIC_BROKER_CONFIG.id();
  static final byte DEFAULT = DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG.id();

  private ConfigDescriptions() {}

  /** A synonym of a config: a setting that gives it its value when nothing above it is set. */
  record Synonym(String name, String value, byte source) {}

  /** One described config; {@code synonyms} start with the one that gives the value. */
  record Described(
      String name,
      String value,
      byte source,
      boolean readOnly,
      byte type,
      String documentation,
      List<Synonym> synonyms) {}

  /** What chronik knows of a config key: the broker setting behind it, its type and its doc. */
  private record Key(String brokerName, DescribeConfigsResponse.ConfigType type, String doc) {}

  private static final Map<String, Key> TOPIC_KEYS = new LinkedHashMap<>();
  private static final Map<String, Key> BROKER_KEYS = new LinkedHashMap<>();

  static {
    topic(
        "cleanup.policy",
        "log.cleanup.policy",
        DescribeConfigsResponse.ConfigType.LIST,
        "What happens to old segments: delete (retention deletes them), compact (the log cleaner"
            + " keeps the latest record of each key), or both.");
    topic(
        "compression.type",
        "compression.type",
        DescribeConfigsResponse.ConfigType.STRING,
        "The codec of stored batches; chronik stores batches as the producer sent them"
            + " (producer).");
    topic(
        "delete.retention.ms",
        "log.cleaner.delete.retention.ms",
        DescribeConfigsResponse.ConfigType.LONG,
        "How long a compacted topic keeps a tombstone after the cleaning that first kept it.");
    topic(
        "max.compaction.lag.ms",
        "log.cleaner.max.compaction.lag.ms",
        DescribeConfigsResponse.ConfigType.LONG,
        "The longest a record of a compacted topic stays uncleaned, whatever the dirty ratio.");
    topic(
        "max.message.bytes",
        "message.max.bytes",
        DescribeConfigsResponse.ConfigType.INT,
        "The largest record batch the partition takes, at most one partition's data in one"
            + " Produce request (1114112).");
    topic(
        "message.timestamp.type",
        "log.message.timestamp.type",
        DescribeConfigsResponse.ConfigType.STRING,
        "Which timestamp records keep: CreateTime, the producer's.");
    topic(
        "min.cleanable.dirty.ratio",
        "log.cleaner.min.cleanable.ratio",
        DescribeConfigsResponse.ConfigType.DOUBLE,
        "The share of a compacted log not yet cleaned at which the log cleaner cleans it.");
    topic(
        "min.compaction.lag.ms",
        "log.cleaner.min.compaction.lag.ms",
        DescribeConfigsResponse.ConfigType.LONG,
        "The least time a record of a compacted topic stays uncleaned.");
    topic(
        "min.insync.replicas",
        "min.insync.replicas",
        DescribeConfigsResponse.ConfigType.INT,
        "Accepted for compatibility; a chronik write is acknowledged once a Raft majority of the"
            + " partition's replicas has it.");
    topic(
        "retention.bytes",
        "log.retention.bytes",
        DescribeConfigsResponse.ConfigType.LONG,
        "The most bytes a partition keeps before its oldest segments are deleted; -1: no limit.");
    topic(
        "retention.ms",
        "log.retention.ms",
        DescribeConfigsResponse.ConfigType.LONG,
        "How long a segment is kept after its newest record; -1: forever.");
    topic(
        "segment.bytes",
        "log.segment.bytes",
        DescribeConfigsResponse.ConfigType.INT,
        "The size at which a partition's active segment is closed and a new one started.");
    topic(
        "segment.ms",
        "log.roll.ms",
        DescribeConfigsResponse.ConfigType.LONG,
        "The age at which a partition's active segment is closed and a new one started.");
    topic(
        TopicCreator.PARTITIONS_PER_GROUP,
        null,
        DescribeConfigsResponse.ConfigType.INT,
        "chronik's own: the most partitions of the topic one Raft group carries; set at creation"
            + " only.");
    broker("broker.id", DescribeConfigsResponse.ConfigType.INT, "This node's id (--node-id).");
    broker(
        "advertised.listeners",
        DescribeConfigsResponse.ConfigType.STRING,
        "The address clients are told to use (--advertise, --kafka-port).");
    broker(
        "auto.create.topics.enable",
        DescribeConfigsResponse.ConfigType.BOOLEAN,
        "Whether Metadata requests create unknown topics (--auto-create-topics).");
    broker(
        "num.partitions",
        DescribeConfigsResponse.ConfigType.INT,
        "The partitions of an auto-created topic (--default-partitions).");
    broker(
        "default.replication.factor",
        DescribeConfigsResponse.ConfigType.INT,
        "The replicas of a topic created without a replication factor.");
    broker(
        "socket.request.max.bytes",
        DescribeConfigsResponse.ConfigType.INT,
        "Larger request frames close the connection (--max-request-bytes).");
    broker(
        "log.segment.bytes",
        DescribeConfigsResponse.ConfigType.INT,
        "The default segment.bytes of topics (--segment-bytes).");
    broker(
        "log.retention.ms",
        DescribeConfigsResponse.ConfigType.LONG,
        "The default retention.ms of topics (--retention-ms).");
    broker(
        "log.retention.bytes",
        DescribeConfigsResponse.ConfigType.LONG,
        "The default retention.bytes of topics (--retention-bytes).");
    broker(
        "log.cleaner.io.max.bytes.per.second",
        DescribeConfigsResponse.ConfigType.DOUBLE,
        "The most bytes per second the log cleaner reads and writes together"
            + " (--log-cleaner-io-max-bytes-per-second); no limit is shown as Kafka shows it,"
            + " the largest double.");
  }

  private static void topic(
      String name, String brokerName, DescribeConfigsResponse.ConfigType type, String doc) {
    TOPIC_KEYS.put(name, new Key(brokerName, type, doc));
  }

  private static void broker(String name, DescribeConfigsResponse.ConfigType type, String doc) {
    BROKER_KEYS.put(name, new Key(name, type, doc));
  }

  /** The values of this node's broker settings (the built-in ones for {@code defaults}). */
  static Map<String, String> brokerValues(BrokerConfig c, int kafkaPort) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("broker.id", Integer.toString(c.nodeId()));
    m.put("advertised.listeners", "PLAINTEXT://" + c.advertisedHost() + ":" + kafkaPort);
    m.put("auto.create.topics.enable", Boolean.toString(c.autoCreateTopics()));
    m.put("num.partitions", Integer.toString(c.defaultPartitions()));
    m.put("default.replication.factor", Short.toString(c.defaultReplicationFactor()));
    m.put("socket.request.max.bytes", Integer.toString(c.socketRequestMaxBytes()));
    m.put("log.segment.bytes", Long.toString(c.logSegmentBytes()));
    m.put("log.retention.ms", Long.toString(c.retentionMs()));
    m.put("log.retention.bytes", Long.toString(c.retentionBytes()));
    m.put(
        "log.cleaner.io.max.bytes.per.second",
        Double.toString(
            c.logCleanerIoMaxBytesPerSecond() == BrokerConfig.UNLIMITED_CLEANER_IO
                ? Double.MAX_VALUE
                : c.logCleanerIoMaxBytesPerSecond()));
    // the settings behind topic defaults that chronik does not let a node change
    m.put("log.cleanup.policy", "delete");
    m.put("compression.type", "producer");
    m.put("log.cleaner.delete.retention.ms", Long.toString(LogCleanup.DEFAULT_DELETE_RETENTION_MS));
    m.put(
        "log.cleaner.max.compaction.lag.ms",
        Long.toString(LogCleanup.DEFAULT_MAX_COMPACTION_LAG_MS));
    m.put(
        "log.cleaner.min.cleanable.ratio",
        Double.toString(LogCleanup.DEFAULT_MIN_CLEANABLE_DIRTY_RATIO));
    m.put(
        "log.cleaner.min.compaction.lag.ms",
        Long.toString(LogCleanup.DEFAULT_MIN_COMPACTION_LAG_MS));
    m.put("message.max.bytes", "1048588");
    m.put("log.message.timestamp.type", "CreateTime");
    m.put("min.insync.replicas", "1");
    m.put("log.roll.ms", Long.toString(7L * 24 * 3600 * 1000));
    return m;
  }

  /** The configs of a topic, in a fixed order. */
  static List<Described> topic(BrokerConfig config, int kafkaPort, TopicInfo topic) {
    Map<String, String> broker = brokerValues(config, kafkaPort);
    Map<String, String> builtIn =
        brokerValues(BrokerConfig.defaults(), BrokerConfig.defaults().kafkaPort());
    List<Described> out = new ArrayList<>();
    TOPIC_KEYS.forEach(
        (name, key) -> {
          List<Synonym> synonyms = new ArrayList<>();
          String override = topic.configs().get(name);
          if (override != null) {
            synonyms.add(new Synonym(name, override, DYNAMIC_TOPIC));
          }
          if (key.brokerName() != null) {
            synonyms.addAll(brokerSynonyms(key.brokerName(), broker, builtIn));
          } else {
            // not a broker setting but a fact of the topic: the most partitions one group carries
            synonyms.add(new Synonym(name, Integer.toString(largestGroup(topic)), DEFAULT));
          }
          Synonym first = synonyms.get(0);
          out.add(
              new Described(
                  name,
                  first.value(),
                  first.source(),
                  key.brokerName() == null,
                  key.type().id(),
                  key.doc(),
                  synonyms));
        });
    return out;
  }

  /** This broker's configs; none can be altered while the node runs. */
  static List<Described> broker(BrokerConfig config, int kafkaPort) {
    Map<String, String> broker = brokerValues(config, kafkaPort);
    Map<String, String> builtIn =
        brokerValues(BrokerConfig.defaults(), BrokerConfig.defaults().kafkaPort());
    List<Described> out = new ArrayList<>();
    BROKER_KEYS.forEach(
        (name, key) -> {
          List<Synonym> synonyms = brokerSynonyms(name, broker, builtIn);
          Synonym first = synonyms.get(0);
          out.add(
              new Described(
                  name, first.value(), first.source(), true, key.type().id(), key.doc(), synonyms));
        });
    return out;
  }

  /** A broker setting as synonyms: its value as set, then its built-in default, or the default. */
  private static List<Synonym> brokerSynonyms(
      String name, Map<String, String> broker, Map<String, String> builtIn) {
    String value = broker.get(name);
    String standard = builtIn.get(name);
    if (value.equals(standard)) {
      return List.of(new Synonym(name, value, DEFAULT));
    }
    return List.of(new Synonym(name, value, STATIC_BROKER), new Synonym(name, standard, DEFAULT));
  }

  /** The most partitions one Raft group of {@code topic} carries. */
  private static int largestGroup(TopicInfo topic) {
    return topic.partitions().stream()
        .collect(Collectors.groupingBy(PartitionAssignment::groupId, Collectors.counting()))
        .values()
        .stream()
        .mapToInt(Long::intValue)
        .max()
        .orElse(1);
  }
}
