package io.chronik.broker.kafka.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

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
import io.chronik.broker.replication.GroupHost;
import io.chronik.broker.replication.GroupStatus;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What DeleteRecords proposes to each group and answers for each partition. */
class DeleteRecordsHandlerTest {
  // partitions 0 and 1 of "orders" share group A, led here; partition 2 is in group B, not led
  private static final String GROUP_A = "5e0c2b1a-0000-4000-8000-00000000000a";
  private static final String GROUP_B = "5e0c2b1a-0000-4000-8000-00000000000b";
  private static final TopicInfo ORDERS =
      new TopicInfo(
          "orders",
          "AAAAAAAAAAAAAAAAAAAAAA",
          List.of(
              new PartitionAssignment(0, GROUP_A, List.of(1)),
              new PartitionAssignment(1, GROUP_A, List.of(1)),
              new PartitionAssignment(2, GROUP_B, List.of(1))),
          Map.of());

  @TempDir Path dir;
  private ReplicaManager replicas;
  private final Groups groups = new Groups();
  private int level = EntryFormat.SUPPORTED;

  @AfterEach
  void close() {
    if (replicas != null) {
      replicas.close();
    }
  }

  @Test
  void shouldProposeOneEntryPerGroupAndAnswerTheNewLogStartOfEachPartition() throws Exception {
    // given: 5 records in each of partitions 0 and 1
    start();
    for (int p = 0; p < 2; p++) {
      for (int i = 0; i < 5; i++) {
        groups.apply(
            GROUP_A,
            PartitionEntry.groupAppend(
                1L, List.of(new PartitionEntry.PartitionAppend(p, records(i)))));
      }
    }

    // when: 0 up to offset 3, 1 up to the high watermark (-1), and partitions not led here or
    // that do not exist
    DeleteRecordsResponse response =
        handle(
            topic("orders", partition(0, 3), partition(1, -1), partition(2, 1), partition(9, 1)),
            topic("nosuch", partition(0, 1)));

    // then
    assertThat(results(response))
        .containsExactlyInAnyOrder(
            tuple("orders", 0, Errors.NONE, 3L),
            tuple("orders", 1, Errors.NONE, 5L),
            tuple("orders", 2, Errors.NOT_LEADER_OR_FOLLOWER, -1L),
            tuple("orders", 9, Errors.UNKNOWN_TOPIC_OR_PARTITION, -1L),
            tuple("nosuch", 0, Errors.UNKNOWN_TOPIC_OR_PARTITION, -1L));
    assertThat(groups.submitted).containsExactly(GROUP_A);
    assertThat(replicas.replica(new TopicPartition("orders", 1)).orElseThrow().log())
        .satisfies(log -> assertThat(log.logStartOffset()).isEqualTo(5));
  }

  @Test
  void shouldRefuseAnOffsetAboveTheHighWatermarkWithoutProposingAnything() throws Exception {
    // given: 2 records in partition 0
    start();
    for (int i = 0; i < 2; i++) {
      groups.apply(
          GROUP_A,
          PartitionEntry.groupAppend(
              1L, List.of(new PartitionEntry.PartitionAppend(0, records(i)))));
    }

    // when
    DeleteRecordsResponse response = handle(topic("orders", partition(0, 3), partition(1, -2)));

    // then
    assertThat(results(response))
        .containsExactlyInAnyOrder(
            tuple("orders", 0, Errors.OFFSET_OUT_OF_RANGE, 0L),
            tuple("orders", 1, Errors.OFFSET_OUT_OF_RANGE, 0L));
    assertThat(groups.submitted).isEmpty();
  }

  @Test
  void shouldAnswerUnsupportedVersionWhileANodeCannotApplyTheEntry() throws Exception {
    // given: a node of the release before delete-records entries is registered
    level = EntryFormat.GROUP_APPEND;
    start();

    // when
    DeleteRecordsResponse response = handle(topic("orders", partition(0, 0)));

    // then
    assertThat(results(response))
        .containsExactly(tuple("orders", 0, Errors.UNSUPPORTED_VERSION, -1L));
    assertThat(groups.submitted).isEmpty();
  }

  private void start() throws Exception {
    replicas = new ReplicaManager(dir.resolve("partitions"), 1, LogConfig.defaults());
    replicas.reconcile(image(), groups);
    replicas.open(GROUP_A);
    replicas.open(GROUP_B);
  }

  private MetadataImage image() {
    return KafkaApisFixture.image(
        Map.of(1, new BrokerInfo(1, "h", 1, 2, 3, "", "i", level)),
        Map.of("orders", ORDERS),
        Map.of());
  }

  private DeleteRecordsResponse handle(DeleteRecordsTopic... topics) throws Exception {
    MetadataImage image = image();
    BrokerServices services =
        KafkaApisFixture.services(KafkaApisFixture.metadata(() -> image), replicas, groups, 1, 1L);
    DeleteRecordsRequest request =
        new DeleteRecordsRequest.Builder(
                new DeleteRecordsRequestData().setTimeoutMs(5_000).setTopics(List.of(topics)))
            .build((short) 2);
    RequestContext context =
        new RequestContext(
            new RequestHeader(ApiKeys.DELETE_RECORDS, (short) 2, "test", 1), "127.0.0.1", 1);
    return (DeleteRecordsResponse)
        new DeleteRecordsHandler(services).handle(context, request).get(10, TimeUnit.SECONDS);
  }

  private static DeleteRecordsTopic topic(String name, DeleteRecordsPartition... partitions) {
    return new DeleteRecordsTopic().setName(name).setPartitions(List.of(partitions));
  }

  private static DeleteRecordsPartition partition(int index, long offset) {
    return new DeleteRecordsPartition().setPartitionIndex(index).setOffset(offset);
  }

  private static List<org.assertj.core.groups.Tuple> results(DeleteRecordsResponse response) {
    List<org.assertj.core.groups.Tuple> out = new ArrayList<>();
    for (DeleteRecordsTopicResult t : response.data().topics()) {
      for (DeleteRecordsPartitionResult p : t.partitions()) {
        out.add(
            tuple(t.name(), p.partitionIndex(), Errors.forCode(p.errorCode()), p.lowWatermark()));
      }
    }
    return out;
  }

  private static ByteBuffer records(int i) {
    return MemoryRecords.withRecords(
            Compression.NONE, new SimpleRecord(1_000L + i, null, ("v" + i).getBytes()))
        .buffer();
  }

  /** Leads group A only; applies what is submitted to the local replicas, as Raft would. */
  private final class Groups implements GroupHost {
    final List<String> submitted = new ArrayList<>();
    final Set<String> local = new HashSet<>();

    ByteBuffer apply(String groupId, ByteBuffer entry) {
      return replicas.group(groupId).orElseThrow().applyEntry(entry, 1);
    }

    @Override
    public CompletableFuture<ByteBuffer> submit(String groupId, ByteBuffer payload) {
      submitted.add(groupId);
      return CompletableFuture.completedFuture(apply(groupId, payload));
    }

    @Override
    public CompletableFuture<Void> readBarrier(String groupId) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addGroup(String groupId, List<Integer> members) {
      local.add(groupId);
    }

    @Override
    public void removeGroup(String groupId) {
      local.remove(groupId);
    }

    @Override
    public Set<String> localGroups() {
      return Set.copyOf(local);
    }

    @Override
    public Optional<GroupStatus> status(String groupId) {
      boolean leads = GROUP_A.equals(groupId);
      return Optional.of(
          new GroupStatus(
              groupId,
              "partition",
              leads ? "LEADER" : "FOLLOWER",
              leads,
              leads ? 1 : 2,
              1,
              0,
              0,
              0,
              0,
              -1,
              List.of()));
    }

    @Override
    public List<GroupStatus> statuses() {
      return List.of();
    }
  }
}
