package io.chronik.broker.group;

import static io.chronik.broker.group.GroupFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupOffsetsTest {

  private static final String GROUP = "billing";
  private static final int SESSION_MS = 10_000;
  private static final short COMMIT_V = 9;

  private final GroupFixture fixture = new GroupFixture();

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  static OffsetCommitRequestData commitRequest(
      String groupId, int generation, String memberId, String topic, long... offsets) {
    List<OffsetCommitRequestPartition> partitions = new ArrayList<>();
    for (int p = 0; p < offsets.length; p++) {
      partitions.add(
          new OffsetCommitRequestPartition()
              .setPartitionIndex(p)
              .setCommittedOffset(offsets[p])
              .setCommittedLeaderEpoch(3)
              .setCommittedMetadata("m" + p));
    }
    return new OffsetCommitRequestData()
        .setGroupId(groupId)
        .setGenerationIdOrMemberEpoch(generation)
        .setMemberId(memberId)
        .setTopics(
            List.of(new OffsetCommitRequestTopic().setName(topic).setPartitions(partitions)));
  }

  private static List<Errors> errors(OffsetCommitResponseData response) {
    return response.topics().stream()
        .flatMap(t -> t.partitions().stream())
        .map(OffsetCommitResponsePartition::errorCode)
        .map(Errors::forCode)
        .toList();
  }

  private OffsetFetchResponseData fetchV7(String groupId, String topic, Integer... partitions) {
    List<OffsetFetchRequestTopic> topics =
        topic == null
            ? null
            : List.of(
                new OffsetFetchRequestTopic()
                    .setName(topic)
                    .setPartitionIndexes(Arrays.asList(partitions)));
    return fixture.coordinator.fetchOffsets(
        new OffsetFetchRequestData().setGroupId(groupId).setTopics(topics), (short) 7);
  }

  @Test
  void shouldReturnCommittedOffsetsWhenMemberCommitsAndFetches() {
    // given
    JoinGroupResponseData member = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");

    // when
    OffsetCommitResponseData committed =
        get(
            fixture.coordinator.commitOffsets(
                commitRequest(GROUP, 1, member.memberId(), "orders", 42, 7), COMMIT_V));
    OffsetFetchResponseData fetched = fetchV7(GROUP, "orders", 0, 1, 2);

    // then
    assertThat(errors(committed)).containsExactly(Errors.NONE, Errors.NONE);
    assertThat(fetched.errorCode()).isZero();
    List<OffsetFetchResponsePartition> partitions = fetched.topics().get(0).partitions();
    assertThat(partitions)
        .extracting(OffsetFetchResponsePartition::committedOffset)
        .containsExactly(42L, 7L, -1L);
    assertThat(partitions)
        .extracting(OffsetFetchResponsePartition::committedLeaderEpoch)
        .containsExactly(3, 3, -1);
    assertThat(partitions)
        .extracting(OffsetFetchResponsePartition::metadata)
        .containsExactly("m0", "m1", "");
    assertThat(fixture.store.committed(GROUP).get(new TopicPartition("orders", 0)).offset())
        .isEqualTo(42);
  }

  @Test
  void shouldAcceptCommitWhenSimpleConsumerUsesUnknownGroup() {
    // when
    OffsetCommitResponseData response =
        get(
            fixture.coordinator.commitOffsets(
                commitRequest("standalone", -1, "", "t", 5), COMMIT_V));

    // then
    assertThat(errors(response)).containsExactly(Errors.NONE);
    assertThat(fixture.store.committed("standalone")).containsKey(new TopicPartition("t", 0));
    assertThat(fixture.state("standalone")).isEqualTo(GroupState.EMPTY);
  }

  @Test
  void shouldAcceptCommitWhenVersionZeroHasNoGeneration() {
    // when
    OffsetCommitResponseData response =
        get(fixture.coordinator.commitOffsets(commitRequest("legacy", 99, "x", "t", 5), (short) 0));

    // then
    assertThat(errors(response)).containsExactly(Errors.NONE);
  }

  @Test
  void shouldRejectCommitWhenGenerationIsStale() {
    // given
    JoinGroupResponseData member = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");

    // when
    OffsetCommitResponseData response =
        get(
            fixture.coordinator.commitOffsets(
                commitRequest(GROUP, 0, member.memberId(), "orders", 1), COMMIT_V));

    // then
    assertThat(errors(response)).containsExactly(Errors.ILLEGAL_GENERATION);
    assertThat(fixture.store.committed(GROUP)).isEmpty();
  }

  @Test
  void shouldRejectCommitWhenGroupIsUnknownAndGenerationGiven() {
    // when
    OffsetCommitResponseData response =
        get(fixture.coordinator.commitOffsets(commitRequest("gone", 4, "m-1", "t", 1), COMMIT_V));

    // then
    assertThat(errors(response)).containsExactly(Errors.ILLEGAL_GENERATION);
  }

  @Test
  void shouldRejectSimpleCommitWhenGroupHasMembers() {
    // given
    fixture.stableSingleMember(GROUP, SESSION_MS, "p0");

    // when
    OffsetCommitResponseData response =
        get(fixture.coordinator.commitOffsets(commitRequest(GROUP, -1, "", "orders", 1), COMMIT_V));

    // then
    assertThat(errors(response)).containsExactly(Errors.UNKNOWN_MEMBER_ID);
  }

  @Test
  void shouldRejectCommitWhenGroupIsCompletingRebalance() {
    // given a group waiting for its leader's assignment
    JoinGroupResponseData member = get(fixture.joinNew(GROUP, SESSION_MS, "range"));

    // when
    OffsetCommitResponseData response =
        get(
            fixture.coordinator.commitOffsets(
                commitRequest(GROUP, 1, member.memberId(), "orders", 1), COMMIT_V));

    // then
    assertThat(errors(response)).containsExactly(Errors.REBALANCE_IN_PROGRESS);
  }

  @Test
  void shouldAcceptCommitOfOldGenerationWhenGroupIsPreparingRebalance() {
    // given a member revoking its partitions while a newcomer waits
    JoinGroupResponseData member = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");
    fixture.joinNew(GROUP, SESSION_MS, "range");

    // when
    OffsetCommitResponseData response =
        get(
            fixture.coordinator.commitOffsets(
                commitRequest(GROUP, 1, member.memberId(), "orders", 11), COMMIT_V));

    // then
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.PREPARING_REBALANCE);
    assertThat(errors(response)).containsExactly(Errors.NONE);
  }

  @Test
  void shouldRefuseMetadataWhenLargerThanLimit() {
    // given
    OffsetCommitRequestData request = commitRequest("big", -1, "", "t", 1, 2);
    request.topics().get(0).partitions().get(1).setCommittedMetadata("x".repeat(4097));

    // when
    OffsetCommitResponseData response = get(fixture.coordinator.commitOffsets(request, COMMIT_V));

    // then
    assertThat(errors(response)).containsExactly(Errors.NONE, Errors.OFFSET_METADATA_TOO_LARGE);
    assertThat(fixture.store.committed("big")).containsOnlyKeys(new TopicPartition("t", 0));
  }

  @Test
  void shouldFetchEveryCommittedPartitionWhenTopicsAreNull() {
    // given
    get(fixture.coordinator.commitOffsets(commitRequest("all", -1, "", "b", 1, 2), COMMIT_V));
    get(fixture.coordinator.commitOffsets(commitRequest("all", -1, "", "a", 3), COMMIT_V));

    // when
    OffsetFetchResponseData response = fetchV7("all", null);

    // then
    assertThat(response.topics()).extracting(t -> t.name()).containsExactly("a", "b");
    assertThat(response.topics().get(1).partitions())
        .extracting(OffsetFetchResponsePartition::committedOffset)
        .containsExactly(1L, 2L);
  }

  @Test
  void shouldAnswerMinusOneWhenGroupHasNoCommit() {
    // when
    OffsetFetchResponseData response = fetchV7("never-committed", "t", 0);

    // then
    assertThat(response.errorCode()).isZero();
    OffsetFetchResponsePartition partition = response.topics().get(0).partitions().get(0);
    assertThat(partition.committedOffset()).isEqualTo(-1);
    assertThat(partition.errorCode()).isZero();
  }

  @Test
  void shouldFetchSeveralGroupsWhenVersionIsEightOrLater() {
    // given
    get(fixture.coordinator.commitOffsets(commitRequest("g1", -1, "", "t", 10), COMMIT_V));
    get(fixture.coordinator.commitOffsets(commitRequest("g2", -1, "", "t", 20, 21), COMMIT_V));

    // when
    OffsetFetchResponseData response =
        fixture.coordinator.fetchOffsets(
            new OffsetFetchRequestData()
                .setGroups(
                    List.of(
                        new OffsetFetchRequestGroup()
                            .setGroupId("g1")
                            .setTopics(
                                List.of(
                                    new OffsetFetchRequestTopics()
                                        .setName("t")
                                        .setPartitionIndexes(List.of(0, 1)))),
                        new OffsetFetchRequestGroup().setGroupId("g2").setTopics(null))),
            (short) 8);

    // then
    assertThat(response.groups())
        .extracting(OffsetFetchResponseGroup::groupId)
        .containsExactly("g1", "g2");
    assertThat(response.groups().get(0).topics().get(0).partitions())
        .extracting(p -> p.committedOffset())
        .containsExactly(10L, -1L);
    assertThat(response.groups().get(1).topics().get(0).partitions())
        .extracting(p -> p.committedOffset())
        .containsExactly(20L, 21L);
  }

  @Test
  void shouldAnswerCoordinatorNotAvailableWhenStoreFails() {
    // given a store whose replication fails
    OffsetStore failing =
        new OffsetStore() {
          @Override
          public CompletableFuture<Void> commit(
              String groupId, Map<TopicPartition, CommittedOffset> offsets) {
            return CompletableFuture.failedFuture(new NotEnoughReplicasException("no quorum"));
          }

          @Override
          public Map<TopicPartition, CommittedOffset> committed(String groupId) {
            return Map.of();
          }

          @Override
          public Set<String> groupIds() {
            return Set.of();
          }

          @Override
          public CompletableFuture<Void> deleteGroup(String groupId) {
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
          }

          @Override
          public CompletableFuture<Void> storeGroup(GroupMetadata group, long coordinatorTerm) {
            return CompletableFuture.failedFuture(new NotEnoughReplicasException("no quorum"));
          }

          @Override
          public CompletableFuture<Void> forgetGroup(String groupId, long coordinatorTerm) {
            return CompletableFuture.failedFuture(new NotEnoughReplicasException("no quorum"));
          }

          @Override
          public Collection<GroupMetadata> storedGroups() {
            return List.of();
          }
        };
    try (GroupFixture broken = new GroupFixture(failing, 0)) {
      // when
      OffsetCommitResponseData response =
          get(broken.coordinator.commitOffsets(commitRequest("g", -1, "", "t", 1), COMMIT_V));

      // then
      assertThat(errors(response)).containsExactly(Errors.COORDINATOR_NOT_AVAILABLE);
    }
  }
}
