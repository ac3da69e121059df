package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.TopicCreator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;

/**
 * The legacy AlterConfigs for topic configs: the request names a topic's whole config, which
 * replaces the stored one (a key left out goes back to its default), checked as IncrementalAlter
 * Configs checks it and replicated through the metadata group ({@link TopicConfigWrites}). {@code
 * partitions.per.group} stays as it is (it is fixed at creation); broker configs are static and
 * refused.
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequest> {
  private final BrokerServices services;

  public AlterConfigsHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, AlterConfigsRequest request) {
    AlterConfigsResponseData data = new AlterConfigsResponseData();
    TopicConfigWrites writes = new TopicConfigWrites(services, request.data().validateOnly());
    for (AlterConfigsResource resource : request.data().resources()) {
      AlterConfigsResourceResponse out =
          new AlterConfigsResourceResponse()
              .setResourceType(resource.resourceType())
              .setResourceName(resource.resourceName());
      data.responses().add(out);
      writes.alter(
          resource.resourceType(),
          resource.resourceName(),
          current -> replacement(resource, current),
          (code, message) -> out.setErrorCode(code).setErrorMessage(message));
    }
    return writes.done().thenApply(v -> new AlterConfigsResponse(data));
  }

  /**
   * The changes that make {@code resource}'s configs the topic's whole config: each one named with
   * a value set, every other stored key but {@code partitions.per.group} removed.
   */
  private static TopicConfigWrites.Changes replacement(
      AlterConfigsResource resource, Map<String, String> current) {
    Map<String, String> wanted = new HashMap<>();
    for (AlterableConfig c : resource.configs()) {
      if (TopicCreator.PARTITIONS_PER_GROUP.equals(c.name())) {
        if (!Objects.equals(c.value(), current.get(c.name()))) {
          return TopicConfigWrites.Changes.refused(TopicConfigWrites.PARTITIONS_PER_GROUP_FIXED);
        }
      } else if (c.value() != null) {
        String problem = TopicCreator.checkConfig(c.name(), c.value());
        if (problem != null) {
          return TopicConfigWrites.Changes.refused(problem);
        }
        wanted.put(c.name(), c.value());
      }
    }
    Map<String, String> changes = new HashMap<>(wanted);
    for (String key : current.keySet()) {
      if (!wanted.containsKey(key) && !TopicCreator.PARTITIONS_PER_GROUP.equals(key)) {
        changes.put(key, null);
      }
    }
    return TopicConfigWrites.Changes.of(changes);
  }
}
