package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.TopicCreator;
import io.chronik.broker.meta.TopicInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;

/**
 * CreateTopics: each topic through {@link TopicCreator}; manual replica assignments are refused.
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequest> {
  private final TopicCreator creator;
  private final BrokerServices services;

  public CreateTopicsHandler(TopicCreator creator, BrokerServices services) {
    this.creator = creator;
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, CreateTopicsRequest request) {
    CreateTopicsResponseData data = new CreateTopicsResponseData();
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (CreatableTopic topic : request.data().topics()) {
      CreatableTopicResult out =
          new CreatableTopicResult()
              .setName(topic.name())
              .setNumPartitions(-1)
              .setReplicationFactor((short) -1);
      data.topics().add(out);
      if (!topic.assignments().isEmpty()) {
        out.setErrorCode(Errors.INVALID_REQUEST.code())
            .setErrorMessage(
                "manual replica assignment is not supported; give a partition count and replication factor");
        continue;
      }
      Map<String, String> configs = new LinkedHashMap<>();
      topic.configs().forEach(c -> configs.put(c.name(), c.value()));
      pending.add(
          creator
              .create(
                  topic.name(),
                  topic.numPartitions(),
                  topic.replicationFactor(),
                  configs,
                  request.data().validateOnly())
              .thenAccept(
                  r -> {
                    out.setErrorCode(r.error().code()).setErrorMessage(r.message());
                    if (r.topic() != null) {
                      out.setTopicId(Uuid.fromString(r.topic().topicId()))
                          .setNumPartitions(r.topic().partitions().size())
                          .setReplicationFactor(
                              (short) r.topic().partitions().get(0).replicas().size())
                          .setConfigs(configs(r.topic()));
                    }
                  }));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(v -> new CreateTopicsResponse(data));
  }

  /** The created topic's configs, as DescribeConfigs gives them (v5+ carries them). */
  private List<CreatableTopicConfigs> configs(TopicInfo topic) {
    List<CreatableTopicConfigs> out = new ArrayList<>();
    for (ConfigDescriptions.Described d :
        ConfigDescriptions.topic(services.config(), services.self().kafkaPort(), topic)) {
      out.add(
          new CreatableTopicConfigs()
              .setName(d.name())
              .setValue(d.value())
              .setReadOnly(d.readOnly())
              .setConfigSource(d.source())
              .setIsSensitive(false));
    }
    return out;
  }
}
