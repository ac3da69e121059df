package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.replication.GroupMembers;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
  private final Map<Integer, Broker> nodes = new HashMap<>();
  private final Map<Integer, BrokerConfig> configs = new HashMap<>();

  @AfterEach
  void stop() {
    nodes.values().forEach(Broker::close);
  }

  @Test
  void shouldElectThePreferredLeaderOnlyWhenItIsLiveAndAnswerThroughAnyNode() throws Exception {
    // given: a partition led by its preferred leader
    startCluster();
    String group = createTopic("elect", 1);
    TopicPartition tp = new TopicPartition("elect", 0);
    int preferred = awaitPreferredLeader(group);

    // when / then: no election is needed, asked through a node that does not lead the partition
    int other = nodes.keySet().stream().filter(id -> id != preferred).findFirst().orElseThrow();
    try (Admin admin = TestBrokers.admin(TestBrokers.bootstrap(nodes.get(other)))) {
      assertThat(elect(admin, ElectionType.PREFERRED, tp))
          .containsInstanceOf(ElectionNotNeededException.class);
      assertThat(elect(admin, ElectionType.UNCLEAN, tp))
          .containsInstanceOf(ElectionNotNeededException.class);
    }

    // when: the preferred leader goes down and another member takes the lead
    nodes.remove(preferred).close();
    await().atMost(Duration.ofSeconds(30)).until(() -> leaderOf(group), id -> id > 0);

    // then: it is not available; Raft needs no unclean election, the partition has a leader
    try (Admin admin = admin()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> elect(admin, ElectionType.PREFERRED, tp),
              e -> e.filter(PreferredLeaderNotAvailableException.class::isInstance).isPresent());
      assertThat(elect(admin, ElectionType.UNCLEAN, tp))
          .containsInstanceOf(ElectionNotNeededException.class);
    }

    // when: it returns
    nodes.put(preferred, Broker.start(configs.get(preferred)));

    // then: an election brings the lead back to it (done by the election, or by the node's own
    // preferred-leader watch first, which makes the election not needed), and it leads
    try (Admin admin = admin()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> elect(admin, ElectionType.PREFERRED, tp),
              e -> e.isEmpty() || e.get() instanceof ElectionNotNeededException);
      assertThat(leaderOf(group)).isEqualTo(preferred);
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
    startCluster();
    String group = createTopic("trim", 1);
    TopicPartition tp = new TopicPartition("trim", 0);
    try (KafkaProducer<String, String> producer =
        TestBrokers.producer(TestBrokers.bootstrap(nodes.values()), Map.of())) {
      for (String v : TestBrokers.values(50, "rec-")) {
        producer.send(new ProducerRecord<>("trim", 0, "k", v));
      }
      producer.flush();
    }

    // when
    long lowWatermark;
    try (Admin admin = admin()) {
      lowWatermark =
          admin
              .deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(20)))
              .lowWatermarks()
              .get(tp)
              .get()
              .lowWatermark();
    }
    int leader = leaderOf(group);
    int follower = nodes.keySet().stream().filter(id -> id != leader).findFirst().orElseThrow();
    DeleteRecordsResponseData fromFollower;
    try (Socket socket = new Socket("127.0.0.1", nodes.get(follower).kafkaPort())) {
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
                assertThat(nodes.values())
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
    try (Admin admin = admin()) {
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

  private void startCluster() throws Exception {
    List<BrokerConfig.PeerAddress> peers = TestBrokers.loopbackPeers(3);
    nodes.putAll(
        TestBrokers.startAll(
            peers,
            p -> {
              BrokerConfig c =
                  TestBrokers.nodeConfig(dir.resolve("node" + p.nodeId()), p, peers).build();
              configs.put(p.nodeId(), c);
              return c;
            }));
  }

  private Admin admin() {
    return TestBrokers.admin(TestBrokers.bootstrap(nodes.values()));
  }

  /** Creates a topic of 3 replicas; returns the Raft group of its partition 0. */
  private String createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get();
    }
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                any().raft().image().topic(topic).stream()
                    .flatMap(t -> t.partitions().stream())
                    .map(PartitionAssignment::groupId)
                    .findFirst()
                    .orElse(null),
            g -> g != null);
  }

  /** Waits until the group is led by its member with the highest priority; returns that member. */
  private int awaitPreferredLeader(String group) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              GroupMembers m =
                  any().raft().membership().members(group, List.copyOf(nodes.keySet()), 10_000);
              int top = Collections.max(m.priorities().values());
              return m.leader() > 0 && m.priorities().get(m.leader()) == top ? m.leader() : -1;
            },
            id -> id > 0);
  }

  private Broker any() {
    return nodes.values().iterator().next();
  }

  private int leaderOf(String group) {
    for (Broker b : nodes.values()) {
      var s = b.raft().status(group);
      if (s.isPresent() && s.get().isLeader()) {
        return b.nodeId();
      }
    }
    return -1;
  }
}
