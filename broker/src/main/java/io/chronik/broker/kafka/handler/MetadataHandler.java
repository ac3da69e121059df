package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.TopicCreator;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Metadata: brokers, the metadata leader as controller, and each topic's partitions with their Raft
 * leader (leader epoch = Raft term). Fenced nodes ({@link MetadataImage#fenced}) are left out of
 * the brokers, leaders and in-sync replicas, and listed as offline replicas. Unknown topics are
 * created when auto-creation is on and the client allows it; the response waits for the new
 * partitions' leaders, and a name refused at creation (one colliding with an existing topic's) is
 * INVALID_TOPIC_EXCEPTION. A topic asked for by id (v12) is answered with its name and id, an
 * unknown id with UNKNOWN_TOPIC_ID; a request that asks for any topic by id is answered for its ids
 * only, and one of v10 or v11 that does (or has a topic without a name) with INVALID_REQUEST for
 * every topic, as Kafka answers them.
 */
public final class MetadataHandler implements ApiHandler<MetadataRequest> {
  private final BrokerServices services;
  private final TopicCreator creator;

  public MetadataHandler(BrokerServices services, TopicCreator creator) {
    this.services = services;
    this.creator = creator;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, MetadataRequest request) {
    short version = context.apiVersion();
    MetadataImage image = services.image();
    List<String> names = new ArrayList<>();
    List<Uuid> unknownIds = new ArrayList<>();
    if (request.isAllTopics()) {
      names.addAll(image.topics().keySet());
    } else {
      checkTopicsFor(request, version);
      Set<Uuid> ids = new LinkedHashSet<>();
      for (var t : request.data().topics()) {
        if (!Uuid.ZERO_UUID.equals(t.topicId())) {
          ids.add(t.topicId());
        }
      }
      if (ids.isEmpty()) {
        request.data().topics().stream()
            .map(t -> t.name())
            .filter(n -> n != null)
            .forEach(names::add);
      } else {
        // as in Kafka, a request that names any topic by id is answered for its ids only
        for (Uuid id : ids) {
          image
              .topicById(id.toString())
              .ifPresentOrElse(ti -> names.add(ti.name()), () -> unknownIds.add(id));
        }
      }
    }
    boolean autoCreate =
        services.config().autoCreateTopics()
            && request.allowAutoTopicCreation()
            && !request.isAllTopics();
    Map<String, CompletableFuture<TopicCreator.Result>> creations = new LinkedHashMap<>();
    if (autoCreate) {
      for (String name : names) {
        if (image.topic(name).isEmpty() && !creations.containsKey(name)) {
          creations.put(name, creator.create(name, -1, (short) -1, Map.of(), false));
        }
      }
    }
    return CompletableFuture.allOf(creations.values().toArray(CompletableFuture[]::new))
        .handle((v, e) -> build(names, unknownIds, refusedAsInvalid(creations), version));
  }

  /**
   * Refuses, as Kafka does, a request of v10 or v11 (whose format has a topic id field, but whose
   * topics are asked for by name) that names a topic by id or has a topic without a name: the whole
   * request is answered INVALID_REQUEST.
   */
  private static void checkTopicsFor(MetadataRequest request, short version) {
    if (version >= 12) {
      return;
    }
    for (var t : request.data().topics()) {
      if (t.name() == null) {
        throw new InvalidRequestException("Topic name can not be null for version " + version);
      }
      if (!Uuid.ZERO_UUID.equals(t.topicId())) {
        throw new InvalidRequestException(
            "Topic IDs are not supported in requests for version " + version);
      }
    }
  }

  /** The topics whose creation was refused as invalid (a bad or colliding name). */
  private static Set<String> refusedAsInvalid(
      Map<String, CompletableFuture<TopicCreator.Result>> creations) {
    Set<String> out = new HashSet<>();
    creations.forEach(
        (name, f) -> {
          if (!f.isCompletedExceptionally() && f.join().error() == Errors.INVALID_TOPIC_EXCEPTION) {
            out.add(name);
          }
        });
    return out;
  }

  private AbstractResponse build(
      List<String> names, List<Uuid> unknownIds, Set<String> invalid, short version) {
    MetadataImage image = services.image();
    MetadataResponseData data = new MetadataResponseData();
    for (BrokerInfo b : image.brokers().values()) {
      if (image.isFenced(b.nodeId())) {
        continue; // the metadata leader lost contact with it: not a broker to send requests to
      }
      data.brokers()
          .add(
              new MetadataResponseBroker()
                  .setNodeId(b.nodeId())
                  .setHost(b.host())
                  .setPort(b.kafkaPort())
                  .setRack(b.rack().isEmpty() ? null : b.rack()));
    }
    if (data.brokers().isEmpty()) {
      BrokerInfo self = services.self();
      data.brokers()
          .add(
              new MetadataResponseBroker()
                  .setNodeId(self.nodeId())
                  .setHost(self.host())
                  .setPort(self.kafkaPort()));
    }
    data.setClusterId(image.clusterId().isEmpty() ? null : image.clusterId());
    data.setControllerId(services.metaLeader().getAsInt());
    for (String name : names) {
      data.topics().add(topic(image, name, invalid.contains(name), version));
    }
    for (Uuid id : unknownIds) {
      data.topics()
          .add(
              new MetadataResponseTopic()
                  .setName(null)
                  .setTopicId(id)
                  .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
    }
    return new MetadataResponse(data, version);
  }

  private MetadataResponseTopic topic(
      MetadataImage image, String name, boolean invalid, short version) {
    TopicInfo topic = image.topic(name).orElse(null);
    if (topic == null) {
      Errors error;
      try {
        org.apache.kafka.common.internals.Topic.validate(name);
        error = invalid ? Errors.INVALID_TOPIC_EXCEPTION : Errors.UNKNOWN_TOPIC_OR_PARTITION;
      } catch (org.apache.kafka.common.errors.InvalidTopicException e) {
        error = Errors.INVALID_TOPIC_EXCEPTION;
      }
      return new MetadataResponseTopic().setName(name).setErrorCode(error.code());
    }
    MetadataResponseTopic out =
        new MetadataResponseTopic()
            .setName(name)
            .setTopicId(Uuid.fromString(topic.topicId()))
            .setIsInternal(false);
    for (PartitionAssignment p : topic.partitions()) {
      BrokerServices.Leader leader = services.leaderOf(p);
      // a fenced node is neither a leader nor an in-sync replica; its replicas are offline
      int leaderId = image.isFenced(leader.nodeId()) ? -1 : leader.nodeId();
      out.partitions()
          .add(
              new MetadataResponsePartition()
                  .setPartitionIndex(p.partition())
                  .setErrorCode(
                      leaderId < 0 ? Errors.LEADER_NOT_AVAILABLE.code() : Errors.NONE.code())
                  .setLeaderId(leaderId)
                  .setLeaderEpoch(version >= 7 ? leader.epoch() : -1)
                  .setReplicaNodes(p.replicas())
                  .setIsrNodes(unfenced(image, leader.isr()))
                  .setOfflineReplicas(fenced(image, p.replicas())));
    }
    return out;
  }

  private static List<Integer> unfenced(MetadataImage image, List<Integer> nodes) {
    if (image.fenced().isEmpty()) {
      return nodes;
    }
    return nodes.stream().filter(n -> !image.isFenced(n)).toList();
  }

  private static List<Integer> fenced(MetadataImage image, List<Integer> nodes) {
    if (image.fenced().isEmpty()) {
      return List.of();
    }
    return nodes.stream().filter(image::isFenced).toList();
  }
}
