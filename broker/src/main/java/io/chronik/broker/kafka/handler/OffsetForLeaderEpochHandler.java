package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.partition.PartitionReplica;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * OffsetForLeaderEpoch: the end offset of a leader epoch, from the partition's epoch cache. A
 * partition asked for with a {@code currentLeaderEpoch} (v2+) that is not the current one here is
 * answered with FENCED_LEADER_EPOCH or UNKNOWN_LEADER_EPOCH ({@link LeaderEpochCheck}). Only the
 * partition's ready leader answers a client ({@link LeaderOnlyRead}): a follower, or a leader that
 * is not ready yet, answers NOT_LEADER_OR_FOLLOWER.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler<OffsetsForLeaderEpochRequest> {
  private final BrokerServices services;

  public OffsetForLeaderEpochHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, OffsetsForLeaderEpochRequest request) {
    OffsetForLeaderEpochResponseData data = new OffsetForLeaderEpochResponseData();
    for (OffsetForLeaderTopic topic : request.data().topics()) {
      OffsetForLeaderTopicResult topicOut =
          new OffsetForLeaderTopicResult().setTopic(topic.topic());
      data.topics().add(topicOut);
      for (OffsetForLeaderPartition p : topic.partitions()) {
        EpochEndOffset out =
            new EpochEndOffset().setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1);
        topicOut.partitions().add(out);
        Optional<PartitionReplica> replica =
            services.replicas().replica(new TopicPartition(topic.topic(), p.partition()));
        if (replica.isEmpty()) {
          out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
          continue;
        }
        Errors epochError =
            LeaderEpochCheck.check(p.currentLeaderEpoch(), replica.get().leaderEpoch());
        if (epochError != Errors.NONE) {
          out.setErrorCode(epochError.code());
          continue;
        }
        // as in Kafka, whatever the replica id (before v3 the field is absent and reads -2)
        Errors leaderError =
            LeaderOnlyRead.check(services, replica.get(), Errors.NOT_LEADER_OR_FOLLOWER);
        if (leaderError != Errors.NONE) {
          out.setErrorCode(leaderError.code());
          continue;
        }
        replica
            .get()
            .log()
            .epochEndOffset(p.leaderEpoch())
            .ifPresent(e -> out.setLeaderEpoch(e.leaderEpoch()).setEndOffset(e.endOffset()));
      }
    }
    return CompletableFuture.completedFuture(new OffsetsForLeaderEpochResponse(data));
  }
}
