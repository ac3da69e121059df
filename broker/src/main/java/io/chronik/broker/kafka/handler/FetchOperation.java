package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.log.FetchData;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.replication.InSyncReplicas;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * One Fetch request in flight. {@link #start} reads once; if that is enough (or the client does not
 * want to wait) it answers at once, otherwise it listens for appends on the fetched partitions and
 * reads again when one arrives or the wait expires. Reads and the answer run on the connection's
 * context; completion happens exactly once.
 */
final class FetchOperation {
  private final BrokerServices services;
  private final FetchRequest request;
  private final Context context;
  private final CompletableFuture<AbstractResponse> result = new CompletableFuture<>();
  private final List<PartitionReplica> watched = new ArrayList<>();
  private final Runnable onAppend = this::wake;
  private long timerId = -1;
  private boolean done;
  private boolean wakePending;
  private final java.util.Set<String> unsynced = java.util.concurrent.ConcurrentHashMap.newKeySet();

  FetchOperation(BrokerServices services, FetchRequest request, Context context) {
    this.services = services;
    this.request = request;
    this.context = context;
  }

  /**
   * Starts the fetch. Partitions this node holds as a follower are read only after a Raft read
   * barrier (the leader's commit index at this moment is applied here), so a consumer reading from
   * a follower sees every write acknowledged before its fetch; a follower that cannot reach the
   * leader answers NOT_LEADER_OR_FOLLOWER for that partition, and so does a leader that is not
   * ready yet (Metadata names no leader for it then either). A partition whose {@code
   * currentLeaderEpoch} is not the current one here is answered with FENCED_LEADER_EPOCH or
   * UNKNOWN_LEADER_EPOCH ({@link LeaderEpochCheck}) without a barrier, at every read.
   */
  CompletableFuture<AbstractResponse> start() {
    List<CompletableFuture<Void>> barriers = new ArrayList<>();
    for (FetchRequestData.FetchTopic topic : request.data().topics()) {
      for (FetchRequestData.FetchPartition p : topic.partitions()) {
        services
            .replicas()
            .replica(new TopicPartition(topic.topic(), p.partition()))
            .ifPresent(
                r -> {
                  if (LeaderEpochCheck.check(p.currentLeaderEpoch(), r.leaderEpoch())
                      != Errors.NONE) {
                    return; // answered with the epoch error: nothing to wait for
                  }
                  String groupId = r.identity().groupId();
                  Optional<GroupStatus> status = services.groups().status(groupId);
                  if (status.map(GroupStatus::isLeaderNotReady).orElse(false)) {
                    // elected, but not yet applied what the last leader committed: its log may
                    // end below offsets consumers already read there (OFFSET_OUT_OF_RANGE)
                    unsynced.add(groupId);
                    return;
                  }
                  if (!status.map(GroupStatus::isLeader).orElse(false)) {
                    barriers.add(
                        services
                            .groups()
                            .readBarrier(groupId)
                            .exceptionally(
                                e -> {
                                  unsynced.add(groupId);
                                  return null;
                                }));
                  }
                });
      }
    }
    if (barriers.isEmpty()) {
      return begin();
    }
    services.metrics().followerFetch();
    CompletableFuture.allOf(barriers.toArray(CompletableFuture[]::new))
        .whenComplete((v, e) -> context.runOnContext(x -> begin()));
    return result;
  }

  private CompletableFuture<AbstractResponse> begin() {
    Attempt first = read();
    int maxWait = Math.max(0, request.maxWait());
    if (first.bytes >= Math.max(1, request.minBytes())
        || maxWait == 0
        || first.hasError
        || first.partitions == 0) {
      result.complete(first.response);
      return result;
    }
    for (FetchRequestData.FetchTopic topic : request.data().topics()) {
      for (FetchRequestData.FetchPartition p : topic.partitions()) {
        services
            .replicas()
            .replica(new TopicPartition(topic.topic(), p.partition()))
            .ifPresent(
                r -> {
                  watched.add(r);
                  r.addAppendListener(onAppend);
                });
      }
    }
    timerId = services.vertx().setTimer(maxWait, id -> context.runOnContext(v -> finish(true)));
    // an append may have landed between the first read and the listener registration
    wake();
    return result;
  }

  private void wake() {
    context.runOnContext(
        v -> {
          if (!done) {
            finish(false);
          }
        });
  }

  private void finish(boolean timedOut) {
    if (done) {
      return;
    }
    Attempt attempt = read();
    if (!timedOut && attempt.bytes < Math.max(1, request.minBytes()) && !attempt.hasError) {
      return;
    }
    done = true;
    watched.forEach(r -> r.removeAppendListener(onAppend));
    if (timerId >= 0) {
      services.vertx().cancelTimer(timerId);
    }
    result.complete(attempt.response);
  }

  /** A replica in the consumer's rack to read from instead of this leader, or -1. */
  private int preferredReadReplica(String topic, int partition, PartitionReplica r) {
    String rack = request.version() >= 11 ? request.rackId() : null;
    if (rack == null || rack.isEmpty() || !FetchRequest.isConsumer(request.replicaId())) {
      return -1;
    }
    var status = services.groups().status(r.identity().groupId());
    if (status.isEmpty() || !status.get().isLeader()) {
      return -1;
    }
    var self = services.image().brokers().get(services.nodeId());
    if (self != null && rack.equals(self.rack())) {
      return -1;
    }
    var topicInfo = services.image().topic(topic);
    if (topicInfo.isEmpty() || partition >= topicInfo.get().partitions().size()) {
      return -1;
    }
    for (int replica :
        InSyncReplicas.of(
            status.get(),
            topicInfo.get().partitions().get(partition).replicas(),
            services.image().fenced())) {
      var b = services.image().brokers().get(replica);
      if (replica != services.nodeId() && b != null && rack.equals(b.rack())) {
        return replica;
      }
    }
    return -1;
  }

  private record Attempt(AbstractResponse response, int bytes, boolean hasError, int partitions) {}

  private Attempt read() {
    FetchResponseData data =
        new FetchResponseData()
            .setSessionId(org.apache.kafka.common.requests.FetchMetadata.INVALID_SESSION_ID);
    int remaining = request.maxBytes() <= 0 ? Integer.MAX_VALUE : request.maxBytes();
    int total = 0;
    int partitions = 0;
    boolean error = false;
    for (FetchRequestData.FetchTopic topic : request.data().topics()) {
      FetchResponseData.FetchableTopicResponse topicOut =
          new FetchResponseData.FetchableTopicResponse()
              .setTopic(topic.topic())
              .setTopicId(topic.topicId());
      data.responses().add(topicOut);
      for (FetchRequestData.FetchPartition p : topic.partitions()) {
        partitions++;
        FetchResponseData.PartitionData out =
            new FetchResponseData.PartitionData()
                .setPartitionIndex(p.partition())
                .setHighWatermark(-1)
                .setLastStableOffset(-1)
                .setLogStartOffset(-1)
                .setRecords(MemoryRecords.EMPTY);
        topicOut.partitions().add(out);
        Optional<PartitionReplica> replica =
            services.replicas().replica(new TopicPartition(topic.topic(), p.partition()));
        if (replica.isEmpty()) {
          boolean known =
              services
                  .image()
                  .topic(topic.topic())
                  .map(t -> p.partition() < t.partitions().size())
                  .orElse(false);
          out.setErrorCode(
              (known ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
          error = true;
          continue;
        }
        PartitionReplica r = replica.get();
        Errors epochError = LeaderEpochCheck.check(p.currentLeaderEpoch(), r.leaderEpoch());
        if (epochError != Errors.NONE) {
          out.setErrorCode(epochError.code());
          error = true;
          continue;
        }
        if (unsynced.contains(r.identity().groupId())) {
          out.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
          error = true;
          continue;
        }
        long hw = r.highWatermark();
        int preferred = preferredReadReplica(topic.topic(), p.partition(), r);
        if (preferred >= 0) {
          // KIP-392: a replica in the consumer's rack serves it; this answer carries no records
          out.setHighWatermark(hw)
              .setLastStableOffset(hw)
              .setLogStartOffset(r.log().logStartOffset())
              .setPreferredReadReplica(preferred);
          continue;
        }
        out.setHighWatermark(hw)
            .setLastStableOffset(hw)
            .setLogStartOffset(r.log().logStartOffset());
        if (p.fetchOffset() == hw || remaining <= 0) {
          continue;
        }
        try {
          int limit = Math.min(p.partitionMaxBytes(), remaining);
          FetchData fetched = r.log().read(p.fetchOffset(), limit, hw, total == 0);
          int size = fetched.records().sizeInBytes();
          out.setRecords(fetched.records());
          total += size;
          remaining -= size;
        } catch (OffsetOutOfRangeException e) {
          out.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
          error = true;
        }
      }
    }
    return new Attempt(new FetchResponse(data), total, error, partitions);
  }
}
