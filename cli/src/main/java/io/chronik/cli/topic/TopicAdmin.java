package io.chronik.cli.topic;

import io.chronik.cli.client.Connection;
import io.chronik.cli.client.KafkaClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The topic operations of {@code chronik topic}, through Kafka's {@link Admin} client. It holds the
 * Kafka imports of the topic commands and answers in chronik's own records.
 */
final class TopicAdmin implements AutoCloseable {
  private final Admin admin;
  private final Connection connection;

  private TopicAdmin(Admin admin, Connection connection) {
    this.admin = admin;
    this.connection = connection;
  }

  /** Connects and waits until the cluster answers (exit 69 when it does not in time). */
  static TopicAdmin connect(Connection connection) {
    return new TopicAdmin(KafkaClients.connectedAdmin(connection), connection);
  }

  List<TopicSummary> list(boolean includeInternal) {
    Collection<String> names =
        KafkaClients.await(
            admin.listTopics(new ListTopicsOptions().listInternal(includeInternal)).names(),
            connection,
            "list the topics");
    if (names.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> described =
        KafkaClients.await(
            admin.describeTopics(names).allTopicNames(), connection, "describe the topics");
    return described.values().stream()
        .map(
            d ->
                new TopicSummary(
                    d.name(), d.partitions().size(), replicationFactor(d), d.isInternal()))
        .sorted(Comparator.comparing(TopicSummary::name))
        .toList();
  }

  /** Partitions of each topic, in the order asked; an unknown topic fails the call. */
  Map<String, Integer> partitionCounts(List<String> topics) {
    Map<String, TopicDescription> described = describeTopics(topics);
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    for (String topic : topics) {
      counts.put(topic, described.get(topic).partitions().size());
    }
    return counts;
  }

  List<TopicDetails> describe(List<String> topics) {
    Map<String, TopicDescription> described = describeTopics(topics);
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, org.apache.kafka.clients.admin.Config> configs =
        KafkaClients.await(
            admin.describeConfigs(resources).all(),
            connection,
            "describe the configs of " + String.join(", ", topics));
    List<TopicDetails> details = new ArrayList<>();
    for (String topic : topics) {
      TopicDescription d = described.get(topic);
      org.apache.kafka.clients.admin.Config config =
          configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
      details.add(
          new TopicDetails(
              d.name(),
              d.topicId() == null ? null : d.topicId().toString(),
              d.isInternal(),
              d.partitions().stream().map(TopicAdmin::partition).toList(),
              config == null
                  ? List.of()
                  : config.entries().stream()
                      .sorted(Comparator.comparing(ConfigEntry::name))
                      .map(TopicAdmin::config)
                      .toList()));
    }
    return details;
  }

  /** Creates the topic; an empty count or factor leaves the choice to the broker. */
  TopicSummary create(
      String topic,
      Optional<Integer> partitions,
      Optional<Short> replicationFactor,
      Map<String, String> configs) {
    NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor).configs(configs);
    CreateTopicsResult result = admin.createTopics(List.of(newTopic));
    String action = "create topic " + topic;
    KafkaClients.await(result.all(), connection, action);
    int count = KafkaClients.await(result.numPartitions(topic), connection, action);
    int factor = KafkaClients.await(result.replicationFactor(topic), connection, action);
    return new TopicSummary(topic, count, factor, false);
  }

  void delete(List<String> topics) {
    KafkaClients.await(
        admin.deleteTopics(topics).all(), connection, "delete " + String.join(", ", topics));
  }

  void alterConfigs(String topic, Map<String, String> set, List<String> delete) {
    List<AlterConfigOp> ops = new ArrayList<>();
    set.forEach(
        (name, value) ->
            ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)));
    delete.forEach(
        name ->
            ops.add(new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE)));
    KafkaClients.await(
        admin
            .incrementalAlterConfigs(
                Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops))
            .all(),
        connection,
        "alter the configs of topic " + topic);
  }

  private Map<String, TopicDescription> describeTopics(List<String> topics) {
    return KafkaClients.await(
        admin.describeTopics(topics).allTopicNames(),
        connection,
        "describe topic " + String.join(", ", topics));
  }

  private static int replicationFactor(TopicDescription description) {
    return description.partitions().isEmpty()
        ? 0
        : description.partitions().get(0).replicas().size();
  }

  private static TopicDetails.Partition partition(TopicPartitionInfo info) {
    Node leader = info.leader();
    return new TopicDetails.Partition(
        info.partition(),
        leader == null || leader.isEmpty() ? null : leader.id(),
        info.replicas().stream().map(Node::id).toList(),
        info.isr().stream().map(Node::id).toList());
  }

  private static TopicDetails.Config config(ConfigEntry entry) {
    return new TopicDetails.Config(
        entry.name(),
        entry.isSensitive() ? null : entry.value(),
        source(entry.source()),
        entry.isReadOnly(),
        entry.isSensitive());
  }

  private static String source(ConfigEntry.ConfigSource source) {
    if (source == null) {
      return "unknown";
    }
    return switch (source) {
      case DYNAMIC_TOPIC_CONFIG -> "topic";
      case DEFAULT_CONFIG -> "default";
      case UNKNOWN -> "unknown";
      default -> "broker";
    };
  }

  @Override
  public void close() {
    admin.close();
  }
}
