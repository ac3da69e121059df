package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.BrokerInfo;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;

/**
 * DescribeCluster: cluster id, nodes (fenced ones left out, as in Metadata answers), and the
 * metadata leader as controller.
 */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequest> {
  private final BrokerServices services;

  public DescribeClusterHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, DescribeClusterRequest request) {
    DescribeClusterResponseData data =
        new DescribeClusterResponseData()
            .setClusterId(services.image().clusterId())
            .setControllerId(services.metaLeader().getAsInt());
    var image = services.image();
    for (BrokerInfo b : image.brokers().values()) {
      if (image.isFenced(b.nodeId())) {
        continue; // as in Metadata answers
      }
      data.brokers()
          .add(
              new DescribeClusterResponseData.DescribeClusterBroker()
                  .setBrokerId(b.nodeId())
                  .setHost(b.host())
                  .setPort(b.kafkaPort())
                  .setRack(b.rack().isEmpty() ? null : b.rack()));
    }
    return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
  }
}
