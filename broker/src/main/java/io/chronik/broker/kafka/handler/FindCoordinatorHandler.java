package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.BrokerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * FindCoordinator: consumer groups are coordinated by the node that leads the metadata group, where
 * their committed offsets are written. There is no transaction coordinator: a lookup of one is
 * UNSUPPORTED_VERSION with the reason, which clients do not retry.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequest> {
  /** Why a transaction coordinator is not found. */
  static final String NO_TRANSACTIONS =
      "chronik does not support transactions (transactional.id); use an idempotent producer"
          + " (enable.idempotence=true) without transactional.id";

  private final BrokerServices services;

  public FindCoordinatorHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, FindCoordinatorRequest request) {
    var req = request.data();
    List<String> keys = new ArrayList<>(req.coordinatorKeys());
    if (keys.isEmpty()) {
      keys.add(req.key());
    }
    BrokerInfo coordinator = services.image().brokers().get(services.metaLeader().getAsInt());
    boolean group = req.keyType() == FindCoordinatorRequest.CoordinatorType.GROUP.id();
    // no transaction coordinator: an error clients do not retry, so that initTransactions() fails
    // at once with the reason instead of retrying COORDINATOR_NOT_AVAILABLE until max.block.ms
    Errors error =
        !group
            ? Errors.UNSUPPORTED_VERSION
            : coordinator == null ? Errors.COORDINATOR_NOT_AVAILABLE : Errors.NONE;
    String message = !group ? NO_TRANSACTIONS : null;
    FindCoordinatorResponseData data = new FindCoordinatorResponseData();
    if (context.apiVersion() < 4) {
      data.setErrorCode(error.code())
          .setErrorMessage(message)
          .setNodeId(-1)
          .setHost("")
          .setPort(-1);
      if (error == Errors.NONE) {
        data.setNodeId(coordinator.nodeId())
            .setHost(coordinator.host())
            .setPort(coordinator.kafkaPort());
      }
    } else {
      for (String key : keys) {
        var c =
            new FindCoordinatorResponseData.Coordinator()
                .setKey(key)
                .setErrorCode(error.code())
                .setErrorMessage(message)
                .setNodeId(-1)
                .setHost("")
                .setPort(-1);
        if (error == Errors.NONE) {
          c.setNodeId(coordinator.nodeId())
              .setHost(coordinator.host())
              .setPort(coordinator.kafkaPort());
        }
        data.coordinators().add(c);
      }
    }
    return CompletableFuture.completedFuture(new FindCoordinatorResponse(data));
  }
}
