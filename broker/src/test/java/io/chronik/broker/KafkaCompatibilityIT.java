package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.chronik.broker.kafka.BrokerFeatures;
import io.chronik.broker.partition.EntryFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls of the newest kafka-clients that need the newest API versions, answered by a single node as
 * a Kafka broker (without tiered storage) answers them.
 */
class KafkaCompatibilityIT {
  private static final int ROUNDS = 5;

  @RegisterExtension final SingleBroker chronik = new SingleBroker();

  @Test
  void shouldAnswerTheTieredStorageOffsetSpecsAsABrokerWithoutTieredStorage() throws Exception {
    TopicPartition tp = new TopicPartition("specs", 0);
    try (Admin admin = chronik.admin();
        KafkaProducer<String, String> producer = chronik.producer(Map.of())) {
      // given: 10 records, the first 4 deleted
      admin.createTopics(List.of(new NewTopic("specs", 1, (short) 1))).all().get();
      for (String v : TestBrokers.values(10, "v-")) {
        producer.send(new ProducerRecord<>("specs", 0, "k", v));
      }
      producer.flush();
      admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).all().get();

      // when: earliest-local needs ListOffsets v8, latest-tiered v9
      ListOffsetsResultInfo earliestLocal = list(admin, tp, OffsetSpec.earliestLocal());
      ListOffsetsResultInfo latestTiered = list(admin, tp, OffsetSpec.latestTiered());

      // then: every record is local, none is tiered
      assertThat(earliestLocal.offset()).isEqualTo(4);
      assertThat(earliestLocal.offset()).isEqualTo(list(admin, tp, OffsetSpec.earliest()).offset());
      assertThat(latestTiered.offset()).isEqualTo(-1);
      assertThat(latestTiered.timestamp()).isEqualTo(-1);
      assertThat(latestTiered.leaderEpoch()).isEqualTo(Optional.empty());
    }
  }

  @Test
  void shouldDescribeTheEntryFormatLevelAsAFeatureAndRefuseFeatureUpdates() throws Exception {
    try (Admin admin = chronik.admin()) {
      // given
      long before = admin.describeFeatures().featureMetadata().get().finalizedFeaturesEpoch().get();
      admin.createTopics(List.of(new NewTopic("one-more-entry", 1, (short) 1))).all().get();

      // when
      FeatureMetadata features = admin.describeFeatures().featureMetadata().get();
      Throwable update =
          catchThrowable(
              () ->
                  admin
                      .updateFeatures(
                          Map.of(
                              BrokerFeatures.ENTRY_FORMAT,
                              new FeatureUpdate(
                                  (short) 1, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                          new UpdateFeaturesOptions())
                      .all()
                      .get());

      // then: this node supports every level up to its own and the single node applies it
      SupportedVersionRange supported =
          features.supportedFeatures().get(BrokerFeatures.ENTRY_FORMAT);
      assertThat(supported.minVersion()).isEqualTo((short) 1);
      assertThat(supported.maxVersion()).isEqualTo((short) EntryFormat.SUPPORTED);
      FinalizedVersionRange finalized =
          features.finalizedFeatures().get(BrokerFeatures.ENTRY_FORMAT);
      assertThat(finalized.maxVersionLevel()).isEqualTo((short) EntryFormat.SUPPORTED);
      assertThat(finalized.minVersionLevel()).isEqualTo((short) EntryFormat.SUPPORTED);
      assertThat(features.finalizedFeaturesEpoch())
          .hasValueSatisfying(e -> assertThat(e).isGreaterThan(before));
      assertThat(update).hasCauseInstanceOf(UnsupportedVersionException.class);
    }
  }

  private static ListOffsetsResultInfo list(Admin admin, TopicPartition tp, OffsetSpec spec)
      throws Exception {
    return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get();
  }

  @Test
  void shouldCreateExactlyOneOfTwoCollidingOrEqualNamesCreatedAtOnceByTwoClients()
      throws Exception {
    try (Admin a = chronik.admin();
        Admin b = chronik.admin()) {
      // given: both clients connected
      a.describeCluster().clusterId().get();
      b.describeCluster().clusterId().get();
      List<Throwable> refusals = new ArrayList<>();
      List<String> created = new ArrayList<>();

      for (int round = 0; round < ROUNDS; round++) {
        // when: each round, the two clients send their creations without waiting for each other
        String dotted = "race." + round;
        String same = round % 2 == 0 ? "race_" + round : dotted;
        KafkaFuture<Void> fromA = create(a, dotted);
        KafkaFuture<Void> fromB = create(b, same);
        Throwable failedA = catchThrowable(fromA::get);
        Throwable failedB = catchThrowable(fromB::get);

        // then: exactly one of them created its topic
        assertThat(failedA == null ^ failedB == null)
            .as("round %d: exactly one creation of %s / %s succeeds", round, dotted, same)
            .isTrue();
        refusals.add(failedA != null ? failedA.getCause() : failedB.getCause());
        created.add(failedA == null ? dotted : same);
      }

      // and: the other one got Kafka's error, and each round left one topic
      for (int round = 0; round < ROUNDS; round++) {
        if (round % 2 == 0) {
          assertThat(refusals.get(round))
              .isInstanceOf(InvalidTopicException.class)
              .hasMessageContaining("collides with existing topic: " + created.get(round));
        } else {
          assertThat(refusals.get(round)).isInstanceOf(TopicExistsException.class);
        }
      }
      assertThat(a.listTopics().names().get()).isEqualTo(Set.copyOf(created));
    }
  }

  private static KafkaFuture<Void> create(Admin admin, String name) {
    return admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all();
  }
}
