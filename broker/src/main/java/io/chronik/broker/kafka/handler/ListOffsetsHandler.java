package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.log.TimestampOffset;
import io.chronik.broker.partition.PartitionReplica;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/**
 * ListOffsets: earliest (-2), latest (-1), max timestamp (-3) and by timestamp; and, as a Kafka
 * broker without tiered storage answers them, earliest local (-4, v8+: the log start offset, every
 * record being local) and latest tiered (-5, v9+: offset -1 with no timestamp and no epoch, nothing
 * being tiered). A partition asked for with a {@code currentLeaderEpoch} (v4+) that is not the
 * current one here is answered with FENCED_LEADER_EPOCH or UNKNOWN_LEADER_EPOCH ({@link
 * LeaderEpochCheck}). Only the partition's ready leader answers a client ({@link LeaderOnlyRead}):
 * a follower answers NOT_LEADER_OR_FOLLOWER, a leader that is not ready yet OFFSET_NOT_AVAILABLE.
 */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequest> {
  private final BrokerServices services;

  public ListOffsetsHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, ListOffsetsRequest request) {
    ListOffsetsResponseData data = new ListOffsetsResponseData();
    for (ListOffsetsRequestData.ListOffsetsTopic topic : request.data().topics()) {
      ListOffsetsResponseData.ListOffsetsTopicResponse topicOut =
          new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name());
      data.topics().add(topicOut);
      for (ListOffsetsRequestData.ListOffsetsPartition p : topic.partitions()) {
        topicOut
            .partitions()
            .add(lookup(topic.name(), p, context.apiVersion(), request.data().replicaId()));
      }
    }
    return CompletableFuture.completedFuture(new ListOffsetsResponse(data));
  }

  private ListOffsetsResponseData.ListOffsetsPartitionResponse lookup(
      String topic, ListOffsetsRequestData.ListOffsetsPartition p, short version, int replicaId) {
    ListOffsetsResponseData.ListOffsetsPartitionResponse out =
        new ListOffsetsResponseData.ListOffsetsPartitionResponse()
            .setPartitionIndex(p.partitionIndex())
            .setTimestamp(-1)
            .setOffset(-1)
            .setLeaderEpoch(-1);
    Optional<PartitionReplica> replica =
        services.replicas().replica(new TopicPartition(topic, p.partitionIndex()));
    if (replica.isEmpty()) {
      boolean known =
          services
              .image()
              .topic(topic)
              .map(t -> p.partitionIndex() < t.partitions().size())
              .orElse(false);
      return out.setErrorCode(
          (known ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
    }
    PartitionReplica r = replica.get();
    Errors epochError = LeaderEpochCheck.check(p.currentLeaderEpoch(), r.leaderEpoch());
    if (epochError != Errors.NONE) {
      return out.setErrorCode(epochError.code());
    }
    // as Kafka: a new leader whose high watermark is still below its epoch's start answers
    // OFFSET_NOT_AVAILABLE (v5+, LEADER_NOT_AVAILABLE before), both of which clients retry
    // a debugging request (replica id -2) may read any replica, as in Kafka
    Errors leaderError =
        replicaId == ListOffsetsRequest.DEBUGGING_REPLICA_ID
            ? Errors.NONE
            : LeaderOnlyRead.check(
                services,
                r,
                version >= 5 ? Errors.OFFSET_NOT_AVAILABLE : Errors.LEADER_NOT_AVAILABLE);
    if (leaderError != Errors.NONE) {
      return out.setErrorCode(leaderError.code());
    }
    // the leader epoch field exists from v4 on; as in Kafka, it is the epoch of the offset
    // answered, and the latest epoch for the log end
    boolean epochs = version >= 4;
    long ts = p.timestamp();
    if (ts == ListOffsetsRequest.EARLIEST_TIMESTAMP
        || ts == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
      long start = r.log().logStartOffset();
      return out.setOffset(start).setLeaderEpoch(epochs ? r.log().epochFor(start) : -1);
    }
    if (ts == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
      return out; // no record is in tiered storage: -1, as Kafka answers with remote storage off
    }
    if (ts == ListOffsetsRequest.LATEST_TIMESTAMP) {
      return out.setOffset(r.highWatermark())
          .setLeaderEpoch(epochs ? Math.max(-1, r.log().latestEpoch()) : -1);
    }
    Optional<TimestampOffset> found =
        ts == ListOffsetsRequest.MAX_TIMESTAMP
            ? r.log().maxTimestampOffset()
            : r.log().offsetForTimestamp(ts);
    return found
        .filter(f -> f.offset() < r.highWatermark())
        .map(
            f ->
                out.setTimestamp(f.timestamp())
                    .setOffset(f.offset())
                    .setLeaderEpoch(epochs ? r.log().epochFor(f.offset()) : -1))
        .orElse(out);
  }
}
