package io.chronik.broker.kafka.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopicCollection;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.junit.jupiter.api.Test;

/** Which hosted partitions a DescribeLogDirs request gets, and what is said of each. */
class DescribeLogDirsHandlerTest {
  private static final Map<TopicPartition, Long> SIZES =
      Map.of(
          new TopicPartition("orders", 1), 300L,
          new TopicPartition("orders", 0), 200L,
          new TopicPartition("audit", 0), 100L);

  @Test
  void shouldListEveryHostedPartitionByTopicAndIndexWhenTopicsAreNull() {
    // given
    DescribeLogDirsRequest request = request(null);

    // when
    List<DescribeLogDirsTopic> topics =
        DescribeLogDirsHandler.topics(request, SIZES.keySet(), SIZES::get);

    // then
    assertThat(topics).extracting(DescribeLogDirsTopic::name).containsExactly("audit", "orders");
    assertThat(topics.get(1).partitions())
        .extracting(
            DescribeLogDirsPartition::partitionIndex, DescribeLogDirsPartition::partitionSize)
        .containsExactly(tuple(0, 200L), tuple(1, 300L));
    assertThat(topics)
        .flatExtracting(DescribeLogDirsTopic::partitions)
        .allSatisfy(
            p -> {
              assertThat(p.offsetLag()).isZero();
              assertThat(p.isFutureKey()).isFalse();
            });
  }

  @Test
  void shouldListOnlyTheNamedPartitionsThatAreHostedWhenTopicsAreGiven() {
    // given: one hosted partition, one partition and one topic not hosted here
    DescribableLogDirTopicCollection asked = new DescribableLogDirTopicCollection();
    asked.add(new DescribableLogDirTopic().setTopic("orders").setPartitions(List.of(1, 7)));
    asked.add(new DescribableLogDirTopic().setTopic("unknown").setPartitions(List.of(0)));
    DescribeLogDirsRequest request = request(asked);

    // when
    List<DescribeLogDirsTopic> topics =
        DescribeLogDirsHandler.topics(request, SIZES.keySet(), SIZES::get);

    // then
    assertThat(topics).extracting(DescribeLogDirsTopic::name).containsExactly("orders");
    assertThat(topics.get(0).partitions())
        .extracting(DescribeLogDirsPartition::partitionIndex)
        .containsExactly(1);
  }

  @Test
  void shouldListNothingWhenTheTopicListIsEmpty() {
    // when
    List<DescribeLogDirsTopic> topics =
        DescribeLogDirsHandler.topics(
            request(new DescribableLogDirTopicCollection()), SIZES.keySet(), SIZES::get);

    // then
    assertThat(topics).isEmpty();
  }

  private static DescribeLogDirsRequest request(DescribableLogDirTopicCollection topics) {
    return new DescribeLogDirsRequest.Builder(new DescribeLogDirsRequestData().setTopics(topics))
        .build((short) 4);
  }
}
