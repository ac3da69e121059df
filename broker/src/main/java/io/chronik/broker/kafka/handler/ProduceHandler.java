package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.KafkaErrors;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.log.BatchValidator;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.partition.EntryFormat;
import io.chronik.broker.partition.GroupReplicas;
import io.chronik.broker.partition.PartitionAppender;
import io.chronik.broker.partition.PartitionEntry;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.replication.InSyncReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;

/**
 * Produce: validates every batch (CRC-32C, magic v2, sizes) and proposes each partition's batches,
 * unchanged, to the partition's group through the {@link PartitionAppender}, which folds the
 * appends that queue up for a partition into one Raft entry. The partition answers once its entry
 * is committed and applied, whatever {@code acks} says (acks=1 is as strong as acks=all); acks=0
 * gets no response.
 */
public final class ProduceHandler implements ApiHandler<ProduceRequest> {
  /** Kafka's default {@code max.message.bytes}: the largest batch a topic accepts. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1048588;

  /** How long a group's Raft state may be reused for the in-sync check. */
  static final long STATUS_REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final BrokerServices services;
  private final PartitionAppender appender;
  private final Map<String, RecentStatus> recentStatuses = new ConcurrentHashMap<>();

  public ProduceHandler(BrokerServices services) {
    this.services = services;
    // one entry in flight per partition: appends that arrive meanwhile go out together in the next
    // (two in flight cost ~15% more CPU per MiB on a 3-node cluster, docs/performance.md)
    // multi-append entries only while every registered node applies them (rolling upgrades)
    this.appender =
        new PartitionAppender(
            services.groups(),
            1,
            System::currentTimeMillis,
            () -> EntryFormat.clusterLevel(services.image()) >= EntryFormat.MULTI_APPEND);
    // per-partition state goes with the replica when it leaves this node
    if (services.replicas() != null) {
      services
          .replicas()
          .onClosed(
              groupId -> {
                appender.forget(groupId);
                recentStatuses.remove(groupId);
              });
    }
  }

  /**
   * The in-sync replicas of a group this node leads, or -1 when it does not lead it (the submit
   * then answers NOT_LEADER_OR_FOLLOWER). Reading a group's Raft state builds several protobuf
   * messages, which cost about a tenth of a broker's CPU when done for every produced batch, so a
   * state younger than {@link #STATUS_REUSE_NANOS} is reused: the in-sync set changes on the scale
   * of seconds (a follower falls out after missing its heartbeats).
   */
  /** Whether the group carries several partitions (a map lookup, not a scan of the topic). */
  private boolean sharedGroup(String groupId) {
    return services.replicas().group(groupId).map(GroupReplicas::shared).orElse(false);
  }

  private int inSyncReplicas(String groupId, List<Integer> replicas) {
    long now = System.nanoTime();
    RecentStatus recent = recentStatuses.get(groupId);
    if (recent == null || now - recent.atNanos() > STATUS_REUSE_NANOS) {
      Optional<GroupStatus> status = services.groups().status(groupId);
      if (status.isEmpty()) {
        recentStatuses.remove(groupId);
        return -1;
      }
      recent = new RecentStatus(status.get(), now);
      recentStatuses.put(groupId, recent);
    }
    return recent.status().isLeader()
        ? InSyncReplicas.of(recent.status(), replicas, services.image().fenced()).size()
        : -1;
  }

  private record RecentStatus(GroupStatus status, long atNanos) {}

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, ProduceRequest request) {
    ProduceRequestData data = request.data();
    if (data.transactionalId() != null) {
      return CompletableFuture.completedFuture(
          request.getErrorResponse(
              Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.exception(
                  "transactions are not supported by chronik")));
    }
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    ProduceResponseData response = new ProduceResponseData();
    for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
      TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topic.name());
      response.responses().add(topicResponse);
      for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
        PartitionProduceResponse out =
            new PartitionProduceResponse()
                .setIndex(partition.index())
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
        topicResponse.partitionResponses().add(out);
        pending.add(produce(topic.name(), partition, data.acks(), out));
      }
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    if (data.acks() == 0) {
      return all.thenApply(v -> null);
    }
    return all.thenApply(v -> new ProduceResponse(response));
  }

  private int maxMessageBytes(TopicInfo topic) {
    String v = topic.configs().get("max.message.bytes");
    return v == null ? DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(v);
  }

  /** Whether the topic's cleanup.policy compacts (a map lookup and a scan of a short string). */
  static boolean compacted(TopicInfo topic) {
    String policy = topic.configs().get("cleanup.policy");
    return policy != null && policy.contains("compact");
  }

  /**
   * Kafka's rule for a compacted topic: every record needs a key. Refuses the partition's batch
   * with INVALID_RECORD, naming each keyless record by its index in the batch (the producer fails
   * those records with the message), when one has none. Reads the records, decompressing the batch
   * if it is compressed: only for compacted topics.
   */
  private static boolean refuseKeyless(
      MemoryRecords records, TopicPartition tp, PartitionProduceResponse out) {
    List<ProduceResponseData.BatchIndexAndErrorMessage> keyless = new ArrayList<>();
    try {
      for (RecordBatch batch : records.batches()) {
        int index = 0;
        try (CloseableIterator<Record> it = batch.streamingIterator(DECOMPRESSION.get())) {
          while (it.hasNext()) {
            if (!it.next().hasKey()) {
              keyless.add(
                  new ProduceResponseData.BatchIndexAndErrorMessage()
                      .setBatchIndex(index)
                      .setBatchIndexErrorMessage(
                          "Compacted topic cannot accept message without key in topic partition "
                              + tp
                              + "."));
            }
            index++;
          }
        }
      }
    } catch (KafkaException e) {
      // a compressed payload that does not decompress, under a valid CRC
      out.setErrorCode(Errors.CORRUPT_MESSAGE.code())
          .setErrorMessage("the records of the batch cannot be read: " + e.getMessage());
      return true;
    }
    if (keyless.isEmpty()) {
      return false;
    }
    out.setErrorCode(Errors.INVALID_RECORD.code())
        .setErrorMessage(
            "One or more records have been rejected due to "
                + keyless.size()
                + " record errors in total: Compacted topic cannot accept message without key in"
                + " topic partition "
                + tp
                + ".")
        .setRecordErrors(keyless);
    return true;
  }

  /** Decompression buffers of the keyless-record check, one set per event-loop thread. */
  private static final ThreadLocal<BufferSupplier> DECOMPRESSION =
      ThreadLocal.withInitial(BufferSupplier::create);

  private CompletableFuture<Void> produce(
      String topic,
      ProduceRequestData.PartitionProduceData partition,
      short acks,
      PartitionProduceResponse out) {
    TopicPartition tp = new TopicPartition(topic, partition.index());
    Optional<TopicInfo> info = services.image().topic(topic);
    if (info.isEmpty()
        || partition.index() < 0
        || partition.index() >= info.get().partitions().size()) {
      out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
      return CompletableFuture.completedFuture(null);
    }
    Optional<PartitionReplica> replica = services.replicas().replica(tp);
    if (replica.isEmpty()) {
      out.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
      return CompletableFuture.completedFuture(null);
    }
    MemoryRecords records = (MemoryRecords) partition.records();
    if (records == null || records.sizeInBytes() == 0) {
      out.setErrorCode(Errors.INVALID_RECORD.code()).setErrorMessage("no record batches");
      return CompletableFuture.completedFuture(null);
    }
    if (records.sizeInBytes() > PartitionEntry.MAX_RECORDS_BYTES) {
      out.setErrorCode(Errors.MESSAGE_TOO_LARGE.code())
          .setErrorMessage(
              records.sizeInBytes()
                  + " bytes for one partition exceed "
                  + PartitionEntry.MAX_RECORDS_BYTES);
      return CompletableFuture.completedFuture(null);
    }
    try {
      BatchValidator.validate(records, maxMessageBytes(info.get()));
    } catch (ApiException e) {
      out.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
      return CompletableFuture.completedFuture(null);
    }
    int batches = 0;
    for (RecordBatch batch : records.batches()) {
      batches++;
      if (batch.isTransactional() || batch.isControlBatch()) {
        out.setErrorCode(Errors.INVALID_RECORD.code())
            .setErrorMessage("transactional batches are not supported by chronik");
        return CompletableFuture.completedFuture(null);
      }
    }
    if (batches != 1) {
      // Kafka's rule for Produce v3+: exactly one batch per partition
      out.setErrorCode(Errors.INVALID_RECORD.code())
          .setErrorMessage("expected exactly one record batch per partition, got " + batches);
      return CompletableFuture.completedFuture(null);
    }
    if (compacted(info.get()) && refuseKeyless(records, tp, out)) {
      return CompletableFuture.completedFuture(null);
    }
    String groupId = replica.get().identity().groupId();
    if (acks == -1) {
      int minIsr = Integer.parseInt(info.get().configs().getOrDefault("min.insync.replicas", "1"));
      // the leader is always in sync, so one replica needs no look at the followers
      if (minIsr > 1) {
        int isr =
            inSyncReplicas(groupId, info.get().partitions().get(partition.index()).replicas());
        if (isr >= 0 && isr < minIsr) {
          out.setErrorCode(Errors.NOT_ENOUGH_REPLICAS.code())
              .setErrorMessage(isr + " in-sync replicas, min.insync.replicas is " + minIsr);
          return CompletableFuture.completedFuture(null);
        }
      }
    }
    return appender
        .append(groupId, sharedGroup(groupId), partition.index(), records.buffer())
        .handle(
            (r, error) -> {
              if (error != null) {
                out.setErrorCode(KafkaErrors.of(error).code());
                return null;
              }
              out.setErrorCode(r.error().code())
                  .setBaseOffset(r.baseOffset())
                  .setLogStartOffset(r.logStartOffset());
              return null;
            });
  }
}
