package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerFeatures;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.SupportedApis;
import io.chronik.broker.meta.MetadataService;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * ApiVersions: the APIs and version ranges this broker serves and, from v3, its features ({@link
 * BrokerFeatures}).
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequest> {
  private final SupportedApis apis;
  private final MetadataService metadata;

  public ApiVersionsHandler(SupportedApis apis, MetadataService metadata) {
    this.apis = apis;
    this.metadata = metadata;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, ApiVersionsRequest request) {
    ApiVersionsResponseData data = new ApiVersionsResponseData().setApiKeys(apis.toApiVersions());
    if (context.apiVersion() >= 3) {
      BrokerFeatures.addTo(data, metadata);
    }
    return CompletableFuture.completedFuture(new ApiVersionsResponse(data));
  }
}
