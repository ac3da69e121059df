package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * Fetch: reads committed batches from the partition logs. When fewer than {@code min_bytes} are
 * available it waits (long poll) until an append arrives on one of the partitions or {@code
 * max_wait_ms} passes, without blocking the event loop.
 */
public final class FetchHandler implements ApiHandler<FetchRequest> {
  private final BrokerServices services;

  public FetchHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(RequestContext context, FetchRequest request) {
    Context ctx = Vertx.currentContext();
    FetchOperation op = new FetchOperation(services, request, ctx);
    return op.start();
  }
}
