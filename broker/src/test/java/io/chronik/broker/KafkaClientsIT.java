package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeReplicaLogDirsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The single-node broker driven by the real Apache kafka-clients: admin, idempotent producer,
 * groups.
 */
class KafkaClientsIT {
  @RegisterExtension final SingleBroker chronik = new SingleBroker();

  @Test
  void shouldCreateDescribeGrowAndDeleteTopicsWhenUsingAdmin() throws Exception {
    try (Admin admin = chronik.admin()) {
      // given
      admin
          .createTopics(
              List.of(
                  new NewTopic("orders", 3, (short) 1).configs(Map.of("retention.ms", "3600000"))))
          .all()
          .get();

      // when
      TopicDescription described =
          admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders");
      TopicDescription byId =
          admin
              .describeTopics(TopicCollection.ofTopicIds(List.of(described.topicId())))
              .allTopicIds()
              .get()
              .get(described.topicId());
      var unknownId =
          admin
              .describeTopics(TopicCollection.ofTopicIds(List.of(Uuid.randomUuid())))
              .allTopicIds();
      Config config =
          admin
              .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "orders")))
              .all()
              .get()
              .values()
              .iterator()
              .next();
      admin.createPartitions(Map.of("orders", NewPartitions.increaseTo(5))).all().get();

      // then
      assertThat(described.partitions()).hasSize(3);
      assertThat(described.partitions()).allSatisfy(p -> assertThat(p.leader().id()).isEqualTo(1));
      assertThat(byId.name()).isEqualTo("orders");
      assertThat(byId.topicId()).isEqualTo(described.topicId());
      assertThat(byId.partitions()).hasSize(3);
      assertThatThrownBy(unknownId::get).hasCauseInstanceOf(UnknownTopicIdException.class);
      assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
      assertThat(
              admin
                  .describeTopics(List.of("orders"))
                  .allTopicNames()
                  .get()
                  .get("orders")
                  .partitions())
          .hasSize(5);
      assertThat(admin.describeCluster().clusterId().get()).isEqualTo(chronik.broker().clusterId());
      assertThatThrownBy(
              () -> admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get())
          .hasCauseInstanceOf(TopicExistsException.class);

      admin.deleteTopics(List.of("orders")).all().get();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !admin.listTopics().names().get().contains("orders"));
    }
  }

  @Test
  void shouldRefuseTopicConfigsTheLogCannotTakeAndKeepCreatingTopicsAndRestarting()
      throws Exception {
    try (Admin admin = chronik.admin()) {
      // given
      admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
      ConfigResource kept = new ConfigResource(ConfigResource.Type.TOPIC, "kept");

      // when: a retention the log cannot take, at creation and by alteration, and a partition
      // count below -1 (the default)
      var created =
          admin.createTopics(
              List.of(
                  new NewTopic("negative", 1, (short) 1).configs(Map.of("retention.ms", "-5"))));
      var altered =
          admin.incrementalAlterConfigs(
              Map.of(
                  kept,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("retention.ms", "-5"), AlterConfigOp.OpType.SET))));
      var fewer = admin.createTopics(List.of(new NewTopic("fewer", -5, (short) 1)));

      // then: each is refused, as Kafka refuses it, and nothing was stored
      assertThatThrownBy(() -> created.all().get())
          .hasCauseInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("retention.ms must be at least -1");
      assertThatThrownBy(() -> altered.all().get())
          .hasCauseInstanceOf(InvalidConfigurationException.class);
      assertThatThrownBy(() -> fewer.all().get())
          .hasCauseInstanceOf(InvalidPartitionsException.class);
      assertThat(admin.listTopics().names().get()).doesNotContain("negative", "fewer");
      assertThat(
              admin
                  .describeConfigs(List.of(kept))
                  .all()
                  .get()
                  .get(kept)
                  .get("retention.ms")
                  .value())
          .isNotEqualTo("-5");
      admin.createTopics(List.of(new NewTopic("after", 1, (short) 1))).all().get();
    }

    // and: the node restarts and serves both topics
    chronik.restart();
    try (Admin admin = chronik.admin()) {
      assertThat(admin.listTopics().names().get()).contains("kept", "after");
    }
  }

  @Test
  void shouldFailInitTransactionsAtOnceWithTheReasonWhenAProducerIsTransactional() {
    // given
    try (KafkaProducer<String, String> producer =
        chronik.producer(
            Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1", "max.block.ms", 60_000))) {
      long started = System.nanoTime();

      // when / then: refused with the reason, well before max.block.ms
      assertThatThrownBy(producer::initTransactions)
          .isInstanceOf(KafkaException.class)
          .hasMessageContaining("does not support transactions");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void shouldReadBackEveryRecordInOrderWhenProducingIdempotentlyWithCompression() throws Exception {
    // given
    try (Admin admin = chronik.admin()) {
      admin.createTopics(List.of(new NewTopic("events", 3, (short) 1))).all().get();
    }
    List<String> sent = TestBrokers.values(3000, "event-");
    Map<TopicPartition, List<Long>> acked = new HashMap<>();
    for (String codec : List.of("gzip", "lz4", "zstd", "snappy", "none")) {
      try (KafkaProducer<String, String> producer =
          chronik.producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec))) {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (String v : sent.subList(0, 600)) {
          futures.add(producer.send(new ProducerRecord<>("events", v, codec + ":" + v)));
        }
        for (Future<RecordMetadata> f : futures) {
          RecordMetadata m = f.get();
          acked
              .computeIfAbsent(new TopicPartition("events", m.partition()), k -> new ArrayList<>())
              .add(m.offset());
        }
      }
    }

    // when
    List<ConsumerRecord<String, String>> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = chronik.consumer(null, Map.of())) {
      List<TopicPartition> parts =
          List.of(0, 1, 2).stream().map(p -> new TopicPartition("events", p)).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= 3000;
              });
    }

    // then: every acknowledged offset is there, offsets are dense per partition
    assertThat(read).hasSize(3000);
    Map<Integer, List<Long>> offsets = new HashMap<>();
    read.forEach(
        r -> offsets.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.offset()));
    offsets.forEach(
        (p, list) -> {
          for (int i = 0; i < list.size(); i++) {
            assertThat(list.get(i)).isEqualTo((long) i);
          }
        });
    acked.forEach((tp, list) -> assertThat(offsets.get(tp.partition())).containsAll(list));
    assertThat(read.stream().map(ConsumerRecord::value).filter(v -> v.startsWith("zstd:")))
        .hasSize(600);
  }

  @Test
  void shouldResumeFromCommittedOffsetsWhenGroupRejoins() throws Exception {
    // given
    try (Admin admin = chronik.admin()) {
      admin.createTopics(List.of(new NewTopic("jobs", 2, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer = chronik.producer(Map.of())) {
      for (String v : TestBrokers.values(100, "job-")) {
        producer.send(new ProducerRecord<>("jobs", v, v));
      }
    }
    Set<String> firstRound = consumeAndCommit("workers", 60);

    // when: a new consumer of the same group rejoins
    Set<String> secondRound = consumeAndCommit("workers", 40);

    // then: together they saw every record exactly once
    assertThat(firstRound).hasSize(60);
    assertThat(secondRound).hasSize(40).doesNotContainAnyElementsOf(firstRound);
    try (Admin admin = chronik.admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("workers").partitionsToOffsetAndMetadata().get();
      assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
          .isEqualTo(100);
      assertThat(admin.listConsumerGroups().all().get())
          .anySatisfy(g -> assertThat(g.groupId()).isEqualTo("workers"));

      // and: offsets of a topic that does not exist, or of a partition the topic does not have,
      // are refused and not stored; those of the existing partitions in the same request are
      TopicPartition nosuch = new TopicPartition("nosuch", 0);
      TopicPartition jobs0 = new TopicPartition("jobs", 0);
      TopicPartition jobs9 = new TopicPartition("jobs", 9);
      var altered =
          admin.alterConsumerGroupOffsets(
              "workers",
              Map.of(
                  nosuch,
                  new OffsetAndMetadata(1),
                  jobs9,
                  new OffsetAndMetadata(1),
                  jobs0,
                  committed.get(jobs0)));
      assertThat(catchThrowable(() -> altered.partitionResult(nosuch).get()))
          .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
      assertThat(catchThrowable(() -> altered.partitionResult(jobs9).get()))
          .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
      altered.partitionResult(jobs0).get();
      assertThat(admin.listConsumerGroupOffsets("workers").partitionsToOffsetAndMetadata().get())
          .isEqualTo(committed);
      admin.deleteConsumerGroups(List.of("workers")).all().get();
      assertThat(admin.listConsumerGroupOffsets("workers").partitionsToOffsetAndMetadata().get())
          .isEmpty();
    }
  }

  private Set<String> consumeAndCommit(String group, int count) {
    Set<String> seen = new java.util.HashSet<>();
    try (KafkaConsumer<String, String> consumer =
        chronik.consumer(group, Map.of("max.poll.records", 10))) {
      consumer.subscribe(
          List.of("jobs"),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  if (seen.size() < count) {
                    seen.add(r.value());
                    consumer.commitSync(
                        Map.of(
                            new TopicPartition(r.topic(), r.partition()),
                            new OffsetAndMetadata(r.offset() + 1)));
                  }
                }
                return seen.size() >= count;
              });
    }
    return seen;
  }

  @Test
  void shouldAutoCreateTopicWhenProducerSendsToUnknownTopicUnlessItsNameCollides()
      throws ExecutionException, InterruptedException {
    // given
    try (KafkaProducer<String, String> producer = chronik.producer(Map.of());
        Admin admin = chronik.admin()) {
      admin.createTopics(List.of(new NewTopic("col.x", 1, (short) 1))).all().get();

      // when
      RecordMetadata m = producer.send(new ProducerRecord<>("auto-created", "k", "v")).get();
      // a name that differs from an existing one only in '.' and '_' collides with it
      Throwable colliding =
          catchThrowable(
              () -> admin.createTopics(List.of(new NewTopic("col_x", 1, (short) 1))).all().get());
      Future<RecordMetadata> autoColliding = producer.send(new ProducerRecord<>("col_x", "k", "v"));

      // then
      assertThat(m.offset()).isZero();
      assertThat(colliding)
          .hasCauseInstanceOf(InvalidTopicException.class)
          .hasMessageContaining("collides with existing topic: col.x");
      assertThatThrownBy(autoColliding::get).hasCauseInstanceOf(InvalidTopicException.class);
      assertThat(admin.listTopics().names().get())
          .contains("auto-created", "col.x")
          .doesNotContain("col_x");
    }
  }

  @Test
  void shouldDescribeTheLogDirWithEveryPartitionAndItsGrowingSizeWhenUsingAdmin() throws Exception {
    // given: a 2-partition topic with records in both partitions
    try (Admin admin = chronik.admin();
        KafkaProducer<String, String> producer = chronik.producer(Map.of())) {
      admin.createTopics(List.of(new NewTopic("sized", 2, (short) 1))).all().get();
      sendToEachPartition(producer, "sized", 2, 20);
      String partitionsDir =
          chronik.dataDir().toAbsolutePath().normalize().resolve("partitions").toString();

      // when
      Map<String, LogDirDescription> before =
          admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1);
      sendToEachPartition(producer, "sized", 2, 20);
      Map<String, LogDirDescription> after =
          admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1);
      TopicPartitionReplica replica = new TopicPartitionReplica("sized", 1, 1);
      DescribeReplicaLogDirsResult.ReplicaLogDirInfo filtered =
          admin.describeReplicaLogDirs(List.of(replica)).all().get().get(replica);

      // then: the one log dir, with both partitions, sizes above 0 and growing
      assertThat(before).containsOnlyKeys(partitionsDir);
      LogDirDescription dirBefore = before.get(partitionsDir);
      LogDirDescription dirAfter = after.get(partitionsDir);
      assertThat(dirBefore.error()).isNull();
      assertThat(dirBefore.totalBytes().getAsLong()).isPositive();
      assertThat(dirBefore.usableBytes().getAsLong()).isPositive();
      for (int p = 0; p < 2; p++) {
        TopicPartition tp = new TopicPartition("sized", p);
        assertThat(dirBefore.replicaInfos()).containsKey(tp);
        ReplicaInfo first = dirBefore.replicaInfos().get(tp);
        assertThat(first.size()).isPositive();
        assertThat(first.offsetLag()).isZero();
        assertThat(first.isFuture()).isFalse();
        assertThat(dirAfter.replicaInfos().get(tp).size()).isGreaterThan(first.size());
      }
      assertThat(filtered.getCurrentReplicaLogDir()).isEqualTo(partitionsDir);
      assertThat(filtered.getCurrentReplicaOffsetLag()).isZero();
      assertThat(filtered.getFutureReplicaLogDir()).isNull();
    }
  }

  @Test
  void shouldAnswerLeaderElectionsAsKafkaDoesWhenTheOnlyNodeLeadsEveryPartition() throws Exception {
    try (Admin admin = chronik.admin()) {
      // given
      admin.createTopics(List.of(new NewTopic("elect", 2, (short) 1))).all().get();
      TopicPartition p0 = new TopicPartition("elect", 0);
      TopicPartition p1 = new TopicPartition("elect", 1);
      TopicPartition p9 = new TopicPartition("elect", 9);
      TopicPartition unknown = new TopicPartition("nosuch", 0);

      // when
      Map<TopicPartition, java.util.Optional<Throwable>> preferred =
          admin
              .electLeaders(ElectionType.PREFERRED, Set.of(p0, p1, p9, unknown))
              .partitions()
              .get();
      Map<TopicPartition, java.util.Optional<Throwable>> unclean =
          admin.electLeaders(ElectionType.UNCLEAN, Set.of(p0)).partitions().get();
      Map<TopicPartition, java.util.Optional<Throwable>> every =
          admin.electLeaders(ElectionType.PREFERRED, null).partitions().get();

      // then: the node is every partition's preferred leader, so no election is needed
      assertThat(preferred).containsOnlyKeys(p0, p1, p9, unknown);
      assertThat(preferred.get(p0)).containsInstanceOf(ElectionNotNeededException.class);
      assertThat(preferred.get(p1)).containsInstanceOf(ElectionNotNeededException.class);
      assertThat(preferred.get(p9)).containsInstanceOf(UnknownTopicOrPartitionException.class);
      assertThat(preferred.get(unknown)).containsInstanceOf(UnknownTopicOrPartitionException.class);
      assertThat(unclean.get(p0)).containsInstanceOf(ElectionNotNeededException.class);
      // and: asked for every partition, those that need none are left out, as Kafka does
      assertThat(every).isEmpty();
    }
  }

  @Test
  void shouldStartThePartitionAtTheDeletedOffsetAcrossRestartsWhenRecordsAreDeleted()
      throws Exception {
    TopicPartition tp = new TopicPartition("trim", 0);
    try (Admin admin = chronik.admin();
        KafkaProducer<String, String> producer = chronik.producer(Map.of())) {
      // given: 100 records in 1 KiB segments
      admin
          .createTopics(
              List.of(new NewTopic("trim", 1, (short) 1).configs(Map.of("segment.bytes", "1024"))))
          .all()
          .get();
      sendToEachPartition(producer, "trim", 1, 100);

      // when
      long lowWatermark =
          admin
              .deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(40)))
              .lowWatermarks()
              .get(tp)
              .get()
              .lowWatermark();
      var aboveHighWatermark =
          admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(101))).lowWatermarks();

      // then: the partition starts at 40 for ListOffsets and consumers
      assertThat(lowWatermark).isEqualTo(40);
      assertThat(catchThrowable(() -> aboveHighWatermark.get(tp).get()))
          .hasCauseInstanceOf(OffsetOutOfRangeException.class);
      assertThat(earliest(admin, tp)).isEqualTo(40);
      try (KafkaConsumer<String, String> reset = chronik.consumer(null, Map.of())) {
        reset.assign(List.of(tp));
        reset.seek(tp, 10);
        ConsumerRecord<String, String> first =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () -> {
                      var records = reset.poll(Duration.ofMillis(200));
                      return records.isEmpty() ? null : records.iterator().next();
                    },
                    r -> r != null);
        assertThat(first.offset()).isEqualTo(40);
      }
      try (KafkaConsumer<String, String> strict =
          chronik.consumer(null, Map.of("auto.offset.reset", "none"))) {
        strict.assign(List.of(tp));
        strict.seek(tp, 10);
        Throwable polled =
            catchThrowable(
                () -> {
                  long deadline = System.currentTimeMillis() + 30_000;
                  while (System.currentTimeMillis() < deadline) {
                    strict.poll(Duration.ofMillis(200));
                  }
                });
        assertThat(polled)
            .isInstanceOf(org.apache.kafka.clients.consumer.OffsetOutOfRangeException.class);
      }
    }

    // and: the start survives a restart (the node takes a snapshot at shutdown), and -1 deletes
    // up to the high watermark
    chronik.restart();
    try (Admin admin = chronik.admin()) {
      assertThat(earliest(admin, tp)).isEqualTo(40);
      long all =
          admin
              .deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(-1)))
              .lowWatermarks()
              .get(tp)
              .get()
              .lowWatermark();
      assertThat(all).isEqualTo(100);
      assertThat(earliest(admin, tp)).isEqualTo(100);
    }
  }

  @Test
  void shouldDeleteCommittedOffsetsOfTopicsNoActiveMemberSubscribesTo() throws Exception {
    TopicPartition jobs0 = new TopicPartition("jobs", 0);
    TopicPartition other0 = new TopicPartition("other", 0);
    try (Admin admin = chronik.admin()) {
      // given: group "readers" has committed offsets of "jobs" and "other", and a live member
      // subscribed to "jobs"
      admin
          .createTopics(
              List.of(new NewTopic("jobs", 1, (short) 1), new NewTopic("other", 1, (short) 1)))
          .all()
          .get();
      admin
          .alterConsumerGroupOffsets(
              "readers", Map.of(jobs0, new OffsetAndMetadata(3), other0, new OffsetAndMetadata(4)))
          .all()
          .get();
      try (KafkaConsumer<String, String> member = chronik.consumer("readers", Map.of())) {
        member.subscribe(List.of("jobs"));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  member.poll(Duration.ofMillis(100));
                  return !member.assignment().isEmpty();
                });

        // when
        var whileSubscribed = admin.deleteConsumerGroupOffsets("readers", Set.of(jobs0, other0));
        var unknownGroup = admin.deleteConsumerGroupOffsets("nobody", Set.of(jobs0));

        // then: the subscribed topic's offset stays, the other goes
        assertThat(catchThrowable(() -> whileSubscribed.partitionResult(jobs0).get()))
            .hasCauseInstanceOf(GroupSubscribedToTopicException.class);
        whileSubscribed.partitionResult(other0).get();
        assertThat(catchThrowable(() -> unknownGroup.all().get()))
            .hasCauseInstanceOf(GroupIdNotFoundException.class);
        assertThat(admin.listConsumerGroupOffsets("readers").partitionsToOffsetAndMetadata().get())
            .containsOnlyKeys(jobs0);
      }

      // and: once the member left, the group is Empty and the last offset goes too
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () -> admin.deleteConsumerGroupOffsets("readers", Set.of(jobs0)).all().get());
      assertThat(admin.listConsumerGroupOffsets("readers").partitionsToOffsetAndMetadata().get())
          .isEmpty();
    }
  }

  @Test
  void shouldDescribeConfigsWithSourcesSynonymsTypesAndDocsAndReturnThemFromCreateTopics()
      throws Exception {
    try (Admin admin = chronik.admin()) {
      // given / when: a topic created with one override
      CreateTopicsResult created =
          admin.createTopics(
              List.of(
                  new NewTopic("described", 2, (short) 1)
                      .configs(Map.of("retention.ms", "3600000"))));
      Config createdConfig = created.config("described").get();
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "described");
      ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Map<ConfigResource, Config> described =
          admin
              .describeConfigs(
                  List.of(topic, node),
                  new DescribeConfigsOptions().includeSynonyms(true).includeDocumentation(true))
              .all()
              .get();
      Config plain = admin.describeConfigs(List.of(topic)).all().get().get(topic);

      // then: CreateTopics answers the topic's partitions, replication factor and configs
      assertThat(created.numPartitions("described").get()).isEqualTo(2);
      assertThat(created.replicationFactor("described").get()).isEqualTo(1);
      assertThat(createdConfig.get("retention.ms").value()).isEqualTo("3600000");
      assertThat(createdConfig.get("retention.ms").source())
          .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
      assertThat(createdConfig.get("segment.bytes").source())
          .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

      // and: DescribeConfigs gives the override, then the broker default, as synonyms
      ConfigEntry retention = described.get(topic).get("retention.ms");
      assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
      assertThat(retention.synonyms())
          .extracting(ConfigEntry.ConfigSynonym::name, ConfigEntry.ConfigSynonym::source)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "retention.ms", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
              org.assertj.core.groups.Tuple.tuple(
                  "log.retention.ms", ConfigEntry.ConfigSource.DEFAULT_CONFIG));
      assertThat(retention.type()).isEqualTo(ConfigEntry.ConfigType.LONG);
      assertThat(retention.documentation()).isNotBlank();
      assertThat(retention.isReadOnly()).isFalse();
      assertThat(retention.isSensitive()).isFalse();
      assertThat(described.get(topic).get("partitions.per.group").isReadOnly()).isTrue();
      ConfigEntry nodeId = described.get(node).get("broker.id");
      assertThat(nodeId.value()).isEqualTo("1");
      assertThat(nodeId.isReadOnly()).isTrue();
      assertThat(nodeId.type()).isEqualTo(ConfigEntry.ConfigType.INT);
      // and: without asking, neither synonyms nor documentation
      assertThat(plain.get("retention.ms").synonyms()).isEmpty();
      assertThat(plain.get("retention.ms").documentation()).isNull();
    }
  }

  private static long earliest(Admin admin, TopicPartition tp) throws Exception {
    return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset();
  }

  private static void sendToEachPartition(
      KafkaProducer<String, String> producer, String topic, int partitions, int perPartition)
      throws Exception {
    List<Future<RecordMetadata>> futures = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      for (String v : TestBrokers.values(perPartition, "rec-")) {
        futures.add(producer.send(new ProducerRecord<>(topic, p, "k", v)));
      }
    }
    for (Future<RecordMetadata> f : futures) {
      f.get();
    }
  }
}
