package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.TopicInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * DescribeConfigs for topics and for this broker ({@link ConfigDescriptions}): values with their
 * sources, read-only flags and types; synonyms (v1+) and documentation (v3+) when asked for.
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequest> {
  private final BrokerServices services;

  public DescribeConfigsHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, DescribeConfigsRequest request) {
    DescribeConfigsResponseData data = new DescribeConfigsResponseData();
    boolean synonyms = request.data().includeSynonyms();
    boolean documentation = request.data().includeDocumentation();
    for (DescribeConfigsResource resource : request.data().resources()) {
      DescribeConfigsResult out =
          new DescribeConfigsResult()
              .setResourceType(resource.resourceType())
              .setResourceName(resource.resourceName());
      data.results().add(out);
      ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
      List<ConfigDescriptions.Described> described;
      if (type == ConfigResource.Type.TOPIC) {
        TopicInfo topic = services.image().topic(resource.resourceName()).orElse(null);
        if (topic == null) {
          out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
              .setErrorMessage("topic '" + resource.resourceName() + "' does not exist");
          continue;
        }
        described = ConfigDescriptions.topic(services.config(), services.self().kafkaPort(), topic);
      } else if (type == ConfigResource.Type.BROKER) {
        if (!resource.resourceName().isEmpty()
            && !resource.resourceName().equals(Integer.toString(services.nodeId()))) {
          out.setErrorCode(Errors.INVALID_REQUEST.code())
              .setErrorMessage("this is node " + services.nodeId());
          continue;
        }
        described = ConfigDescriptions.broker(services.config(), services.self().kafkaPort());
      } else {
        out.setErrorCode(Errors.INVALID_REQUEST.code())
            .setErrorMessage("resource type " + type + " has no configs in chronik");
        continue;
      }
      for (ConfigDescriptions.Described d : described) {
        if (resource.configurationKeys() != null
            && !resource.configurationKeys().isEmpty()
            && !resource.configurationKeys().contains(d.name())) {
          continue;
        }
        out.configs().add(result(d, context.apiVersion(), synonyms, documentation));
      }
    }
    return CompletableFuture.completedFuture(new DescribeConfigsResponse(data));
  }

  private static DescribeConfigsResourceResult result(
      ConfigDescriptions.Described d, short version, boolean synonyms, boolean documentation) {
    DescribeConfigsResourceResult r =
        new DescribeConfigsResourceResult()
            .setName(d.name())
            .setValue(d.value())
            .setReadOnly(d.readOnly())
            .setIsDefault(version == 0 && d.source() == ConfigDescriptions.DEFAULT)
            .setConfigSource(d.source())
            .setIsSensitive(false)
            .setConfigType(d.type())
            .setDocumentation(documentation ? d.documentation() : null);
    if (synonyms) {
      d.synonyms()
          .forEach(
              s ->
                  r.synonyms()
                      .add(
                          new DescribeConfigsSynonym()
                              .setName(s.name())
                              .setValue(s.value())
                              .setSource(s.source())));
    }
    return r;
  }
}
