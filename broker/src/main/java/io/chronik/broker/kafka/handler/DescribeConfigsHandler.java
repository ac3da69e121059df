package io.chronik.broker.kafka.handler;

import io.chronik.broker.BrokerConfig;
import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.TopicCreator;
import io.chronik.broker.meta.TopicInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/** DescribeConfigs for topics (defaults plus overrides) and for this broker. */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequest> {
  private static final byte DYNAMIC_TOPIC = 1;
  private static final byte STATIC_BROKER = 4;
  private static final byte DEFAULT = 5;
  private final BrokerServices services;

  public DescribeConfigsHandler(BrokerServices services) {
    this.services = services;
  }

  /** The topic configs every topic has, with the broker's defaults. */
  public static Map<String, String> topicDefaults(BrokerConfig config) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("cleanup.policy", "delete");
    d.put("compression.type", "producer");
    d.put("max.message.bytes", "1048588");
    d.put("message.timestamp.type", "CreateTime");
    d.put("min.insync.replicas", "1");
    d.put("retention.bytes", Long.toString(config.retentionBytes()));
    d.put("retention.ms", Long.toString(config.retentionMs()));
    d.put("segment.bytes", Long.toString(config.logSegmentBytes()));
    d.put("segment.ms", Long.toString(7L * 24 * 3600 * 1000));
    return d;
  }

  /** The most partitions one Raft group of {@code topic} carries. */
  private static int largestGroup(TopicInfo topic) {
    return topic.partitions().stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                io.chronik.broker.meta.PartitionAssignment::groupId,
                java.util.stream.Collectors.counting()))
        .values()
        .stream()
        .mapToInt(Long::intValue)
        .max()
        .orElse(1);
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, DescribeConfigsRequest request) {
    DescribeConfigsResponseData data = new DescribeConfigsResponseData();
    for (DescribeConfigsResource resource : request.data().resources()) {
      DescribeConfigsResult out =
          new DescribeConfigsResult()
              .setResourceType(resource.resourceType())
              .setResourceName(resource.resourceName());
      data.results().add(out);
      ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
      if (type == ConfigResource.Type.TOPIC) {
        TopicInfo topic = services.image().topic(resource.resourceName()).orElse(null);
        if (topic == null) {
          out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
              .setErrorMessage("topic '" + resource.resourceName() + "' does not exist");
          continue;
        }
        Map<String, String> defaults = topicDefaults(services.config());
        // not a default but a fact of the topic: the most partitions one of its groups carries
        defaults.put(TopicCreator.PARTITIONS_PER_GROUP, Integer.toString(largestGroup(topic)));
        defaults.forEach(
            (k, v) -> {
              String override = topic.configs().get(k);
              add(
                  out,
                  resource.configurationKeys(),
                  k,
                  override != null ? override : v,
                  override != null ? DYNAMIC_TOPIC : DEFAULT,
                  context.apiVersion());
            });
      } else if (type == ConfigResource.Type.BROKER) {
        if (!resource.resourceName().isEmpty()
            && !resource.resourceName().equals(Integer.toString(services.nodeId()))) {
          out.setErrorCode(Errors.INVALID_REQUEST.code())
              .setErrorMessage("this is node " + services.nodeId());
          continue;
        }
        brokerConfigs()
            .forEach(
                (k, v) ->
                    add(
                        out,
                        resource.configurationKeys(),
                        k,
                        v,
                        STATIC_BROKER,
                        context.apiVersion()));
      } else {
        out.setErrorCode(Errors.INVALID_REQUEST.code())
            .setErrorMessage("resource type " + type + " has no configs in chronik");
      }
    }
    return CompletableFuture.completedFuture(new DescribeConfigsResponse(data));
  }

  private Map<String, String> brokerConfigs() {
    BrokerConfig c = services.config();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("broker.id", Integer.toString(c.nodeId()));
    m.put(
        "advertised.listeners",
        "PLAINTEXT://" + c.advertisedHost() + ":" + services.self().kafkaPort());
    m.put("auto.create.topics.enable", Boolean.toString(c.autoCreateTopics()));
    m.put("num.partitions", Integer.toString(c.defaultPartitions()));
    m.put("default.replication.factor", Short.toString(c.defaultReplicationFactor()));
    m.put("socket.request.max.bytes", Integer.toString(c.socketRequestMaxBytes()));
    m.put("log.segment.bytes", Long.toString(c.logSegmentBytes()));
    m.put("log.retention.ms", Long.toString(c.retentionMs()));
    m.put("log.retention.bytes", Long.toString(c.retentionBytes()));
    return m;
  }

  private static void add(
      DescribeConfigsResult out,
      List<String> keys,
      String name,
      String value,
      byte source,
      short version) {
    if (keys != null && !keys.isEmpty() && !keys.contains(name)) {
      return;
    }
    out.configs()
        .add(
            new DescribeConfigsResourceResult()
                .setName(name)
                .setValue(value)
                .setReadOnly(source != DYNAMIC_TOPIC && source != DEFAULT)
                .setIsDefault(version == 0 && source == DEFAULT)
                .setConfigSource(source)
                .setIsSensitive(false));
  }
}
