package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.KafkaErrors;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.partition.EntryFormat;
import io.chronik.broker.partition.PartitionEntry;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.replication.GroupStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;

/**
 * DeleteRecords: moves a partition's log start offset up to the given offset (the high watermark
 * for -1) through the partition's Raft group, so every replica applies it at the same point of its
 * log and they agree; it survives restarts and snapshots like the records themselves. Answered by
 * the partition's leader once the entry is committed and applied there, with the new log start
 * offset as low watermark. An offset above the high watermark (or below -1) is OFFSET_OUT_OF_RANGE,
 * a partition this node does not lead NOT_LEADER_OR_FOLLOWER, one that does not exist
 * UNKNOWN_TOPIC_OR_PARTITION, and a cluster with a node that cannot apply the entry yet (a rolling
 * upgrade, {@link EntryFormat#DELETE_RECORDS}) UNSUPPORTED_VERSION. The partitions of one Raft
 * group share one entry.
 */
public final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequest> {
  private final BrokerServices services;

  public DeleteRecordsHandler(BrokerServices services) {
    this.services = services;
  }

  /** The partitions of one group to delete from, with their results to fill in. */
  private record GroupDeletion(
      List<PartitionEntry.Deletion> deletions, List<DeleteRecordsPartitionResult> results) {}

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, DeleteRecordsRequest request) {
    DeleteRecordsResponseData data = new DeleteRecordsResponseData();
    Map<String, GroupDeletion> byGroup = new LinkedHashMap<>();
    boolean levelOk = EntryFormat.clusterLevel(services.image()) >= EntryFormat.DELETE_RECORDS;
    for (DeleteRecordsTopic topic : request.data().topics()) {
      DeleteRecordsTopicResult topicOut = new DeleteRecordsTopicResult().setName(topic.name());
      data.topics().add(topicOut);
      Optional<TopicInfo> info = services.image().topic(topic.name());
      for (DeleteRecordsPartition p : topic.partitions()) {
        DeleteRecordsPartitionResult out =
            new DeleteRecordsPartitionResult()
                .setPartitionIndex(p.partitionIndex())
                .setLowWatermark(-1);
        topicOut.partitions().add(out);
        if (info.isEmpty()
            || p.partitionIndex() < 0
            || p.partitionIndex() >= info.get().partitions().size()) {
          out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
          continue;
        }
        PartitionAssignment assignment = info.get().partitions().get(p.partitionIndex());
        Optional<GroupStatus> status = services.groups().status(assignment.groupId());
        Optional<PartitionReplica> replica =
            services.replicas().replica(new TopicPartition(topic.name(), p.partitionIndex()));
        if (status.isEmpty()
            || !status.get().isLeader()
            || status.get().isLeaderNotReady()
            || replica.isEmpty()) {
          out.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
          continue;
        }
        long highWatermark = replica.get().highWatermark();
        long offset =
            p.offset() == DeleteRecordsRequest.HIGH_WATERMARK ? highWatermark : p.offset();
        if (offset < 0 || offset > highWatermark) {
          out.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code())
              .setLowWatermark(replica.get().log().logStartOffset());
          continue;
        }
        if (!levelOk) {
          out.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
          continue;
        }
        GroupDeletion g =
            byGroup.computeIfAbsent(
                assignment.groupId(),
                id -> new GroupDeletion(new ArrayList<>(), new ArrayList<>()));
        g.deletions().add(new PartitionEntry.Deletion(p.partitionIndex(), offset));
        g.results().add(out);
      }
    }
    long timeoutMs = Math.max(1, request.data().timeoutMs());
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    byGroup.forEach(
        (groupId, g) ->
            pending.add(
                services
                    .groups()
                    .submit(
                        groupId,
                        PartitionEntry.deleteRecords(System.currentTimeMillis(), g.deletions()))
                    .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                    .handle(
                        (reply, failure) -> {
                          fill(g, reply, failure);
                          return null;
                        })));
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(v -> new DeleteRecordsResponse(data));
  }

  private static void fill(GroupDeletion g, ByteBuffer reply, Throwable failure) {
    if (failure != null) {
      Errors error = KafkaErrors.of(failure);
      g.results().forEach(r -> r.setErrorCode(error.code()));
      return;
    }
    List<PartitionEntry.Reply> replies = PartitionEntry.repliesOf(reply, g.results().size());
    for (int i = 0; i < replies.size(); i++) {
      PartitionEntry.Reply r = replies.get(i);
      g.results()
          .get(i)
          .setErrorCode(
              (r.error() == Errors.CORRUPT_MESSAGE ? Errors.UNKNOWN_SERVER_ERROR : r.error())
                  .code())
          .setLowWatermark(r.logStartOffset());
    }
  }
}
