package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.replication.GroupMembers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionRequestProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.util.CodeInjectionForTesting;
import org.apache.ratis.util.ProtoUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition's preferred leader (its member with the highest Raft priority) on a real 3-node
 * cluster: the lead goes back to it when it returns, even while writes go on, and it serves that
 * group while another of its groups still waits for a quorum; a group whose leader was handing the
 * lead back to it when it died takes writes again; a metadata write sent while the metadata group's
 * leader hands its lead over goes through once the hand-over is over.
 */
class PreferredLeaderIT {
  private static final String TOPIC = "preferred";
  private static final String PAIRS = "pairs";

  /** Where Ratis asks a member to start an election because the leader yields to it. */
  private static final String START_LEADER_ELECTION = "RaftServerImpl.startLeaderElection";

  @TempDir Path dir;
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void stop() {
    CodeInjectionForTesting.remove(START_LEADER_ELECTION);
    cluster.close();
  }

  @Test
  void shouldTakeWritesWhenThePreferredMemberDiesWhileTheLeadIsHandedBackToIt() throws Exception {
    // given: a partition led by its preferred member, whose lead moved to another member
    cluster.start(dir, 3);
    String group = cluster.createTopic(TOPIC, 1);
    int preferred = cluster.awaitPreferredLeader(group);
    GroupMembers members = cluster.members(group);
    Map<Integer, Integer> original = members.priorities();
    int other = original.keySet().stream().filter(id -> id != preferred).findFirst().orElseThrow();
    Map<Integer, Integer> raised = new LinkedHashMap<>(original);
    raised.put(other, Collections.max(original.values()) + 1);
    cluster.any().raft().membership().setMembers(group, members, raised, 30_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leaderOf(group) == other);

    // when: the priorities are put back, so the leader hands the lead back to the preferred
    // member, and that member dies before it can take it (its first election request fails)
    CountDownLatch asked = new CountDownLatch(1);
    RaftGroupId gid = RaftGroupId.valueOf(UUID.fromString(group));
    String preferredPeer = "n" + preferred; // the Raft peer id of a node
    CodeInjectionForTesting.put(
        START_LEADER_ELECTION,
        (local, remote, args) -> {
          var request = (StartLeaderElectionRequestProto) args[0];
          if (local.toString().equals(preferredPeer)
              && ProtoUtils.toRaftGroupId(request.getServerRequest().getRaftGroupId())
                  .equals(gid)) {
            asked.countDown();
            throw new IllegalStateException("node " + preferred + " is going down");
          }
          return false;
        });
    cluster.any().raft().membership().setMembers(group, cluster.members(group), original, 30_000);
    assertThat(asked.await(30, TimeUnit.SECONDS)).as("the lead was handed back").isTrue();
    long handingOverTerm = cluster.node(other).raft().status(group).orElseThrow().term();
    cluster.stop(preferred);

    // then: with no write in flight (one that slips in between two hand-over attempts would end
    // the hand-overs by itself), the leader that kept handing over to the dead member steps down:
    // a new term, led by a live member
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.leaderOf(group) > 0 && term(group) > handingOverTerm);

    // and: the partition takes writes
    try (KafkaProducer<String, String> producer = producer(30_000)) {
      RecordMetadata m = producer.send(new ProducerRecord<>(TOPIC, 0, null, "after")).get();
      assertThat(m.offset()).isGreaterThanOrEqualTo(0);
    }
    assertThat(cluster.leaderOf(group)).isNotEqualTo(preferred);
  }

  @Test
  void shouldHandTheLeadBackToThePreferredMemberWhileWritesGoOn() throws Exception {
    // given: a partition whose preferred member was down and is back, under a steady write load
    cluster.start(dir, 3);
    String group = cluster.createTopic(TOPIC, 1);
    int preferred = cluster.awaitPreferredLeader(group);
    cluster.stop(preferred);
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leaderOf(group) > 0);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<RecordMetadata>> sent = Collections.synchronizedList(new ArrayList<>());
    Thread load =
        new Thread(
            () -> {
              try (KafkaProducer<String, String> producer = producer(120_000)) {
                for (int i = 0; writing.get(); i++) {
                  sent.add(producer.send(new ProducerRecord<>(TOPIC, 0, null, "v" + i)));
                  if (i % 200 == 0) {
                    producer.flush();
                  }
                }
              }
            },
            "load");
    load.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() > 2000);
      cluster.restart(preferred);

      // then: the lead goes back to it while the writes go on
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster.leaderOf(group) == preferred);
      int before = sent.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() > before + 1000);
    } finally {
      writing.set(false);
      load.join(120_000);
    }
    for (Future<RecordMetadata> f : List.copyOf(sent)) {
      assertThat(f.get().offset()).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void shouldServeAGroupWhoseLeadCameBackWhileAnotherGroupOfTheNodeWaitsForItsQuorum()
      throws Exception {
    // given: a partition and its preferred member P, and a partition of two replicas on P and Q
    cluster.start(dir, 3);
    String group = cluster.createTopic(TOPIC, 1);
    int preferred = cluster.awaitPreferredLeader(group);
    try (var admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(PAIRS, 3, (short) 2))).all().get();
    }
    int partner =
        await().atMost(Duration.ofSeconds(30)).until(() -> partnerOf(preferred), id -> id > 0);
    int survivor =
        cluster.nodes().keySet().stream()
            .filter(id -> id != preferred && id != partner)
            .findFirst()
            .orElseThrow();

    // when: P and Q stop, and P starts again: the pair has no quorum, so P does not report
    // ready, but it catches up on the other partition, whose lead comes back to it
    cluster.stop(preferred);
    cluster.stop(partner);
    ExecutorService starter = Executors.newSingleThreadExecutor();
    try {
      Future<Broker> restart = starter.submit(() -> cluster.restart(preferred));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  cluster.node(survivor).raft().status(group).orElseThrow().leaderId()
                      == preferred);

      // then: P serves it: writes go on while P still waits for the pair's quorum
      try (KafkaProducer<String, String> producer = producer(30_000)) {
        RecordMetadata m =
            producer.send(new ProducerRecord<>(TOPIC, 0, null, "while starting")).get();
        assertThat(m.offset()).isGreaterThanOrEqualTo(0);
      }
      assertThat(restart).as("P waits for the pair's quorum").isNotDone();

      // and once Q is back, P reports ready
      cluster.restart(partner);
      assertThat(restart.get(120, TimeUnit.SECONDS).nodeId()).isEqualTo(preferred);
    } finally {
      starter.shutdownNow();
    }
  }

  @Test
  void shouldApplyAMetadataWriteSentWhileTheLeaderHandsItsLeadOver() throws Exception {
    // given: the metadata group's leader hands its lead to another member, whose election is held
    // back for a while (a busy node), so the leader answers writes with "stepping down"; a starting
    // node's registration met that when its lead came back to it, and failed its start (CHR-1007)
    cluster.start(dir, 3);
    int leader =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> cluster.any().raft().metaStatus().orElseThrow().leaderId(), id -> id > 0);
    int target = cluster.otherThan(leader);
    int writer =
        cluster.nodes().keySet().stream()
            .filter(id -> id != leader && id != target)
            .findFirst()
            .orElseThrow();
    CountDownLatch asked = new CountDownLatch(1);
    CodeInjectionForTesting.put(
        START_LEADER_ELECTION,
        (local, remote, args) -> {
          if (String.valueOf(local).equals("n" + target) && asked.getCount() > 0) {
            asked.countDown();
            try {
              Thread.sleep(3_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return false;
        });
    CompletableFuture<Void> handOver =
        CompletableFuture.runAsync(
            () -> {
              try {
                cluster
                    .node(leader)
                    .raft()
                    .transferLeader("__meta", List.of(1, 2, 3), target, 20_000);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertThat(asked.await(30, TimeUnit.SECONDS)).as("the lead is being handed over").isTrue();

    // when: another node writes to the metadata group meanwhile
    String clusterId = cluster.node(writer).clusterId();
    MetaResult result =
        cluster
            .node(writer)
            .raft()
            .submit(new MetaCommand.InitCluster(clusterId))
            .get(30, TimeUnit.SECONDS);

    // then: the write is applied, by whichever member leads once the hand-over is over
    assertThat(result.isOk()).as(result.message()).isTrue();
    handOver.get(30, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.node(writer).raft().metaStatus().orElseThrow().leaderId() == target);
  }

  /** The other replica of a partition of {@code PAIRS} that has one on {@code node}, or -1. */
  private int partnerOf(int node) {
    return cluster.any().raft().image().topic(PAIRS).stream()
        .flatMap(t -> t.partitions().stream())
        .map(PartitionAssignment::replicas)
        .filter(r -> r.contains(node))
        .flatMap(r -> r.stream().filter(id -> id != node))
        .findFirst()
        .orElse(-1);
  }

  private long term(String group) {
    return cluster.node(cluster.leaderOf(group)).raft().status(group).orElseThrow().term();
  }

  private KafkaProducer<String, String> producer(int deliveryTimeoutMs) {
    return TestBrokers.producer(
        cluster.bootstrap(),
        Map.of(
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            deliveryTimeoutMs,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            10_000));
  }
}
