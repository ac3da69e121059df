package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.MetaCommand;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;

/**
 * InitProducerId for idempotent producers: a fresh producer id from the metadata group (so ids are
 * unique cluster-wide and survive restarts) with epoch 0. Transactional ids are refused.
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequest> {
  private final BrokerServices services;

  public InitProducerIdHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, InitProducerIdRequest request) {
    if (request.data().transactionalId() != null) {
      return CompletableFuture.completedFuture(
          new InitProducerIdResponse(
              new InitProducerIdResponseData()
                  .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                  .setProducerId(-1)
                  .setProducerEpoch((short) -1)));
    }
    return services
        .metadata()
        .submit(new MetaCommand.AllocateProducerIds(1))
        .thenApply(
            r ->
                new InitProducerIdResponse(
                    new InitProducerIdResponseData()
                        .setErrorCode(r.errorCode())
                        .setProducerId(r.isOk() ? r.value() : -1)
                        .setProducerEpoch((short) (r.isOk() ? 0 : -1))));
  }
}
