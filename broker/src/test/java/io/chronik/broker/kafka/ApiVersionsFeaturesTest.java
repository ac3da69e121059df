package io.chronik.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chronik.broker.meta.ImageMetadataService;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.TestImages;
import io.chronik.broker.partition.EntryFormat;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;

/** The features ApiVersions reports: chronik's entry-format level, supported and finalized. */
class ApiVersionsFeaturesTest {
  // node 2 runs a release whose highest level is 4
  private final ImageMetadataService metadata =
      new ImageMetadataService(
          TestImages.register(TestImages.registered(1), 2, EntryFormat.DELETE_RECORDS));
  private final RequestDispatcher dispatcher =
      KafkaApisFixture.dispatcher(
          KafkaApisFixture.services(metadata, null, new KafkaApisFixture.NoGroups(), 1, -1));

  @Test
  void shouldReportTheLevelEveryNodeAppliesAsFinalizedAtTheLastAppliedMetadataIndex()
      throws Exception {
    // given: three metadata entries applied
    for (int i = 0; i < 3; i++) {
      metadata.submit(new MetaCommand.AllocateProducerIds(10)).join();
    }

    // when
    ApiVersionsResponseData answered = apiVersions((short) 3);

    // then
    assertThat(answered.supportedFeatures())
        .extracting(
            SupportedFeatureKey::name,
            SupportedFeatureKey::minVersion,
            SupportedFeatureKey::maxVersion)
        .containsExactly(tuple("chronik.entry.format", (short) 1, (short) EntryFormat.SUPPORTED));
    assertThat(answered.finalizedFeatures())
        .extracting(
            FinalizedFeatureKey::name,
            FinalizedFeatureKey::minVersionLevel,
            FinalizedFeatureKey::maxVersionLevel)
        .containsExactly(
            tuple(
                "chronik.entry.format",
                (short) EntryFormat.DELETE_RECORDS,
                (short) EntryFormat.DELETE_RECORDS));
    assertThat(answered.finalizedFeaturesEpoch()).isEqualTo(3);
  }

  @Test
  void shouldRaiseTheFinalizedLevelWithALaterEpochWhenTheLastOlderNodeComesBackUpgraded()
      throws Exception {
    // given
    long before = apiVersions((short) 4).finalizedFeaturesEpoch();

    // when: node 2 registers again with this release's level
    metadata
        .submit(new MetaCommand.RegisterBroker(TestImages.registered(2).brokers().get(2)))
        .join();
    ApiVersionsResponseData after = apiVersions((short) 4);

    // then
    assertThat(after.finalizedFeatures().find("chronik.entry.format").maxVersionLevel())
        .isEqualTo((short) EntryFormat.SUPPORTED);
    assertThat(after.finalizedFeaturesEpoch()).isGreaterThan(before);
  }

  private ApiVersionsResponseData apiVersions(short version) throws Exception {
    return ((ApiVersionsResponse)
            KafkaApisFixture.exchange(
                dispatcher,
                ApiKeys.API_VERSIONS,
                version,
                new ApiVersionsRequestData()
                    .setClientSoftwareName("test")
                    .setClientSoftwareVersion("1")))
        .data();
  }
}
