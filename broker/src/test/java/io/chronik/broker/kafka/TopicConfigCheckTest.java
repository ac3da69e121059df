package io.chronik.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

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
    "compression.type, foo, is not one of uncompressed, zstd, lz4, snappy, gzip, producer"
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
    "compression.type, producer"
  })
  void shouldTakeAValueAtTheEdgeOfWhatTheKeyTakes(String key, String value) {
    // then
    assertThat(TopicCreator.checkConfig(key, value)).isNull();
  }
}
