package io.chronik.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** Versions below the range chronik advertises are answered, not half-served. */
class RequestDispatcherTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(RequestDispatcher.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
    logs.stop();
  }

  static Stream<Arguments> versionsBelowServedRange() {
    return Stream.of(
        Arguments.of(ApiKeys.PRODUCE, (short) 3, produce()),
        Arguments.of(ApiKeys.FETCH, (short) 4, fetch()),
        Arguments.of(ApiKeys.LIST_OFFSETS, (short) 1, listOffsets()));
  }

  @ParameterizedTest(name = "{0} below v{1}")
  @MethodSource("versionsBelowServedRange")
  void shouldAnswerUnsupportedVersionWhenVersionIsBelowAdvertisedRange(
      ApiKeys key, short lowestServed, ApiMessage body) throws Exception {
    // given
    RequestDispatcher dispatcher = KafkaApisFixture.dispatcher();

    for (short version = key.oldestVersion(); version < lowestServed; version++) {
      // when
      ByteBuffer frame =
          dispatcher
              .dispatch(KafkaApisFixture.frame(key, version, body), "127.0.0.1", 1)
              .get(10, TimeUnit.SECONDS);

      // then: the API's own error response, UNSUPPORTED_VERSION for every partition
      assertThat(frame.getInt()).isEqualTo(frame.remaining());
      assertThat(ResponseHeader.parse(frame, key.responseHeaderVersion(version)).correlationId())
          .isEqualTo(7);
      AbstractResponse response = AbstractResponse.parseResponse(key, frame, version);
      Map<Errors, Integer> errors = new HashMap<>(response.errorCounts());
      errors.remove(Errors.NONE); // Fetch counts its top-level error, absent before v7, as NONE
      assertThat(errors).as("v" + version).isEqualTo(Map.of(Errors.UNSUPPORTED_VERSION, 1));
    }
    assertThat(
            dispatcher.apis().toApiVersions().stream()
                .filter(v -> v.apiKey() == key.id)
                .findFirst()
                .orElseThrow()
                .minVersion())
        .isEqualTo(lowestServed);
    assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
  }

  static Stream<Arguments> servedRanges() {
    return Stream.of(
        Arguments.of(ApiKeys.LIST_OFFSETS, (short) 1, (short) 9),
        Arguments.of(ApiKeys.ELECT_LEADERS, (short) 0, (short) 2),
        Arguments.of(ApiKeys.DELETE_RECORDS, (short) 0, (short) 2),
        Arguments.of(ApiKeys.OFFSET_DELETE, (short) 0, (short) 0));
  }

  @ParameterizedTest(name = "{0} v{1}-v{2}")
  @MethodSource("servedRanges")
  void shouldAdvertiseExactlyTheServedVersionsWhenAnApiIsServed(ApiKeys key, short min, short max) {
    // given
    RequestDispatcher dispatcher = KafkaApisFixture.dispatcher();

    // when
    var advertised =
        dispatcher.apis().toApiVersions().stream()
            .filter(v -> v.apiKey() == key.id)
            .findFirst()
            .orElseThrow();

    // then
    assertThat(advertised.minVersion()).isEqualTo(min);
    assertThat(advertised.maxVersion()).isEqualTo(max);
    assertThat(dispatcher.apis().supports(key, max)).isTrue();
  }

  private static ApiMessage produce() {
    ProduceRequestData data = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
    data.topicData()
        .add(
            new ProduceRequestData.TopicProduceData()
                .setName("t")
                .setPartitionData(
                    List.of(
                        new ProduceRequestData.PartitionProduceData()
                            .setIndex(0)
                            .setRecords(MemoryRecords.EMPTY))));
    return data;
  }

  private static ApiMessage fetch() {
    return new FetchRequestData()
        .setReplicaId(-1)
        .setMaxWaitMs(100)
        .setMinBytes(1)
        .setTopics(
            List.of(
                new FetchRequestData.FetchTopic()
                    .setTopic("t")
                    .setPartitions(
                        List.of(
                            new FetchRequestData.FetchPartition()
                                .setPartition(0)
                                .setFetchOffset(0)
                                .setPartitionMaxBytes(100_000)))));
  }

  private static ApiMessage listOffsets() {
    return new ListOffsetsRequestData()
        .setReplicaId(-1)
        .setTopics(
            List.of(
                new ListOffsetsRequestData.ListOffsetsTopic()
                    .setName("t")
                    .setPartitions(
                        List.of(
                            new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(0)
                                .setTimestamp(-1)
                                .setMaxNumOffsets(1)))));
  }
}
