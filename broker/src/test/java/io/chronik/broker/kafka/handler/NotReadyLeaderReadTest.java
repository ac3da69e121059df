package io.chronik.broker.kafka.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.KafkaApisFixture;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.log.LogConfig;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.partition.EntryFormat;
import io.chronik.broker.partition.PartitionEntry;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.replication.GroupStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node elected leader of a partition's group has not necessarily applied what the previous leader
 * committed: until it is ready (it committed an entry of its term, so it applied every earlier one)
 * its log may end below offsets that consumers already read from the previous leader. Fetch and
 * OffsetForLeaderEpoch then answer NOT_LEADER_OR_FOLLOWER and ListOffsets OFFSET_NOT_AVAILABLE,
 * which clients retry, not OFFSET_OUT_OF_RANGE (a consumer resets its position: to the end with the
 * default policy, skipping records) or an epoch end offset below the consumer's position (a
 * truncation it would act on).
 */
class NotReadyLeaderReadTest {
  private static final String GROUP = "5e0c2b1a-0000-4000-8000-0000000000aa";
  private static final TopicPartition TP = new TopicPartition("orders", 0);
  private static final TopicInfo ORDERS =
      new TopicInfo(
          "orders",
          "AAAAAAAAAAAAAAAAAAAAAA",
          List.of(new PartitionAssignment(0, GROUP, List.of(1))),
          Map.of());

  @TempDir Path dir;
  private ReplicaManager replicas;
  private boolean ready;
  private String role = "LEADER";

  @AfterEach
  void close() {
    if (replicas != null) {
      replicas.close();
    }
  }

  @Test
  void shouldAnswerNotLeaderWhenAnElectedLeaderIsNotReadyForAFetchAboveItsLog() throws Exception {
    // given: a new leader that applied 2 records while the last leader had committed more
    start(false);

    // when: a consumer that read up to offset 5 from the last leader fetches from it
    FetchResponseData.PartitionData answer = fetch(5);

    // then: it retries, without resetting its position
    assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
  }

  @Test
  void shouldServeAFetchWhenTheLeaderIsReady() throws Exception {
    // given
    start(true);

    // when / then: its log is whole; above its end is out of range, as on a Kafka leader
    assertThat(Errors.forCode(fetch(0).errorCode())).isEqualTo(Errors.NONE);
    assertThat(fetch(0).records().sizeInBytes()).isPositive();
    assertThat(Errors.forCode(fetch(5).errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
  }

  @Test
  void shouldAnswerNotLeaderWhenAnElectedLeaderIsNotReadyForAnEpochEndOffset() throws Exception {
    // given
    start(false);

    // when
    EpochEndOffset notReady = epochEnd();
    ready = true;
    EpochEndOffset whenReady = epochEnd();

    // then
    assertThat(Errors.forCode(notReady.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    assertThat(Errors.forCode(whenReady.errorCode())).isEqualTo(Errors.NONE);
    assertThat(whenReady.endOffset()).isEqualTo(2);
  }

  @Test
  void shouldAnswerOffsetNotAvailableWhenAnElectedLeaderIsNotReadyForListOffsets()
      throws Exception {
    // given
    start(false);

    // when
    ListOffsetsPartitionResponse latest = listOffsets(7, ListOffsetsRequest.LATEST_TIMESTAMP, -1);
    ListOffsetsPartitionResponse old = listOffsets(4, ListOffsetsRequest.LATEST_TIMESTAMP, -1);
    ready = true;
    ListOffsetsPartitionResponse whenReady =
        listOffsets(7, ListOffsetsRequest.LATEST_TIMESTAMP, -1);

    // then: errors the client retries, as a Kafka leader answers while its high watermark is
    // below its epoch's start; once ready, the end of the log
    assertThat(Errors.forCode(latest.errorCode())).isEqualTo(Errors.OFFSET_NOT_AVAILABLE);
    assertThat(Errors.forCode(old.errorCode())).isEqualTo(Errors.LEADER_NOT_AVAILABLE);
    assertThat(Errors.forCode(whenReady.errorCode())).isEqualTo(Errors.NONE);
    assertThat(whenReady.offset()).isEqualTo(2);
  }

  @Test
  void shouldSendAClientToTheLeaderWhenAFollowerIsAskedForOffsetsOrAnEpochEnd() throws Exception {
    // given: this node follows in the partition's group, with all it was told is committed
    start(true);
    role = "FOLLOWER";

    // when
    ListOffsetsPartitionResponse consumer =
        listOffsets(7, ListOffsetsRequest.EARLIEST_TIMESTAMP, -1);
    ListOffsetsPartitionResponse debugging =
        listOffsets(7, ListOffsetsRequest.EARLIEST_TIMESTAMP, -2);
    EpochEndOffset epoch = epochEnd();
    // before v3 the request carries no replica id (it reads -2, the debugging one)
    EpochEndOffset oldEpoch = epochEnd(2);

    // then: as on a Kafka follower, only a debugging ListOffsets is answered there
    assertThat(Errors.forCode(consumer.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    assertThat(Errors.forCode(epoch.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    assertThat(Errors.forCode(oldEpoch.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    assertThat(Errors.forCode(debugging.errorCode())).isEqualTo(Errors.NONE);
    assertThat(debugging.offset()).isZero();
  }

  private void start(boolean leaderReady) throws Exception {
    ready = leaderReady;
    replicas = new ReplicaManager(dir.resolve("partitions"), 1, LogConfig.defaults());
    replicas.reconcile(image(), new KafkaApisFixture.NoGroups());
    replicas.open(GROUP);
    replicas
        .group(GROUP)
        .orElseThrow()
        .applyEntry(
            PartitionEntry.append(
                1_000L,
                MemoryRecords.withRecords(
                        Compression.NONE,
                        new SimpleRecord(1_000L, null, "a".getBytes()),
                        new SimpleRecord(1_000L, null, "b".getBytes()))
                    .buffer()),
            1);
  }

  private MetadataImage image() {
    return KafkaApisFixture.image(
        Map.of(1, new BrokerInfo(1, "h", 1, 2, 3, "", "i", EntryFormat.SUPPORTED)),
        Map.of("orders", ORDERS),
        Map.of());
  }

  private BrokerServices services() {
    return KafkaApisFixture.services(
        KafkaApisFixture.metadata(this::image), replicas, new LeaderHere(), 1, 1L);
  }

  private FetchResponseData.PartitionData fetch(long offset) throws Exception {
    short version = 12;
    FetchRequest request =
        FetchRequest.Builder.forConsumer(
                version,
                0,
                1,
                Map.of(
                    TP,
                    new FetchRequest.PartitionData(
                        Uuid.ZERO_UUID, offset, 0, 1 << 20, Optional.empty())))
            .build(version);
    FetchResponse response =
        (FetchResponse)
            new FetchHandler(services())
                .handle(context(ApiKeys.FETCH, version), request)
                .get(10, TimeUnit.SECONDS);
    return response.responseData(Map.of(), version).get(TP);
  }

  private EpochEndOffset epochEnd() throws Exception {
    return epochEnd(4);
  }

  private EpochEndOffset epochEnd(int version) throws Exception {
    OffsetForLeaderTopicCollection topics = new OffsetForLeaderTopicCollection();
    topics.add(
        new OffsetForLeaderTopic()
            .setTopic(TP.topic())
            .setPartitions(
                List.of(
                    new OffsetForLeaderPartition()
                        .setPartition(0)
                        .setLeaderEpoch(1)
                        .setCurrentLeaderEpoch(-1))));
    // parsed from the wire, as the consumer builder sends nothing below v3
    OffsetForLeaderEpochRequestData data =
        new OffsetForLeaderEpochRequestData().setReplicaId(-1).setTopics(topics);
    OffsetsForLeaderEpochResponse response =
        (OffsetsForLeaderEpochResponse)
            new OffsetForLeaderEpochHandler(services())
                .handle(
                    context(ApiKeys.OFFSET_FOR_LEADER_EPOCH, (short) version),
                    OffsetsForLeaderEpochRequest.parse(
                        MessageUtil.toByteBuffer(data, (short) version), (short) version))
                .get(10, TimeUnit.SECONDS);
    return response.data().topics().find(TP.topic()).partitions().get(0);
  }

  private ListOffsetsPartitionResponse listOffsets(int version, long timestamp, int replicaId)
      throws Exception {
    ListOffsetsRequestData data =
        new ListOffsetsRequestData()
            .setReplicaId(replicaId)
            .setTopics(
                List.of(
                    new ListOffsetsTopic()
                        .setName(TP.topic())
                        .setPartitions(
                            List.of(
                                new ListOffsetsPartition()
                                    .setPartitionIndex(0)
                                    .setTimestamp(timestamp)
                                    .setCurrentLeaderEpoch(-1)))));
    ListOffsetsResponse response =
        (ListOffsetsResponse)
            new ListOffsetsHandler(services())
                .handle(
                    context(ApiKeys.LIST_OFFSETS, (short) version),
                    ListOffsetsRequest.parse(
                        MessageUtil.toByteBuffer(data, (short) version), (short) version))
                .get(10, TimeUnit.SECONDS);
    return response.data().topics().get(0).partitions().get(0);
  }

  private static RequestContext context(ApiKeys key, short version) {
    return new RequestContext(new RequestHeader(key, version, "test", 1), "127.0.0.1", 1);
  }

  /** This node leads the group or follows in it, ready or not, as the test says. */
  private final class LeaderHere extends KafkaApisFixture.NoGroups {
    @Override
    public Optional<GroupStatus> status(String groupId) {
      return Optional.of(
          new GroupStatus(groupId, "partition", role, ready, 1, 1, 0, 0, 0, 0, -1, List.of()));
    }
  }
}
