package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker fencing on three {@code chronik standalone --raft} processes: a node killed with {@code
 * kill -9} leaves the survivors' Metadata and DescribeCluster answers (broker list, leaders,
 * in-sync replicas) within a bounded time, and comes back when it is restarted.
 */
class BrokerFencingIT {
  private static final short METADATA_VERSION = 12;
  private static final String TOPIC = "fenced";
  private static final String PAIRS = "pairs";

  @TempDir Path dir;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (NodeProcess n : nodes) {
      n.close();
    }
  }

  @Test
  void shouldLeaveAKilledNodeOutOfMetadataUntilItIsRestarted() throws Exception {
    // given: three nodes, a topic whose partitions are led by each of them
    NodeProcess.startCluster(dir, 3, nodes);
    try (Admin admin = admin()) {
      // and a topic of two replicas: the partition whose preferred leader dies has no majority
      // left to elect another
      admin
          .createTopics(
              List.of(new NewTopic(TOPIC, 3, (short) 3), new NewTopic(PAIRS, 3, (short) 2)))
          .all()
          .get();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(brokerIds(admin)).hasSize(3);
                MetadataResponseData m = metadata(nodes.get(0));
                assertThat(allLed(m, TOPIC) && allLed(m, PAIRS)).as("all led: %s", m).isTrue();
              });
    }
    // the metadata group's leader: the node whose loss is the hardest to notice, since the
    // node that notices is the one elected in its place
    NodeProcess victim = byId(nodes.get(0).clusterStatus().get("metaLeader").asInt());
    List<NodeProcess> survivors = nodes.stream().filter(n -> n != victim).toList();

    // when
    victim.kill();
    long killedAt = System.currentTimeMillis();

    // then: every survivor stops listing it as a broker, leader or in-sync replica, and lists
    // its replicas as offline
    try (Admin admin = admin()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> !brokerIds(admin).contains(victim.nodeId));
    }
    long fencedAfterMs = System.currentTimeMillis() - killedAt;
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (NodeProcess n : survivors) {
                MetadataResponseData m = metadata(n);
                assertThat(m.brokers())
                    .extracting(MetadataResponseData.MetadataResponseBroker::nodeId)
                    .as("brokers node %d lists", n.nodeId)
                    .containsExactlyInAnyOrderElementsOf(ids(survivors));
                for (var p : m.topics().find(TOPIC).partitions()) {
                  assertThat(p.leaderId()).isNotEqualTo(victim.nodeId).isPositive();
                  assertThat(p.isrNodes()).doesNotContain(victim.nodeId);
                  assertThat(p.replicaNodes()).contains(victim.nodeId);
                  assertThat(p.offlineReplicas()).containsExactly(victim.nodeId);
                }
                for (var p : m.topics().find(PAIRS).partitions()) {
                  assertThat(p.leaderId()).isNotEqualTo(victim.nodeId);
                  assertThat(p.isrNodes()).doesNotContain(victim.nodeId);
                }
              }
            });
    JsonNode cluster = survivors.get(0).clusterStatus();
    assertThat(cluster.get("groups")).hasSize(7);
    assertThat(cluster.get("groups"))
        .as("cluster status shows no group led by the dead node: %s", cluster.get("groups"))
        .allSatisfy(g -> assertThat(g.get("leader").asInt()).isNotEqualTo(victim.nodeId));
    assertThat(fencedAfterMs).as("ms from kill -9 to fenced").isLessThan(30_000);

    // and when it is restarted, it is listed again everywhere
    victim.restart();
    victim.awaitReady();
    try (Admin admin = admin()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> brokerIds(admin).containsAll(ids(nodes)));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (NodeProcess n : nodes) {
                MetadataResponseData m = metadata(n);
                assertThat(m.brokers())
                    .extracting(MetadataResponseData.MetadataResponseBroker::nodeId)
                    .containsExactlyInAnyOrderElementsOf(ids(nodes));
                assertThat(m.topics().find(TOPIC).partitions())
                    .allSatisfy(p -> assertThat(p.offlineReplicas()).isEmpty());
              }
            });
  }

  private static List<Integer> ids(List<NodeProcess> nodes) {
    return nodes.stream().map(n -> n.nodeId).toList();
  }

  private static boolean allLed(MetadataResponseData m, String name) {
    var topic = m.topics().find(name);
    return topic != null
        && topic.partitions().size() == 3
        && topic.partitions().stream().allMatch(p -> p.leaderId() > 0);
  }

  private static List<Integer> brokerIds(Admin admin) throws Exception {
    return admin.describeCluster().nodes().get().stream().map(Node::id).toList();
  }

  /** A Metadata request (v12) for the two topics, answered by node {@code n}. */
  private static MetadataResponseData metadata(NodeProcess n) throws Exception {
    MetadataRequestData body =
        new MetadataRequestData()
            .setAllowAutoTopicCreation(false)
            .setTopics(
                List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName(TOPIC),
                    new MetadataRequestData.MetadataRequestTopic().setName(PAIRS)));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", n.kafkaPort), 10_000);
      socket.setSoTimeout(30_000);
      RequestHeader header = new RequestHeader(ApiKeys.METADATA, METADATA_VERSION, "fencing", 1);
      ObjectSerializationCache cache = new ObjectSerializationCache();
      int size =
          header.data().size(cache, header.headerVersion()) + body.size(cache, METADATA_VERSION);
      ByteBuffer buf = ByteBuffer.allocate(4 + size);
      buf.putInt(size);
      ByteBufferAccessor out = new ByteBufferAccessor(buf);
      header.data().write(out, cache, header.headerVersion());
      body.write(out, cache, METADATA_VERSION);
      DataOutputStream os = new DataOutputStream(socket.getOutputStream());
      os.write(buf.array());
      os.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] response = new byte[in.readInt()];
      in.readFully(response);
      ByteBuffer rb = ByteBuffer.wrap(response);
      ResponseHeader.parse(rb, ApiKeys.METADATA.responseHeaderVersion(METADATA_VERSION));
      return new MetadataResponseData(new ByteBufferAccessor(rb), METADATA_VERSION);
    }
  }

  private NodeProcess byId(int id) {
    return nodes.stream().filter(n -> n.nodeId == id).findFirst().orElseThrow();
  }

  private Admin admin() {
    return NodeProcess.admin(nodes);
  }
}
