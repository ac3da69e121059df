package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.partition.EntryFormat;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartitionCollection;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/**
 * OffsetDelete (KIP-496), as Kafka answers it: the partitions of a topic that does not exist, or
 * that the topic does not have, are UNKNOWN_TOPIC_OR_PARTITION; the others go to the group
 * coordinator ({@link io.chronik.broker.group.GroupCoordinator#deleteOffsets}), whose group error
 * (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, ...) answers the whole request. A node that does not
 * coordinate groups answers NOT_COORDINATOR. The deletion is a metadata command that every node
 * must apply, so it is refused with UNSUPPORTED_VERSION while a registered node has an entry-format
 * level below {@link EntryFormat#DELETE_RECORDS} (a rolling upgrade).
 */
public final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequest> {
  private final BrokerServices services;

  public OffsetDeleteHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, OffsetDeleteRequest request) {
    if (services.metaLeader().getAsInt() != services.nodeId()) {
      return CompletableFuture.failedFuture(
          new NotCoordinatorException("node " + services.nodeId() + " does not coordinate groups"));
    }
    MetadataImage image = services.image();
    if (EntryFormat.clusterLevel(image) < EntryFormat.DELETE_RECORDS) {
      return CompletableFuture.completedFuture(
          new OffsetDeleteResponse(
              new OffsetDeleteResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code())));
    }
    OffsetDeleteRequestData existing =
        new OffsetDeleteRequestData().setGroupId(request.data().groupId());
    OffsetDeleteResponseData unknown = new OffsetDeleteResponseData();
    for (OffsetDeleteRequestTopic topic : request.data().topics()) {
      TopicInfo info = image.topic(topic.name()).orElse(null);
      OffsetDeleteRequestTopic kept = new OffsetDeleteRequestTopic().setName(topic.name());
      for (OffsetDeleteRequestPartition p : topic.partitions()) {
        if (info != null
            && p.partitionIndex() >= 0
            && p.partitionIndex() < info.partitions().size()) {
          kept.partitions().add(p);
        } else {
          add(unknown, topic.name(), p.partitionIndex(), Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
      }
      if (!kept.partitions().isEmpty()) {
        existing.topics().add(kept);
      }
    }
    return services
        .coordinator()
        .deleteOffsets(existing)
        .thenApply(
            answered -> {
              if (answered.errorCode() != Errors.NONE.code()) {
                return new OffsetDeleteResponse(answered);
              }
              unknown
                  .topics()
                  .forEach(
                      t ->
                          t.partitions()
                              .forEach(
                                  p ->
                                      add(
                                          answered,
                                          t.name(),
                                          p.partitionIndex(),
                                          Errors.forCode(p.errorCode()))));
              return new OffsetDeleteResponse(answered);
            });
  }

  private static void add(OffsetDeleteResponseData data, String topic, int partition, Errors e) {
    OffsetDeleteResponseTopic t = data.topics().find(topic);
    if (t == null) {
      t =
          new OffsetDeleteResponseTopic()
              .setName(topic)
              .setPartitions(new OffsetDeleteResponsePartitionCollection());
      data.topics().add(t);
    }
    t.partitions()
        .add(
            new OffsetDeleteResponsePartition()
                .setPartitionIndex(partition)
                .setErrorCode(e.code()));
  }
}
