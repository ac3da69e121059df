package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka admin APIs whose behaviour depends on the cluster, on a real 3-node cluster. */
class AdminApisClusterIT {
  @TempDir Path dir;
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void shouldElectThePreferredLeaderOnlyWhenItIsLiveAndAnswerThroughAnyNode() throws Exception {
    // given: a partition led by its preferred leader
    cluster.start(dir, 3);
    String group = cluster.createTopic("elect", 1);
    TopicPartition tp = new TopicPartition("elect", 0);
    int preferred = cluster.awaitPreferredLeader(group);

    // when / then: no election is needed, asked through a node that does not lead the partition
    int other = cluster.otherThan(preferred);
    try (Admin admin = TestBrokers.admin(TestBrokers.bootstrap(cluster.node(other)))) {
      assertThat(elect(admin, ElectionType.PREFERRED, tp))
          .containsInstanceOf(ElectionNotNeededException.class);
      assertThat(elect(admin, ElectionType.UNCLEAN, tp))
          .containsInstanceOf(ElectionNotNeededException.class);
    }

    // when: the preferred leader goes down and another member takes the lead
    cluster.stop(preferred);
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leaderOf(group), id -> id > 0);

    // then: it is not available; Raft needs no unclean election, the partition has a leader
    try (Admin admin = cluster.admin()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> elect(admin, ElectionType.PREFERRED, tp),
              e -> e.filter(PreferredLeaderNotAvailableException.class::isInstance).isPresent());
      assertThat(elect(admin, ElectionType.UNCLEAN, tp))
          .containsInstanceOf(ElectionNotNeededException.class);
    }

    // when: it returns
    cluster.restart(preferred);

    // then: an election brings the lead back to it (done by the election, or by the node's own
    // preferred-leader watch first, which makes the election not needed), and it leads
    try (Admin admin = cluster.admin()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> elect(admin, ElectionType.PREFERRED, tp),
              e -> e.isEmpty() || e.get() instanceof ElectionNotNeededException);
      assertThat(cluster.leaderOf(group)).isEqualTo(preferred);
      assertThat(elect(admin, ElectionType.PREFERRED, tp))
          .containsInstanceOf(ElectionNotNeededException.class);
      assertThat(admin.electLeaders(ElectionType.PREFERRED, null).partitions().get())
          .doesNotContainKey(tp);
    }
  }

  @Test
  void shouldMoveTheLogStartOfEveryReplicaWhenRecordsAreDeletedAndRefuseAFollower()
      throws Exception {
    // given: 50 records in a partition of 3 replicas
    cluster.start(dir, 3);
    String group = cluster.createTopic("trim", 1);
    TopicPartition tp = new TopicPartition("trim", 0);
    try (KafkaProducer<String, String> producer =
        TestBrokers.producer(cluster.bootstrap(), Map.of())) {
      for (String v : TestBrokers.values(50, "rec-")) {
        producer.send(new ProducerRecord<>("trim", 0, "k", v));
      }
      producer.flush();
    }

    // when
    long lowWatermark;
    try (Admin admin = cluster.admin()) {
      lowWatermark =
          admin
              .deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(20)))
              .lowWatermarks()
              .get(tp)
              .get()
              .lowWatermark();
    }
    int leader = cluster.leaderOf(group);
    int follower = cluster.otherThan(leader);
    DeleteRecordsResponseData fromFollower;
    try (Socket socket = new Socket("127.0.0.1", cluster.node(follower).kafkaPort())) {
      DeleteRecordsRequestData request =
          new DeleteRecordsRequestData()
              .setTimeoutMs(10_000)
              .setTopics(
                  List.of(
                      new DeleteRecordsRequestData.DeleteRecordsTopic()
                          .setName("trim")
                          .setPartitions(
                              List.of(
                                  new DeleteRecordsRequestData.DeleteRecordsPartition()
                                      .setPartitionIndex(0)
                                      .setOffset(30)))));
      fromFollower =
          new DeleteRecordsResponseData(
              new ByteBufferAccessor(
                  RawKafka.call(socket, ApiKeys.DELETE_RECORDS, (short) 2, request)),
              (short) 2);
    }

    // then: every replica starts at 20; the follower refused the request and changed nothing
    assertThat(lowWatermark).isEqualTo(20);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cluster.nodes().values())
                    .allSatisfy(
                        b ->
                            assertThat(b.replicas().replica(tp).orElseThrow().log())
                                .satisfies(
                                    log -> {
                                      assertThat(log.logStartOffset()).isEqualTo(20);
                                      assertThat(log.logEndOffset()).isEqualTo(50);
                                    })));
    assertThat(fromFollower.topics().find("trim").partitions().find(0).errorCode())
        .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
    try (Admin admin = cluster.admin()) {
      assertThat(
              admin
                  .listOffsets(Map.of(tp, OffsetSpec.earliest()))
                  .partitionResult(tp)
                  .get()
                  .offset())
          .isEqualTo(20);
    }
  }

  private static Optional<Throwable> elect(Admin admin, ElectionType type, TopicPartition tp)
      throws Exception {
    return admin.electLeaders(type, Set.of(tp)).partitions().get().get(tp);
  }
}
