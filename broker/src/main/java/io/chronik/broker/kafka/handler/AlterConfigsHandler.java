package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.TopicCreator;
import io.chronik.broker.meta.MetaCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;

/**
 * The legacy AlterConfigs for topic configs: the request names a topic's whole config, which
 * replaces the stored one (a key left out goes back to its default), checked as IncrementalAlter
 * Configs checks it and replicated through the metadata group. {@code partitions.per.group} stays
 * as it is (it is fixed at creation); broker configs are static and refused.
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
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (AlterConfigsResource resource : request.data().resources()) {
      AlterConfigsResourceResponse out =
          new AlterConfigsResourceResponse()
              .setResourceType(resource.resourceType())
              .setResourceName(resource.resourceName());
      data.responses().add(out);
      if (ConfigResource.Type.forId(resource.resourceType()) != ConfigResource.Type.TOPIC) {
        out.setErrorCode(Errors.INVALID_REQUEST.code())
            .setErrorMessage(
                "only topic configs can be changed at run time; broker settings are flags or"
                    + " CHRONIK_* variables");
        continue;
      }
      var topic = services.image().topic(resource.resourceName());
      if (topic.isEmpty()) {
        out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
            .setErrorMessage("topic '" + resource.resourceName() + "' does not exist");
        continue;
      }
      Map<String, String> current = topic.get().configs();
      Map<String, String> wanted = new HashMap<>();
      String problem = null;
      for (AlterableConfig c : resource.configs()) {
        if (TopicCreator.PARTITIONS_PER_GROUP.equals(c.name())) {
          if (!java.util.Objects.equals(c.value(), current.get(c.name()))) {
            problem =
                TopicCreator.PARTITIONS_PER_GROUP
                    + " is fixed when a topic is created: its partitions already have their"
                    + " Raft groups; create a new topic to group its partitions differently";
          }
        } else if (c.value() != null) {
          problem = TopicCreator.checkConfig(c.name(), c.value());
          wanted.put(c.name(), c.value());
        }
        if (problem != null) {
          break;
        }
      }
      if (problem == null) {
        problem = TopicCreator.checkTogether(wanted);
      }
      if (problem != null) {
        out.setErrorCode(Errors.INVALID_CONFIG.code()).setErrorMessage(problem);
        continue;
      }
      if (request.data().validateOnly()) {
        continue;
      }
      Map<String, String> changes = new HashMap<>(wanted);
      for (String key : current.keySet()) {
        if (!wanted.containsKey(key) && !TopicCreator.PARTITIONS_PER_GROUP.equals(key)) {
          changes.put(key, null);
        }
      }
      pending.add(
          services
              .metadata()
              .submit(new MetaCommand.AlterTopicConfig(resource.resourceName(), changes))
              .thenAccept(
                  r ->
                      out.setErrorCode(r.errorCode())
                          .setErrorMessage(r.isOk() ? null : r.message())));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(v -> new AlterConfigsResponse(data));
  }
}
