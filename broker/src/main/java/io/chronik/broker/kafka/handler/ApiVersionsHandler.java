package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.SupportedApis;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/** ApiVersions: the APIs and version ranges this broker serves. */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequest> {
  private final SupportedApis apis;

  public ApiVersionsHandler(SupportedApis apis) {
    this.apis = apis;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, ApiVersionsRequest request) {
    return CompletableFuture.completedFuture(
        new ApiVersionsResponse(new ApiVersionsResponseData().setApiKeys(apis.toApiVersions())));
  }
}
