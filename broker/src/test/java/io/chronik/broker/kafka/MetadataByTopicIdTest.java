package io.chronik.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TestImages;
import io.chronik.broker.meta.TopicInfo;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.Test;

/** What Metadata answers to topics asked for by id, in each version, as a Kafka broker does. */
class MetadataByTopicIdTest {
  private static final Uuid ORDERS_ID = Uuid.randomUuid();
  private static final MetadataImage IMAGE =
      TestImages.registered(1)
          .apply(
              new io.chronik.broker.meta.MetaCommand.CreateTopic(
                  new TopicInfo(
                      "orders",
                      ORDERS_ID.toString(),
                      List.of(new PartitionAssignment(0, "g-0", List.of(1))),
                      Map.of())))
          .image();

  private final RequestDispatcher dispatcher =
      KafkaApisFixture.dispatcher(
          KafkaApisFixture.services(
              KafkaApisFixture.metadata(() -> IMAGE),
              null,
              new KafkaApisFixture.NoGroups(),
              1,
              -1));

  @Test
  void shouldAnswerInvalidRequestForEveryTopicWhenAV10OrV11RequestAsksByIdOrWithoutAName()
      throws Exception {
    for (short version = 10; version <= 11; version++) {
      // given: the v10 format carries a topic id, but Kafka serves topics by id only from v12
      MetadataRequestData byId =
          request(new MetadataRequestTopic().setName("orders").setTopicId(ORDERS_ID));
      MetadataRequestData nameless = request(new MetadataRequestTopic().setName(null));

      // when
      MetadataResponseData answeredById = metadata(version, byId);
      MetadataResponseData answeredNameless = metadata(version, nameless);

      // then
      assertThat(answeredById.topics())
          .as("v%d", version)
          .extracting(
              MetadataResponseTopic::name,
              MetadataResponseTopic::topicId,
              MetadataResponseTopic::errorCode)
          .containsExactly(tuple("orders", ORDERS_ID, Errors.INVALID_REQUEST.code()));
      assertThat(answeredById.topics().iterator().next().partitions()).isEmpty();
      assertThat(answeredNameless.topics())
          .as("v%d", version)
          .extracting(MetadataResponseTopic::name, MetadataResponseTopic::errorCode)
          .containsExactly(tuple("", Errors.INVALID_REQUEST.code()));
    }
  }

  @Test
  void shouldAnswerTopicsByNameAsBeforeWhenAV10RequestNamesThem() throws Exception {
    // when
    MetadataResponseData answered =
        metadata((short) 10, request(new MetadataRequestTopic().setName("orders")));

    // then
    assertThat(answered.topics())
        .extracting(
            MetadataResponseTopic::name,
            MetadataResponseTopic::topicId,
            MetadataResponseTopic::errorCode)
        .containsExactly(tuple("orders", ORDERS_ID, Errors.NONE.code()));
  }

  @Test
  void shouldAnswerOnlyTheIdsWithUnknownTopicIdForUnknownOnesWhenAV12RequestAsksById()
      throws Exception {
    // given: a known id, an unknown one, and a name, which Kafka leaves out of such a request
    Uuid unknown = Uuid.randomUuid();
    MetadataRequestData request =
        request(
            new MetadataRequestTopic().setName(null).setTopicId(ORDERS_ID),
            new MetadataRequestTopic().setName(null).setTopicId(unknown),
            new MetadataRequestTopic().setName("not-created"));

    // when
    MetadataResponseData answered = metadata((short) 12, request);

    // then
    assertThat(answered.topics())
        .extracting(
            MetadataResponseTopic::name,
            MetadataResponseTopic::topicId,
            MetadataResponseTopic::errorCode)
        .containsExactlyInAnyOrder(
            tuple("orders", ORDERS_ID, Errors.NONE.code()),
            tuple(null, unknown, Errors.UNKNOWN_TOPIC_ID.code()));
    assertThat(answered.topics().find("orders").partitions()).hasSize(1);
  }

  private static MetadataRequestData request(MetadataRequestTopic... topics) {
    return new MetadataRequestData().setTopics(List.of(topics)).setAllowAutoTopicCreation(true);
  }

  private MetadataResponseData metadata(short version, MetadataRequestData request)
      throws Exception {
    return ((MetadataResponse)
            KafkaApisFixture.exchange(dispatcher, ApiKeys.METADATA, version, request))
        .data();
  }
}
