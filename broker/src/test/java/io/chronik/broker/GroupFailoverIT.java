package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer group on a real 3-node cluster keeps its generation when its coordinator (the metadata
 * group's leader) goes away: the new coordinator takes the membership over from the replicated
 * metadata, so the members' commits and heartbeats go on and nothing is rebalanced.
 */
class GroupFailoverIT {
  private static final String TOPIC = "steady";
  private static final String GROUP = "steady-workers";
  private static final int PARTITIONS = 4;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;
  private final TestCluster cluster = new TestCluster();
  private final List<Member> members = new ArrayList<>();

  @AfterEach
  void stop() {
    members.forEach(m -> m.consumer.close(Duration.ofSeconds(5)));
    cluster.close();
  }

  @Test
  void shouldKeepGenerationAndAssignmentWhenTheCoordinatorDies() throws Exception {
    // given: a Stable group of two consumers (b is static) that has consumed and committed
    cluster.start(dir, 3);
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3))).all().get();
    }
    produce("before-", 40);
    members.add(new Member("a", null));
    members.add(new Member("b", "worker-b"));
    await()
        .atMost(PATIENCE)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              members.forEach(Member::poll);
              return stable();
            });
    pollAndCommit(40);
    Map<String, Integer> generations = new HashMap<>();
    Map<String, String> memberIds = new HashMap<>();
    Map<String, Set<TopicPartition>> assignments = new HashMap<>();
    for (Member m : members) {
      generations.put(m.name, m.consumer.groupMetadata().generationId());
      memberIds.put(m.name, m.consumer.groupMetadata().memberId());
      assignments.put(m.name, Set.copyOf(m.consumer.assignment()));
      m.callbacks.clear();
    }

    // when: the coordinator's node goes away
    int coordinator = cluster.any().metaLeaderId();
    assertThat(coordinator).isPositive();
    cluster.stop(coordinator);

    // then: every member's commit succeeds on the new coordinator (retried while it is looked up;
    // a CommitFailedException or RebalanceInProgressException fails the test at once)
    for (Member m : members) {
      await()
          .atMost(PATIENCE)
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(200))
          .until(() -> m.commitOrTimeOut());
    }
    // and the members go on consuming and committing with no rebalance
    produce("after-", 40);
    pollAndCommit(80);
    for (Member m : members) {
      assertThat(m.callbacks).as("rebalance callbacks of %s", m.name).isEmpty();
      assertThat(m.consumer.groupMetadata().generationId())
          .as("generation of %s", m.name)
          .isEqualTo(generations.get(m.name));
      assertThat(m.consumer.groupMetadata().memberId()).isEqualTo(memberIds.get(m.name));
      assertThat(m.consumer.assignment()).isEqualTo(assignments.get(m.name));
    }
    try (Admin admin = cluster.admin()) {
      ConsumerGroupDescription group =
          admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
      assertThat(group.state()).isEqualTo(ConsumerGroupState.STABLE);
      assertThat(group.coordinator().id()).isNotEqualTo(coordinator);
      assertThat(group.members())
          .extracting(MemberDescription::consumerId)
          .containsExactlyInAnyOrderElementsOf(memberIds.values());
    }
  }

  /** Both members hold partitions of the same generation, together all of them, none twice. */
  private boolean stable() {
    Set<TopicPartition> all = new HashSet<>();
    int total = 0;
    Set<Integer> generations = new HashSet<>();
    for (Member m : members) {
      Set<TopicPartition> assigned = m.consumer.assignment();
      if (assigned.isEmpty()) {
        return false;
      }
      all.addAll(assigned);
      total += assigned.size();
      generations.add(m.consumer.groupMetadata().generationId());
    }
    return all.size() == PARTITIONS && total == PARTITIONS && generations.size() == 1;
  }

  /**
   * Polls every member until together they have seen {@code count} values, then commits each
   * member's positions.
   */
  private void pollAndCommit(int count) {
    await()
        .atMost(PATIENCE)
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              members.forEach(Member::poll);
              return members.stream().mapToInt(m -> m.seen.size()).sum() >= count;
            });
    for (Member m : members) {
      m.consumer.commitSync(m.positions(), Duration.ofSeconds(30));
    }
  }

  private void produce(String prefix, int count) throws Exception {
    Map<String, Object> extra = Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    try (KafkaProducer<String, String> producer =
        TestBrokers.producer(cluster.bootstrap(), extra)) {
      for (String v : TestBrokers.values(count, prefix)) {
        producer.send(new ProducerRecord<>(TOPIC, v, v));
      }
      producer.flush();
    }
  }

  /** A consumer of the group, with the rebalance callbacks it got. */
  private final class Member {
    final String name;
    final KafkaConsumer<String, String> consumer;
    final List<String> callbacks = new CopyOnWriteArrayList<>();
    final Set<String> seen = new HashSet<>();

    /**
     * @param instanceId the static member's {@code group.instance.id}, null for a dynamic member
     */
    Member(String name, String instanceId) {
      this.name = name;
      Map<String, Object> p = new HashMap<>();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
      p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
      if (instanceId != null) {
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
      }
      p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5);
      this.consumer = TestBrokers.consumer(cluster.any(), GROUP, p);
      consumer.subscribe(
          List.of(TOPIC),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              callbacks.add("revoked " + partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              callbacks.add("assigned " + partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
              callbacks.add("lost " + partitions);
            }
          });
    }

    void poll() {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
        seen.add(r.value());
      }
    }

    Map<TopicPartition, OffsetAndMetadata> positions() {
      Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
      for (TopicPartition tp : consumer.assignment()) {
        out.put(tp, new OffsetAndMetadata(consumer.position(tp)));
      }
      return out;
    }

    /** Commits the positions; false when the commit timed out (the coordinator is being found). */
    boolean commitOrTimeOut() {
      try {
        consumer.commitSync(positions(), Duration.ofSeconds(10));
        return true;
      } catch (TimeoutException e) {
        return false;
      }
    }
  }
}
