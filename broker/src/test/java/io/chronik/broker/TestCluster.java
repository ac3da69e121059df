package io.chronik.broker;

import static org.awaitility.Awaitility.await;

import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.replication.GroupMembers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A cluster of in-JVM nodes on loopback for an IT (started by {@link TestBrokers#startAll}): its
 * live nodes by id, the config each started from (to restart it), and what the ITs ask of it.
 * Closing it stops the live nodes.
 */
final class TestCluster implements AutoCloseable {
  private final Map<Integer, Broker> nodes = new HashMap<>();
  private final Map<Integer, BrokerConfig> configs = new HashMap<>();

  /** Starts nodes 1 to {@code size}, each with its data under {@code dir}/node{id}. */
  void start(Path dir, int size) throws Exception {
    start(dir, size, UnaryOperator.identity());
  }

  /**
   * Starts nodes 1 to {@code size}, each with its data under {@code dir}/node{id} and its config
   * changed by {@code tune}. A cluster of one node is started with no peers (a single node).
   */
  void start(Path dir, int size, UnaryOperator<BrokerConfig.Builder> tune) throws Exception {
    List<BrokerConfig.PeerAddress> peers = TestBrokers.loopbackPeers(size);
    nodes.putAll(
        TestBrokers.startAll(
            peers,
            p -> {
              BrokerConfig c =
                  tune.apply(
                          TestBrokers.nodeConfig(
                              dir.resolve("node" + p.nodeId()), p, size == 1 ? List.of() : peers))
                      .build();
              configs.put(p.nodeId(), c);
              return c;
            }));
  }

  /**
   * Starts one node on its own (no peers, {@link TestBrokers#config}) with its data in {@code
   * dataDir}; it is live as node 1.
   */
  Broker startSingle(Path dataDir) {
    Broker b = TestBrokers.start(dataDir);
    nodes.put(1, b);
    return b;
  }

  /** The live nodes by id (a view). */
  Map<Integer, Broker> nodes() {
    return Collections.unmodifiableMap(nodes);
  }

  Broker node(int id) {
    return nodes.get(id);
  }

  /** The first live node. */
  Broker any() {
    return nodes.values().iterator().next();
  }

  /** A live node other than {@code id}. */
  int otherThan(int id) {
    return nodes.keySet().stream().filter(n -> n != id).findFirst().orElseThrow();
  }

  /** The config node {@code id} was started from. */
  BrokerConfig config(int id) {
    return configs.get(id);
  }

  /** Stops node {@code id}; it is no longer live. */
  void stop(int id) {
    nodes.remove(id).close();
  }

  /** Starts node {@code id} again from its config; returns it. */
  Broker restart(int id) {
    Broker b = Broker.start(configs.get(id));
    nodes.put(id, b);
    return b;
  }

  /** The Kafka addresses of the live nodes. */
  String bootstrap() {
    return TestBrokers.bootstrap(nodes.values());
  }

  Admin admin() {
    return TestBrokers.admin(bootstrap());
  }

  /**
   * Creates a topic with a replica on every node; returns the Raft group of its partition 0 once
   * the metadata image has it.
   */
  String createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) nodes.size())))
          .all()
          .get();
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

  /** The live node that leads Raft group {@code group} as it reports itself, or -1. */
  int leaderOf(String group) {
    for (Broker b : nodes.values()) {
      var s = b.raft().status(group);
      if (s.isPresent() && s.get().isLeader()) {
        return b.nodeId();
      }
    }
    return -1;
  }

  /** The members of Raft group {@code group} with their priorities, as its leader reports them. */
  GroupMembers members(String group) throws IOException {
    return members(group, 10_000);
  }

  GroupMembers members(String group, int timeoutMs) throws IOException {
    return any().raft().membership().members(group, List.copyOf(nodes.keySet()), timeoutMs);
  }

  /** Waits until the group is led by its member with the highest priority; returns that member. */
  int awaitPreferredLeader(String group) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              GroupMembers m = members(group);
              int top = Collections.max(m.priorities().values());
              return m.leader() > 0 && m.priorities().get(m.leader()) == top ? m.leader() : -1;
            },
            id -> id > 0);
  }

  /** The leader of partition 0 of {@code topic} as Kafka's DescribeTopics gives it, or -1. */
  static int partitionLeader(Admin admin, String topic) throws Exception {
    TopicPartitionInfo p = partition0(admin, topic);
    return p.leader() == null ? -1 : p.leader().id();
  }

  /** The in-sync replicas of partition 0 of {@code topic} as Kafka's DescribeTopics gives them. */
  static List<Integer> isr(Admin admin, String topic) throws Exception {
    return partition0(admin, topic).isr().stream().map(Node::id).toList();
  }

  private static TopicPartitionInfo partition0(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .get(0);
  }

  @Override
  public void close() {
    nodes.values().forEach(Broker::close);
  }
}
