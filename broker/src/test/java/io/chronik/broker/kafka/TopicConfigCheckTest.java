package io.chronik.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicConfigCheckTest {

  @ParameterizedTest
  @CsvSource({
    "retention.ms, -5, at least -1",
    "retention.bytes, -7, at least -1",
    "segment.ms, 0, at least 1",
    "segment.bytes, 0, between 14 and 2147483647",
    "segment.bytes, 3000000000, between 14 and 2147483647",
    "max.message.bytes, -1, between 0 and 1114112",
    "max.message.bytes, 2000000, between 0 and 1114112",
    "min.insync.replicas, 0, between 1 and 2147483647",
    "compression.type, foo, is not one of uncompressed, zstd, lz4, snappy, gzip, producer",
    "cleanup.policy, compress, 'compress' is not a cleanup policy",
    "cleanup.policy, '', an empty name is not a cleanup policy",
    "cleanup.policy, 'compact,compact', 'compact' is named twice",
    "cleanup.policy, Compact, 'Compact' is not a cleanup policy",
    "min.cleanable.dirty.ratio, 1.01, between 0 and 1",
    "min.cleanable.dirty.ratio, NaN, between 0 and 1",
    "min.cleanable.dirty.ratio, half, must be a number",
    "delete.retention.ms, -1, at least 0",
    "min.compaction.lag.ms, -1, at least 0",
    "max.compaction.lag.ms, 0, at least 1"
  })
  void shouldRefuseAValueOutsideWhatTheKeyTakes(String key, String value, String problem) {
    // when
    String answer = TopicCreator.checkConfig(key, value);

    // then
    assertThat(answer).contains(key).contains(problem);
  }

  @ParameterizedTest
  @CsvSource({
    "retention.ms, -1",
    "retention.bytes, -1",
    "retention.ms, 0",
    "segment.ms, 1",
    "segment.bytes, 14",
    "segment.bytes, 2147483647",
    "max.message.bytes, 0",
    "max.message.bytes, 1114112",
    "min.insync.replicas, 2",
    "compression.type, zstd",
    "compression.type, producer",
    "cleanup.policy, delete",
    "cleanup.policy, compact",
    "cleanup.policy, 'compact,delete'",
    "cleanup.policy, 'delete, compact'",
    "min.cleanable.dirty.ratio, 0",
    "min.cleanable.dirty.ratio, 1",
    "min.cleanable.dirty.ratio, 0.5",
    "delete.retention.ms, 0",
    "min.compaction.lag.ms, 0",
    "max.compaction.lag.ms, 1",
    "max.compaction.lag.ms, 9223372036854775807"
  })
  void shouldTakeAValueAtTheEdgeOfWhatTheKeyTakes(String key, String value) {
    // then
    assertThat(TopicCreator.checkConfig(key, value)).isNull();
  }

  @Test
  void shouldRefuseAMinCompactionLagAboveTheMaxOnlyTogether() {
    // then
    assertThat(
            TopicCreator.checkTogether(
                Map.of("min.compaction.lag.ms", "20", "max.compaction.lag.ms", "10")))
        .isEqualTo(
            "conflict topic config setting min.compaction.lag.ms (20) > max.compaction.lag.ms (10)");
    assertThat(
            TopicCreator.checkTogether(
                Map.of("min.compaction.lag.ms", "10", "max.compaction.lag.ms", "10")))
        .isNull();
    assertThat(TopicCreator.checkTogether(Map.of("min.compaction.lag.ms", "10"))).isNull();
  }
}
