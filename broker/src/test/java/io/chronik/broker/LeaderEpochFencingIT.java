package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leader-epoch fencing: a request whose {@code currentLeaderEpoch} is older than the partition's
 * epoch is answered FENCED_LEADER_EPOCH, one newer than the node knows UNKNOWN_LEADER_EPOCH, so
 * that clients follow a leader change instead of reading from the old leader.
 */
class LeaderEpochFencingIT {
  private static final short FETCH_VERSION = 12;
  private static final short LIST_OFFSETS_VERSION = 7;
  private static final short EPOCH_VERSION = 4;
  private static final short METADATA_VERSION = 12;

  @TempDir Path dir;
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void shouldJudgeTheCurrentLeaderEpochOfFetchListOffsetsAndOffsetForLeaderEpoch()
      throws Exception {
    // given: one node, a topic with a record, and the epoch Metadata gives for its partition
    Broker node = cluster.startSingle(dir.resolve("single"));
    try (Admin admin = TestBrokers.admin(node)) {
      admin.createTopics(List.of(new NewTopic("epochs", 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer = TestBrokers.producer(node, Map.of())) {
      producer.send(new ProducerRecord<>("epochs", "one")).get();
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", node.kafkaPort()), 10_000);
      int epoch = metadataEpoch(socket);

      // when: each API is asked with the current epoch, an older one, a newer one and none
      List<Integer> asked = List.of(epoch, epoch - 1, epoch + 1, -1);
      List<Errors> fetch = new ArrayList<>();
      List<Errors> listOffsets = new ArrayList<>();
      List<Errors> endOffsets = new ArrayList<>();
      for (int e : asked) {
        fetch.add(fetch(socket, e));
        listOffsets.add(listOffsets(socket, e));
        endOffsets.add(offsetForLeaderEpoch(socket, e));
      }

      // then
      List<Errors> expected =
          List.of(
              Errors.NONE, Errors.FENCED_LEADER_EPOCH, Errors.UNKNOWN_LEADER_EPOCH, Errors.NONE);
      assertThat(epoch).isPositive();
      assertThat(fetch).as("Fetch v%d", FETCH_VERSION).isEqualTo(expected);
      assertThat(listOffsets).as("ListOffsets v%d", LIST_OFFSETS_VERSION).isEqualTo(expected);
      assertThat(endOffsets).as("OffsetForLeaderEpoch v%d", EPOCH_VERSION).isEqualTo(expected);
    }
  }

  @Test
  void shouldMoveAConsumersFetchesToTheNewLeaderWhenTheLeaderIsTransferred() throws Exception {
    // given: a 3-node cluster, a producer writing and a consumer reading one partition
    cluster.start(dir, 3);
    int oldLeader;
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic("moving", 1, (short) 3))).all().get();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  TestCluster.isr(admin, "moving").size() == 3
                      && TestCluster.partitionLeader(admin, "moving") > 0);
      oldLeader = TestCluster.partitionLeader(admin, "moving");
    }
    int newLeader = oldLeader % 3 + 1;
    Set<String> acked = ConcurrentHashMap.newKeySet();
    List<String> consumed = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> write(acked, running, failure), "epochs-writer");
    Thread reader = new Thread(() -> read(consumed, running, failure), "epochs-reader");
    writer.start();
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> consumed.size() >= 100);
      double newLeaderFetchesBefore = fetchRequests(cluster.node(newLeader));

      // when
      HttpResponse<String> moved =
          TestBrokers.transferLeader(
              cluster.node(newLeader % 3 + 1),
              "{\"topic\":\"moving\",\"partition\":0,\"to\":" + newLeader + "}",
              Duration.ofSeconds(60));
      try (Admin admin = cluster.admin()) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> TestCluster.partitionLeader(admin, "moving") == newLeader);
      }
      long movedAt = System.currentTimeMillis();
      int consumedAtMove = consumed.size();
      List<String> alone = leaderAloneInSyncWithin(newLeader, Duration.ofSeconds(3));

      // then: the old leader, now a follower, stops serving the consumer within a few seconds
      // (each fetch it served would count as a follower fetch), the new leader serves it, and
      // the consumer goes on reading
      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
      assertThat(alone)
          .as("Metadata answers naming the new leader as the only in-sync replica")
          .isEmpty();
      Quiet quiet = new Quiet(() -> followerFetches(cluster.node(oldLeader)));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> quiet.quietFor(3_000) && consumed.size() >= consumedAtMove + 100);
      assertThat(quiet.lastChangeMs() - movedAt)
          .as("ms from the leader change to the old leader's last follower fetch")
          .isLessThan(10_000);
      assertThat(fetchRequests(cluster.node(newLeader))).isGreaterThan(newLeaderFetchesBefore);
    } finally {
      running.set(false);
      writer.join(60_000);
    }
    // and every acknowledged record is read, exactly once
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                synchronized (consumed) {
                  return new HashSet<>(consumed).containsAll(acked);
                }
              });
    } finally {
      reader.interrupt();
      reader.join(60_000);
    }
    assertThat(failure.get()).isNull();
    assertThat(acked).hasSizeGreaterThan(200);
    synchronized (consumed) {
      assertThat(consumed).doesNotHaveDuplicates();
    }
    // and ListOffsets names the epoch of the offset it answers, as Kafka does: the first leader's
    // for the log start, the new leader's for the log end
    try (Admin admin = cluster.admin()) {
      TopicPartition tp = new TopicPartition("moving", 0);
      Optional<Integer> earliest =
          admin
              .listOffsets(Map.of(tp, OffsetSpec.earliest()))
              .partitionResult(tp)
              .get()
              .leaderEpoch();
      Optional<Integer> latest =
          admin
              .listOffsets(Map.of(tp, OffsetSpec.latest()))
              .partitionResult(tp)
              .get()
              .leaderEpoch();
      assertThat(earliest).isPresent();
      assertThat(latest).isPresent();
      assertThat(earliest.get()).isLessThan(latest.get());
    }
  }

  /**
   * Asks every node for the partition's metadata for {@code window}: each answer that names {@code
   * leader} as the only in-sync replica. (A follower may fall out of the ISR for real on a loaded
   * machine, more than 1,000 entries behind; both followers at once do not.)
   */
  private List<String> leaderAloneInSyncWithin(int leader, Duration window) throws Exception {
    List<String> alone = new ArrayList<>();
    List<Socket> sockets = new ArrayList<>();
    try {
      for (Broker b : cluster.nodes().values()) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", b.kafkaPort()), 10_000);
        sockets.add(socket);
      }
      long end = System.currentTimeMillis() + window.toMillis();
      await()
          .atMost(window.multipliedBy(10))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                for (Socket socket : sockets) {
                  MetadataResponseData.MetadataResponsePartition p =
                      metadata(socket, "moving").partitions().get(0);
                  if (p.leaderId() == leader && p.isrNodes().equals(List.of(leader))) {
                    alone.add("port " + socket.getPort() + ": " + p);
                  }
                }
                return System.currentTimeMillis() >= end;
              });
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    return alone;
  }

  /** Writes one record at a time until {@code running} ends; each acknowledged value is kept. */
  private void write(Set<String> acked, AtomicBoolean running, AtomicReference<Throwable> failure) {
    Map<String, Object> extra = new HashMap<>();
    extra.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    extra.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    try (KafkaProducer<String, String> producer =
        TestBrokers.producer(cluster.bootstrap(), extra)) {
      for (int i = 0; running.get(); i++) {
        String value = "m-" + i;
        producer.send(new ProducerRecord<>("moving", value)).get();
        acked.add(value);
      }
    } catch (Exception e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Reads partition 0 from the start until interrupted, keeping every value in order. */
  private void read(List<String> consumed, AtomicBoolean running, AtomicReference<Throwable> fail) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
    TopicPartition tp = new TopicPartition("moving", 0);
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          consumed.add(r.value());
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      // asked to stop
    } catch (RuntimeException e) {
      fail.compareAndSet(null, e);
    }
  }

  /** Tracks a counter across polls: since when it has not changed. */
  private static final class Quiet {
    private final java.util.function.DoubleSupplier counter;
    private double last;
    private long lastChangeMs;

    Quiet(java.util.function.DoubleSupplier counter) {
      this.counter = counter;
      this.last = counter.getAsDouble();
      this.lastChangeMs = System.currentTimeMillis();
    }

    boolean quietFor(long ms) {
      double now = counter.getAsDouble();
      long at = System.currentTimeMillis();
      if (now != last) {
        last = now;
        lastChangeMs = at;
      }
      return at - lastChangeMs >= ms;
    }

    long lastChangeMs() {
      return lastChangeMs;
    }
  }

  private static double followerFetches(Broker b) {
    var counter = b.metrics().registry().find("chronik.kafka.follower.fetches").counter();
    return counter == null ? 0 : counter.count();
  }

  private static double fetchRequests(Broker b) {
    var timer = b.metrics().registry().find("chronik.kafka.request").tag("api", "Fetch").timer();
    return timer == null ? 0 : timer.count();
  }

  private static int metadataEpoch(Socket socket) throws Exception {
    return metadata(socket, "epochs").partitions().get(0).leaderEpoch();
  }

  private static MetadataResponseData.MetadataResponseTopic metadata(Socket socket, String topic)
      throws Exception {
    MetadataRequestData request =
        new MetadataRequestData()
            .setAllowAutoTopicCreation(false)
            .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic)));
    ByteBuffer body = RawKafka.call(socket, ApiKeys.METADATA, METADATA_VERSION, request);
    MetadataResponseData response =
        new MetadataResponseData(new ByteBufferAccessor(body), METADATA_VERSION);
    return response.topics().find(topic);
  }

  private static Errors fetch(Socket socket, int epoch) throws Exception {
    FetchRequestData request =
        new FetchRequestData()
            .setReplicaId(-1)
            .setMaxWaitMs(0)
            .setMinBytes(0)
            .setMaxBytes(1 << 20)
            .setTopics(
                List.of(
                    new FetchRequestData.FetchTopic()
                        .setTopic("epochs")
                        .setPartitions(
                            List.of(
                                new FetchRequestData.FetchPartition()
                                    .setPartition(0)
                                    .setCurrentLeaderEpoch(epoch)
                                    .setFetchOffset(0)
                                    .setPartitionMaxBytes(1 << 20)))));
    ByteBuffer body = RawKafka.call(socket, ApiKeys.FETCH, FETCH_VERSION, request);
    FetchResponseData response = new FetchResponseData(new ByteBufferAccessor(body), FETCH_VERSION);
    return Errors.forCode(response.responses().get(0).partitions().get(0).errorCode());
  }

  private static Errors listOffsets(Socket socket, int epoch) throws Exception {
    ListOffsetsRequestData request =
        new ListOffsetsRequestData()
            .setReplicaId(-1)
            .setTopics(
                List.of(
                    new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName("epochs")
                        .setPartitions(
                            List.of(
                                new ListOffsetsRequestData.ListOffsetsPartition()
                                    .setPartitionIndex(0)
                                    .setCurrentLeaderEpoch(epoch)
                                    .setTimestamp(-1)))));
    ByteBuffer body = RawKafka.call(socket, ApiKeys.LIST_OFFSETS, LIST_OFFSETS_VERSION, request);
    ListOffsetsResponseData response =
        new ListOffsetsResponseData(new ByteBufferAccessor(body), LIST_OFFSETS_VERSION);
    return Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
  }

  private static Errors offsetForLeaderEpoch(Socket socket, int epoch) throws Exception {
    OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
        new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
    topics.add(
        new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic()
            .setTopic("epochs")
            .setPartitions(
                List.of(
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition()
                        .setPartition(0)
                        .setCurrentLeaderEpoch(epoch)
                        .setLeaderEpoch(0))));
    OffsetForLeaderEpochRequestData request =
        new OffsetForLeaderEpochRequestData().setReplicaId(-1).setTopics(topics);
    ByteBuffer body =
        RawKafka.call(socket, ApiKeys.OFFSET_FOR_LEADER_EPOCH, EPOCH_VERSION, request);
    OffsetForLeaderEpochResponseData response =
        new OffsetForLeaderEpochResponseData(new ByteBufferAccessor(body), EPOCH_VERSION);
    return Errors.forCode(response.topics().iterator().next().partitions().get(0).errorCode());
  }
}
