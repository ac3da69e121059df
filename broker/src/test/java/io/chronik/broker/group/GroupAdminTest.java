package io.chronik.broker.group;

import static io.chronik.broker.group.GroupFixture.get;
import static io.chronik.broker.group.GroupFixture.text;
import static io.chronik.broker.group.GroupOffsetsTest.commitRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupAdminTest {

  private static final int SESSION_MS = 10_000;

  private final GroupFixture fixture = new GroupFixture();

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private Map<String, Errors> delete(String... groupIds) {
    DeleteGroupsResponseData response =
        get(
            fixture.coordinator.deleteGroups(
                new DeleteGroupsRequestData().setGroupsNames(List.of(groupIds)), (short) 2));
    return response.results().stream()
        .collect(Collectors.toMap(r -> r.groupId(), r -> Errors.forCode(r.errorCode())));
  }

  private List<ListedGroup> list(short version, List<String> states, List<String> types) {
    ListGroupsResponseData response =
        fixture.coordinator.listGroups(
            new ListGroupsRequestData().setStatesFilter(states).setTypesFilter(types), version);
    assertThat(response.errorCode()).isZero();
    return response.groups();
  }

  private DescribedGroup describe(String groupId) {
    return fixture
        .coordinator
        .describeGroups(
            new DescribeGroupsRequestData()
                .setGroups(List.of(groupId))
                .setIncludeAuthorizedOperations(true),
            (short) 5)
        .groups()
        .get(0);
  }

  @Test
  void shouldDeleteGroupAndOffsetsWhenGroupIsEmpty() {
    // given an Empty group with committed offsets, and one that never existed
    get(fixture.coordinator.commitOffsets(commitRequest("idle", -1, "", "t", 5), (short) 9));

    // when
    Map<String, Errors> results = delete("idle", "never");

    // then
    assertThat(results)
        .containsEntry("idle", Errors.NONE)
        .containsEntry("never", Errors.GROUP_ID_NOT_FOUND);
    assertThat(fixture.store.committed("idle")).isEmpty();
    assertThat(fixture.coordinator.groups()).isEmpty();
  }

  @Test
  void shouldRefuseDeletionWhenGroupHasMembers() {
    // given
    fixture.stableSingleMember("busy", SESSION_MS, "p0");
    get(fixture.coordinator.commitOffsets(commitRequest("other", -1, "", "t", 5), (short) 9));

    // when
    Map<String, Errors> results = delete("busy");

    // then
    assertThat(results).containsEntry("busy", Errors.NON_EMPTY_GROUP);
    assertThat(fixture.state("busy")).isEqualTo(GroupState.STABLE);
  }

  @Test
  void shouldDeleteGroupWhenItIsKnownOnlyByItsOffsets() {
    // given offsets committed before this coordinator started
    fixture.store.commit(
        "restored", Map.of(new TopicPartition("t", 0), new CommittedOffset(1, -1, "", 0)));

    // when
    Map<String, Errors> results = delete("restored");

    // then
    assertThat(results).containsEntry("restored", Errors.NONE);
    assertThat(fixture.store.groupIds()).isEmpty();
  }

  @Test
  void shouldListGroupsMatchingStateFilterWhenVersionIsFourOrLater() {
    // given
    fixture.stableSingleMember("stable", SESSION_MS, "p0");
    get(fixture.coordinator.commitOffsets(commitRequest("idle", -1, "", "t", 5), (short) 9));

    // when
    List<ListedGroup> all = list((short) 5, List.of(), List.of());
    List<ListedGroup> stableOnly = list((short) 4, List.of("stable"), List.of());
    List<ListedGroup> unfilteredBeforeV4 = list((short) 3, List.of(), List.of());
    List<ListedGroup> consumerTypeOnly = list((short) 5, List.of(), List.of("consumer"));

    // then
    assertThat(all).extracting(ListedGroup::groupId).containsExactly("idle", "stable");
    assertThat(all).extracting(ListedGroup::groupState).containsExactly("Empty", "Stable");
    assertThat(all).extracting(ListedGroup::protocolType).containsExactly("", "consumer");
    assertThat(all).extracting(ListedGroup::groupType).containsOnly("classic");
    assertThat(stableOnly).extracting(ListedGroup::groupId).containsExactly("stable");
    assertThat(unfilteredBeforeV4).hasSize(2);
    assertThat(consumerTypeOnly).isEmpty();
  }

  @Test
  void shouldDescribeMembersWithMetadataAndAssignmentWhenGroupIsStable() {
    // given
    JoinGroupResponseData member = fixture.stableSingleMember("described", SESSION_MS, "p0,p1");

    // when
    DescribedGroup group = describe("described");

    // then
    assertThat(group.errorCode()).isZero();
    assertThat(group.groupState()).isEqualTo("Stable");
    assertThat(group.protocolType()).isEqualTo("consumer");
    assertThat(group.protocolData()).isEqualTo("range");
    assertThat(group.authorizedOperations())
        .isEqualTo(
            Utils.to32BitField(
                Set.of(
                    AclOperation.READ.code(),
                    AclOperation.DESCRIBE.code(),
                    AclOperation.DELETE.code())));
    DescribedGroupMember described = group.members().get(0);
    assertThat(described.memberId()).isEqualTo(member.memberId());
    assertThat(described.clientId()).isEqualTo("client");
    assertThat(described.clientHost()).isEqualTo("/127.0.0.1");
    assertThat(text(described.memberMetadata())).isEqualTo("meta-range");
    assertThat(text(described.memberAssignment())).isEqualTo("p0,p1");
  }

  @Test
  void shouldDescribeUnknownGroupAsDeadWhenItHasNoOffsets() {
    // given
    get(
        fixture.coordinator.commitOffsets(
            commitRequest("offsets-only", -1, "", "t", 5), (short) 9));
    fixture.coordinator.sweepEmptyGroups();

    // when
    DescribedGroup unknown = describe("unknown");
    DescribedGroup offsetsOnly = describe("offsets-only");

    // then
    assertThat(unknown.errorCode()).isZero();
    assertThat(unknown.groupState()).isEqualTo("Dead");
    assertThat(unknown.members()).isEmpty();
    assertThat(offsetsOnly.groupState()).isEqualTo("Empty");
  }

  @Test
  void shouldForgetEmptyGroupWhenSweptWithoutOffsets() {
    // given a group whose only member left without committing
    JoinGroupResponseData member = fixture.stableSingleMember("transient", SESSION_MS, "p0");
    fixture.leave("transient", new MemberIdentity().setMemberId(member.memberId()));
    GroupState beforeSweep = fixture.state("transient");

    // when
    fixture.coordinator.sweepEmptyGroups();

    // then
    assertThat(beforeSweep).isEqualTo(GroupState.EMPTY);
    assertThat(fixture.coordinator.groups()).isEmpty();
  }

  @Test
  void shouldSummarizeGroupsWhenAdminAsks() {
    // given
    fixture.stableSingleMember("summarized", SESSION_MS, "p0");

    // when
    List<GroupSummary> groups = fixture.coordinator.groups();

    // then
    assertThat(groups)
        .containsExactly(
            new GroupSummary("summarized", GroupState.STABLE, "consumer", "range", 1, 1));
  }
}
