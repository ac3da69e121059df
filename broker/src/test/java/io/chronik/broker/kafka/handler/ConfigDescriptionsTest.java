package io.chronik.broker.kafka.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.BrokerConfig;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.junit.jupiter.api.Test;

/** Config values with their sources, synonyms, types and read-only flags, as Kafka gives them. */
class ConfigDescriptionsTest {
  private static final TopicInfo TOPIC =
      new TopicInfo(
          "orders",
          "AAAAAAAAAAAAAAAAAAAAAA",
          List.of(
              new PartitionAssignment(0, "g-a", List.of(1)),
              new PartitionAssignment(1, "g-a", List.of(1)),
              new PartitionAssignment(2, "g-b", List.of(1))),
          Map.of("retention.ms", "3600000"));

  private static Map<String, ConfigDescriptions.Described> byName(
      List<ConfigDescriptions.Described> list) {
    return list.stream()
        .collect(Collectors.toMap(ConfigDescriptions.Described::name, Function.identity()));
  }

  @Test
  void shouldListTheTopicOverrideThenTheBrokerSettingAsSynonymsWhenTheTopicOverridesIt() {
    // given: a node whose default retention was set
    BrokerConfig config = BrokerConfig.builder().retentionMs(60_000).build();

    // when
    Map<String, ConfigDescriptions.Described> configs =
        byName(ConfigDescriptions.topic(config, 9092, TOPIC));

    // then
    ConfigDescriptions.Described retention = configs.get("retention.ms");
    assertThat(retention.value()).isEqualTo("3600000");
    assertThat(retention.source()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
    assertThat(retention.readOnly()).isFalse();
    assertThat(retention.type()).isEqualTo(ConfigType.LONG.id());
    assertThat(retention.documentation()).isNotBlank();
    assertThat(retention.synonyms())
        .containsExactly(
            new ConfigDescriptions.Synonym(
                "retention.ms", "3600000", ConfigSource.TOPIC_CONFIG.id()),
            new ConfigDescriptions.Synonym(
                "log.retention.ms", "60000", ConfigSource.STATIC_BROKER_CONFIG.id()),
            new ConfigDescriptions.Synonym(
                "log.retention.ms", "604800000", ConfigSource.DEFAULT_CONFIG.id()));
  }

  @Test
  void shouldTakeTheBrokerDefaultWithItsSourceWhenTheTopicDoesNotOverride() {
    // when
    Map<String, ConfigDescriptions.Described> configs =
        byName(ConfigDescriptions.topic(BrokerConfig.defaults(), 9092, TOPIC));

    // then: the built-in default, and chronik's own per-group count, read-only
    ConfigDescriptions.Described segment = configs.get("segment.bytes");
    assertThat(segment.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
    assertThat(segment.synonyms())
        .containsExactly(
            new ConfigDescriptions.Synonym(
                "log.segment.bytes", segment.value(), ConfigSource.DEFAULT_CONFIG.id()));
    assertThat(segment.type()).isEqualTo(ConfigType.INT.id());
    assertThat(configs.get("cleanup.policy").type()).isEqualTo(ConfigType.LIST.id());
    ConfigDescriptions.Described perGroup = configs.get("partitions.per.group");
    assertThat(perGroup.value()).isEqualTo("2");
    assertThat(perGroup.readOnly()).isTrue();
    assertThat(configs.values()).noneMatch(d -> d.name().startsWith("log."));
  }

  @Test
  void shouldDescribeBrokerSettingsAsReadOnlyWithTheirSources() {
    // given
    BrokerConfig config =
        BrokerConfig.builder()
            .retentionBytes(1_000_000)
            .logCleanerIoMaxBytesPerSecond(1_048_576)
            .build();

    // when
    Map<String, ConfigDescriptions.Described> configs =
        byName(ConfigDescriptions.broker(config, 9092));

    // then
    assertThat(configs.values()).allMatch(ConfigDescriptions.Described::readOnly);
    assertThat(configs.get("log.retention.bytes").source())
        .isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
    assertThat(configs.get("log.retention.bytes").synonyms()).hasSize(2);
    assertThat(configs.get("log.retention.ms").source())
        .isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
    assertThat(configs.get("auto.create.topics.enable").type()).isEqualTo(ConfigType.BOOLEAN.id());
    assertThat(configs).doesNotContainKey("log.cleanup.policy");
    assertThat(configs.get("log.cleaner.io.max.bytes.per.second").value()).isEqualTo("1048576.0");
    assertThat(
            byName(ConfigDescriptions.broker(BrokerConfig.defaults(), 9092))
                .get("log.cleaner.io.max.bytes.per.second")
                .value())
        .isEqualTo("1.7976931348623157E308");
  }
}
