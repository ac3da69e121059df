package io.chronik.broker.group;

import static io.chronik.broker.group.GroupFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OffsetDelete at the coordinator: which offsets of which groups go, as Kafka decides it. */
class OffsetDeletesTest {
  private static final CommittedOffset AT_5 = new CommittedOffset(5, -1, "", 1L);
  private static final TopicPartition JOBS_0 = new TopicPartition("jobs", 0);
  private static final TopicPartition JOBS_1 = new TopicPartition("jobs", 1);
  private static final TopicPartition OTHER_0 = new TopicPartition("other", 0);

  private final GroupFixture fixture = new GroupFixture();

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void shouldDeleteTheNamedOffsetsWhenTheGroupIsKnownByItsOffsetsOnly() {
    // given
    get(fixture.store.commit("g", Map.of(JOBS_0, AT_5, JOBS_1, AT_5, OTHER_0, AT_5)));

    // when: jobs-0, and jobs-7 which has no offset
    OffsetDeleteResponseData response = delete("g", JOBS_0, new TopicPartition("jobs", 7));

    // then
    assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
    assertThat(errors(response))
        .isEqualTo(Map.of(JOBS_0, Errors.NONE, new TopicPartition("jobs", 7), Errors.NONE));
    assertThat(fixture.store.committed("g")).containsOnlyKeys(JOBS_1, OTHER_0);
  }

  @Test
  void shouldKeepTheOffsetsOfSubscribedTopicsWhenTheGroupHasMembers() {
    // given: a consumer member subscribed to "jobs", and offsets of jobs and other
    get(fixture.store.commit("g", Map.of(JOBS_0, AT_5, OTHER_0, AT_5)));
    join("g", "consumer", "jobs");

    // when
    OffsetDeleteResponseData response = delete("g", JOBS_0, OTHER_0);

    // then
    assertThat(errors(response))
        .isEqualTo(Map.of(JOBS_0, Errors.GROUP_SUBSCRIBED_TO_TOPIC, OTHER_0, Errors.NONE));
    assertThat(fixture.store.committed("g")).containsOnlyKeys(JOBS_0);
  }

  @Test
  void shouldRefuseAGroupWithMembersThatIsNotAConsumerGroup() {
    // given
    get(fixture.store.commit("c", Map.of(OTHER_0, AT_5)));
    join("c", "connect", "jobs");

    // when
    OffsetDeleteResponseData response = delete("c", OTHER_0);

    // then
    assertThat(response.errorCode()).isEqualTo(Errors.NON_EMPTY_GROUP.code());
    assertThat(fixture.store.committed("c")).containsOnlyKeys(OTHER_0);
  }

  @Test
  void shouldAnswerGroupIdNotFoundOrInvalidGroupIdWhenThereIsNoSuchGroup() {
    // when / then
    assertThat(delete("nosuch", JOBS_0).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    assertThat(delete("", JOBS_0).errorCode()).isEqualTo(Errors.INVALID_GROUP_ID.code());
  }

  /** Joins a new member whose subscription (the consumer protocol's) names {@code topic}. */
  private void join(String groupId, String protocolType, String topic) {
    ByteBuffer subscription =
        ConsumerProtocol.serializeSubscription(new Subscription(List.of(topic)));
    byte[] metadata = new byte[subscription.remaining()];
    subscription.get(metadata);
    JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
    protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(metadata));
    JoinGroupRequestData request =
        new JoinGroupRequestData()
            .setGroupId(groupId)
            .setMemberId("")
            .setSessionTimeoutMs(10_000)
            .setRebalanceTimeoutMs(20_000)
            .setProtocolType(protocolType)
            .setProtocols(protocols);
    JoinGroupResponseData first = get(fixture.join(request, GroupFixture.JOIN_V));
    JoinGroupResponseData joined =
        get(fixture.join(request.setMemberId(first.memberId()), GroupFixture.JOIN_V));
    assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
  }

  private OffsetDeleteResponseData delete(String groupId, TopicPartition... partitions) {
    OffsetDeleteRequestTopicCollection topics = new OffsetDeleteRequestTopicCollection();
    for (TopicPartition tp : partitions) {
      OffsetDeleteRequestTopic t = topics.find(tp.topic());
      if (t == null) {
        t = new OffsetDeleteRequestTopic().setName(tp.topic());
        topics.add(t);
      }
      t.partitions().add(new OffsetDeleteRequestPartition().setPartitionIndex(tp.partition()));
    }
    return get(
        fixture.coordinator.deleteOffsets(
            new OffsetDeleteRequestData().setGroupId(groupId).setTopics(topics)));
  }

  private static Map<TopicPartition, Errors> errors(OffsetDeleteResponseData response) {
    Map<TopicPartition, Errors> out = new HashMap<>();
    response
        .topics()
        .forEach(
            t ->
                t.partitions()
                    .forEach(
                        p ->
                            out.put(
                                new TopicPartition(t.name(), p.partitionIndex()),
                                Errors.forCode(p.errorCode()))));
    return out;
  }
}
