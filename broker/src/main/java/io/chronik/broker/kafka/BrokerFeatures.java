package io.chronik.broker.kafka;

import io.chronik.broker.meta.MetadataService;
import io.chronik.broker.partition.EntryFormat;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;

/**
 * The features ApiVersions reports (v3+; {@code Admin#describeFeatures}, {@code kafka-features.sh
 * describe}). chronik has one: {@value #ENTRY_FORMAT}, its entry-format level ({@link
 * EntryFormat}). This node supports levels 1 to {@link EntryFormat#SUPPORTED}; the finalized level
 * is the one every registered node applies, which leaders use now ({@link
 * EntryFormat#clusterLevel}); it rises by itself once the last node of a rolling upgrade registered
 * its new level. The finalized-features epoch is the index of the last metadata entry this node
 * applied, as Kafka's brokers report the offset of their metadata image: it grows with every
 * metadata change, so also whenever the level rises.
 */
public final class BrokerFeatures {
  /** The feature name of chronik's entry-format level. */
  public static final String ENTRY_FORMAT = "chronik.entry.format";

  private BrokerFeatures() {}

  /** Adds the supported and finalized features, as this node knows them now, to {@code data}. */
  public static ApiVersionsResponseData addTo(
      ApiVersionsResponseData data, MetadataService metadata) {
    // the index first: the image read after it is at least as recent
    long epoch = metadata.appliedIndex();
    short level = (short) EntryFormat.clusterLevel(metadata.image());
    data.supportedFeatures()
        .add(
            new SupportedFeatureKey()
                .setName(ENTRY_FORMAT)
                .setMinVersion((short) EntryFormat.APPEND)
                .setMaxVersion((short) EntryFormat.SUPPORTED));
    if (epoch >= 0) {
      data.setFinalizedFeaturesEpoch(epoch);
      data.finalizedFeatures()
          .add(
              new FinalizedFeatureKey()
                  .setName(ENTRY_FORMAT)
                  .setMinVersionLevel(level)
                  .setMaxVersionLevel(level));
    }
    return data;
  }
}
