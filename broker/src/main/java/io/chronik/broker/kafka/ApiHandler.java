package io.chronik.broker.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Handles one Kafka API. It must not block: anything that waits (Raft, long polls, group
 * rebalances) returns a future. A future that completes with {@code null} sends no response (a
 * Produce with acks=0).
 *
 * @param <R> the request type
 */
@FunctionalInterface
public interface ApiHandler<R extends AbstractRequest> {
  CompletableFuture<AbstractResponse> handle(RequestContext context, R request);
}
