package io.chronik.broker.group;

import static io.chronik.broker.group.GroupFixture.get;
import static io.chronik.broker.group.GroupFixture.joinRequest;
import static io.chronik.broker.group.GroupFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupMembershipTest {

  private static final String GROUP = "orders";
  private static final int SESSION_MS = 10_000;

  private final GroupFixture fixture = new GroupFixture();

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void shouldFormStableGroupWhenSingleMemberJoinsAndSyncs() {
    // given
    JoinGroupResponseData joined = get(fixture.joinNew(GROUP, SESSION_MS, "range"));

    // when
    SyncGroupResponseData synced =
        get(
            fixture.sync(
                GROUP, joined.generationId(), joined.memberId(), Map.of(joined.memberId(), "p0")));

    // then
    assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
    assertThat(joined.generationId()).isEqualTo(1);
    assertThat(joined.leader()).isEqualTo(joined.memberId());
    assertThat(joined.memberId()).startsWith("client-");
    assertThat(joined.protocolType()).isEqualTo("consumer");
    assertThat(joined.protocolName()).isEqualTo("range");
    assertThat(joined.members())
        .extracting(JoinGroupResponseMember::memberId)
        .containsExactly(joined.memberId());
    assertThat(text(synced.assignment())).isEqualTo("p0");
    assertThat(synced.protocolName()).isEqualTo("range");
    assertThat(fixture.heartbeat(GROUP, 1, joined.memberId())).isEqualTo(Errors.NONE);
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.STABLE);
  }

  @Test
  void shouldHandOutMemberIdWhenNewMemberJoinsWithV4OrLater() {
    // when
    JoinGroupResponseData response =
        get(fixture.join(joinRequest(GROUP, "", null, SESSION_MS, "range"), (short) 4));

    // then
    assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
    assertThat(response.memberId()).startsWith("client-");
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.EMPTY);
  }

  @Test
  void shouldAddMemberAtOnceWhenNewMemberJoinsBeforeV4() {
    // when
    JoinGroupResponseData response =
        get(fixture.join(joinRequest(GROUP, "", null, SESSION_MS, "range"), (short) 3));

    // then
    assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
    assertThat(response.generationId()).isEqualTo(1);
    assertThat(response.leader()).isEqualTo(response.memberId());
  }

  @Test
  void shouldDistributeLeaderAssignmentWhenSecondMemberJoins() {
    // given
    JoinGroupResponseData first = fixture.stableSingleMember(GROUP, SESSION_MS, "p0,p1");
    String a = first.memberId();

    // when
    CompletableFuture<JoinGroupResponseData> secondJoin =
        fixture.joinNew(GROUP, SESSION_MS, "range");
    Errors heartbeat = fixture.heartbeat(GROUP, 1, a);
    JoinGroupResponseData leaderJoin = get(fixture.rejoin(GROUP, a, SESSION_MS, "range"));
    JoinGroupResponseData followerJoin = get(secondJoin);
    String b = followerJoin.memberId();
    CompletableFuture<SyncGroupResponseData> followerSync = fixture.sync(GROUP, 2, b, Map.of());
    boolean followerAnsweredBeforeLeader = followerSync.isDone();
    SyncGroupResponseData leaderSync = get(fixture.sync(GROUP, 2, a, Map.of(a, "p0", b, "p1")));

    // then
    assertThat(heartbeat).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    assertThat(leaderJoin.generationId()).isEqualTo(2);
    assertThat(followerJoin.generationId()).isEqualTo(2);
    assertThat(leaderJoin.leader()).isEqualTo(a);
    assertThat(followerJoin.leader()).isEqualTo(a);
    assertThat(leaderJoin.members())
        .extracting(JoinGroupResponseMember::memberId)
        .containsExactlyInAnyOrder(a, b);
    assertThat(leaderJoin.members()).extracting(m -> text(m.metadata())).containsOnly("meta-range");
    assertThat(followerJoin.members()).isEmpty();
    assertThat(followerAnsweredBeforeLeader).isFalse();
    assertThat(text(leaderSync.assignment())).isEqualTo("p0");
    assertThat(text(get(followerSync).assignment())).isEqualTo("p1");
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.STABLE);
  }

  @Test
  void shouldEvictMemberAndRebalanceWhenSessionTimesOut() {
    // given two members with a 1 s session, of which only the leader keeps heartbeating (every
    // 50 ms while it waits, so even a loaded machine does not let its session lapse too)
    int session = 1000;
    JoinGroupResponseData first = fixture.stableSingleMember(GROUP, session, "p0");
    String a = first.memberId();
    CompletableFuture<JoinGroupResponseData> secondJoin = fixture.joinNew(GROUP, session, "range");
    get(fixture.rejoin(GROUP, a, session, "range"));
    String b = get(secondJoin).memberId();
    get(fixture.sync(GROUP, 2, a, Map.of(a, "p0", b, "p1")));
    get(fixture.sync(GROUP, 2, b, Map.of()));

    // when the follower stops heartbeating
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> fixture.heartbeat(GROUP, 2, a) == Errors.REBALANCE_IN_PROGRESS);
    JoinGroupResponseData rejoined = get(fixture.rejoin(GROUP, a, session, "range"));

    // then
    assertThat(rejoined.generationId()).isEqualTo(3);
    assertThat(rejoined.members()).extracting(JoinGroupResponseMember::memberId).containsExactly(a);
    assertThat(fixture.heartbeat(GROUP, 2, b)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
  }

  @Test
  void shouldEvictMemberWhenItDoesNotRejoinWithinRebalanceTimeout() {
    // given a stable group of two with long sessions but a 300 ms rebalance timeout
    JoinGroupResponseData first =
        get(
            fixture.join(
                joinRequest(GROUP, "", null, SESSION_MS, "range").setRebalanceTimeoutMs(300),
                (short) 3));
    String a = first.memberId();
    get(fixture.sync(GROUP, 1, a, Map.of(a, "p0")));
    CompletableFuture<JoinGroupResponseData> secondJoin =
        fixture.join(
            joinRequest(GROUP, "", null, SESSION_MS, "range").setRebalanceTimeoutMs(300),
            (short) 3);
    get(
        fixture.join(
            joinRequest(GROUP, a, null, SESSION_MS, "range").setRebalanceTimeoutMs(300),
            (short) 3));
    String b = get(secondJoin).memberId();
    get(fixture.sync(GROUP, 2, a, Map.of(a, "p0", b, "p1")));
    get(fixture.sync(GROUP, 2, b, Map.of()));

    // when the leader rejoins and the follower never does
    CompletableFuture<JoinGroupResponseData> rejoin =
        fixture.join(
            joinRequest(GROUP, a, null, SESSION_MS, "range").setRebalanceTimeoutMs(300), (short) 3);
    boolean answeredBeforeTimeout = rejoin.isDone();
    JoinGroupResponseData rejoined = get(rejoin);

    // then
    assertThat(answeredBeforeTimeout).isFalse();
    assertThat(rejoined.generationId()).isEqualTo(3);
    assertThat(rejoined.members()).extracting(JoinGroupResponseMember::memberId).containsExactly(a);
    assertThat(fixture.heartbeat(GROUP, 2, b)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
  }

  @Test
  void shouldRebalanceWhenMemberLeaves() {
    // given
    JoinGroupResponseData first = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");
    String a = first.memberId();
    CompletableFuture<JoinGroupResponseData> secondJoin =
        fixture.joinNew(GROUP, SESSION_MS, "range");
    get(fixture.rejoin(GROUP, a, SESSION_MS, "range"));
    String b = get(secondJoin).memberId();
    get(fixture.sync(GROUP, 2, a, Map.of(a, "p0", b, "p1")));

    // when
    LeaveGroupResponseData left = fixture.leave(GROUP, new MemberIdentity().setMemberId(b));

    // then
    assertThat(Errors.forCode(left.errorCode())).isEqualTo(Errors.NONE);
    assertThat(left.members())
        .extracting(LeaveGroupResponseData.MemberResponse::errorCode)
        .containsExactly(Errors.NONE.code());
    assertThat(fixture.heartbeat(GROUP, 2, a)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    JoinGroupResponseData rejoined = get(fixture.rejoin(GROUP, a, SESSION_MS, "range"));
    assertThat(rejoined.generationId()).isEqualTo(3);
    assertThat(rejoined.members()).hasSize(1);
  }

  @Test
  void shouldBecomeEmptyWhenLastMemberLeaves() {
    // given
    JoinGroupResponseData joined = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");

    // when
    fixture.leave(GROUP, new MemberIdentity().setMemberId(joined.memberId()));

    // then
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.EMPTY);
    assertThat(fixture.coordinator.groups())
        .singleElement()
        .extracting(GroupSummary::generationId)
        .isEqualTo(2);
  }

  @Test
  void shouldLeaveByInstanceIdWhenMemberIdIsEmpty() {
    // given
    JoinGroupResponseData joined =
        get(
            fixture.join(
                joinRequest(GROUP, "", "instance-1", SESSION_MS, "range"), GroupFixture.JOIN_V));

    // when
    LeaveGroupResponseData left =
        fixture.leave(
            GROUP,
            new MemberIdentity().setMemberId("").setGroupInstanceId("instance-1"),
            new MemberIdentity().setMemberId("nobody"));

    // then
    assertThat(joined.memberId()).startsWith("instance-1-");
    assertThat(left.members())
        .extracting(LeaveGroupResponseData.MemberResponse::errorCode)
        .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code());
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.EMPTY);
  }

  @Test
  void shouldKeepAssignmentWhenStaticMemberRejoins() {
    // given a stable group of one static member
    JoinGroupResponseData joined =
        get(
            fixture.join(
                joinRequest(GROUP, "", "instance-1", SESSION_MS, "range"), GroupFixture.JOIN_V));
    get(fixture.sync(GROUP, 1, joined.memberId(), Map.of(joined.memberId(), "p0,p1")));

    // when it restarts and joins again with no member id
    JoinGroupResponseData rejoined =
        get(
            fixture.join(
                joinRequest(GROUP, "", "instance-1", SESSION_MS, "range"), GroupFixture.JOIN_V));
    SyncGroupResponseData synced =
        get(fixture.sync(GROUP, rejoined.generationId(), rejoined.memberId(), Map.of()));

    // then there was no rebalance, and the old id is fenced
    assertThat(rejoined.memberId()).isNotEqualTo(joined.memberId());
    assertThat(rejoined.generationId()).isEqualTo(1);
    assertThat(rejoined.leader()).isEqualTo(rejoined.memberId());
    assertThat(rejoined.skipAssignment()).isTrue();
    assertThat(text(synced.assignment())).isEqualTo("p0,p1");
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.STABLE);
    assertThat(fixture.heartbeat(GROUP, 1, joined.memberId(), "instance-1"))
        .isEqualTo(Errors.FENCED_INSTANCE_ID);
    assertThat(fixture.heartbeat(GROUP, 1, rejoined.memberId(), "instance-1"))
        .isEqualTo(Errors.NONE);
  }

  @Test
  void shouldHideLeadershipWhenStaticLeaderRejoinsBeforeV9() {
    // given
    JoinGroupResponseData joined =
        get(fixture.join(joinRequest(GROUP, "", "instance-1", SESSION_MS, "range"), (short) 8));
    get(fixture.sync(GROUP, 1, joined.memberId(), Map.of(joined.memberId(), "p0")));

    // when
    JoinGroupResponseData rejoined =
        get(fixture.join(joinRequest(GROUP, "", "instance-1", SESSION_MS, "range"), (short) 8));

    // then the new id is not told it leads, so it runs no assignment
    assertThat(rejoined.leader()).isEqualTo(joined.memberId());
    assertThat(rejoined.members()).isEmpty();
    assertThat(rejoined.generationId()).isEqualTo(1);
  }

  @Test
  void shouldAnswerHeartbeatErrorsWhenMemberOrGenerationIsWrong() {
    // given
    JoinGroupResponseData joined = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");
    String a = joined.memberId();

    // when
    Errors unknownGroup = fixture.heartbeat("no-such-group", 1, a);
    Errors unknownMember = fixture.heartbeat(GROUP, 1, "stranger");
    Errors staleGeneration = fixture.heartbeat(GROUP, 0, a);
    Errors emptyGroupId = fixture.heartbeat("", 1, a);

    // then
    assertThat(unknownGroup).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    assertThat(unknownMember).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    assertThat(staleGeneration).isEqualTo(Errors.ILLEGAL_GENERATION);
    assertThat(emptyGroupId).isEqualTo(Errors.INVALID_GROUP_ID);
  }

  @Test
  void shouldAnswerRebalanceInProgressWhenHeartbeatArrivesWhilePreparingRebalance() {
    // given
    JoinGroupResponseData joined = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");

    // when a second member joins
    fixture.joinNew(GROUP, SESSION_MS, "range");

    // then
    assertThat(fixture.heartbeat(GROUP, 1, joined.memberId()))
        .isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.PREPARING_REBALANCE);
  }

  @Test
  void shouldRejectSyncWhenGenerationIsStale() {
    // given
    JoinGroupResponseData joined = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");

    // when
    SyncGroupResponseData synced = get(fixture.sync(GROUP, 7, joined.memberId(), Map.of()));

    // then
    assertThat(Errors.forCode(synced.errorCode())).isEqualTo(Errors.ILLEGAL_GENERATION);
  }

  @Test
  void shouldSelectProtocolMostMembersPreferWhenAllSupportSeveral() {
    // given two members preferring sticky, one preferring range, all supporting both
    CompletableFuture<JoinGroupResponseData> a =
        fixture.join(joinRequest(GROUP, "", null, SESSION_MS, "range", "sticky"), (short) 3);
    CompletableFuture<JoinGroupResponseData> b =
        fixture.join(joinRequest(GROUP, "", null, SESSION_MS, "sticky", "range"), (short) 3);
    CompletableFuture<JoinGroupResponseData> c =
        fixture.join(
            joinRequest(GROUP, "", null, SESSION_MS, "sticky", "range", "roundrobin"), (short) 3);

    // when
    List<JoinGroupResponseData> responses = List.of(get(a), get(b), get(c));

    // then
    assertThat(responses).extracting(JoinGroupResponseData::protocolName).containsOnly("sticky");
    assertThat(responses).extracting(JoinGroupResponseData::generationId).containsOnly(1);
    assertThat(responses).filteredOn(r -> !r.members().isEmpty()).hasSize(1);
  }

  @Test
  void shouldRejectMemberWhenItSharesNoProtocolWithTheGroup() {
    // given
    fixture.stableSingleMember(GROUP, SESSION_MS, "p0");

    // when
    JoinGroupResponseData response =
        get(
            fixture.join(
                joinRequest(GROUP, "", null, SESSION_MS, "roundrobin"), GroupFixture.JOIN_V));

    // then
    assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
  }

  @Test
  void shouldRejectJoinWhenSessionTimeoutIsOutOfBounds() {
    // when
    JoinGroupResponseData response =
        get(fixture.join(joinRequest(GROUP, "", null, 1, "range"), GroupFixture.JOIN_V));

    // then
    assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
  }

  @Test
  void shouldAnswerUnknownMemberWhenJoiningUnknownGroupWithMemberId() {
    // when
    JoinGroupResponseData response =
        get(fixture.rejoin("no-such-group", "ghost", SESSION_MS, "range"));

    // then
    assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
  }

  @Test
  void shouldGatherMembersWhenTheyArriveDuringInitialDelay() {
    // given a coordinator that waits 300 ms for a new group to fill
    try (GroupFixture delayed = new GroupFixture(300)) {
      // when
      CompletableFuture<JoinGroupResponseData> a = delayed.joinNew(GROUP, SESSION_MS, "range");
      CompletableFuture<JoinGroupResponseData> b = delayed.joinNew(GROUP, SESSION_MS, "range");
      boolean answeredBeforeDelay = a.isDone() || b.isDone();

      // then both are in the first generation
      assertThat(answeredBeforeDelay).isFalse();
      assertThat(get(a).generationId()).isEqualTo(1);
      assertThat(get(b).generationId()).isEqualTo(1);
      assertThat(get(a).leader()).isEqualTo(get(b).leader());
    }
  }

  @Test
  void shouldCompleteEveryJoinOnceWhenManyMembersJoinConcurrently() {
    // given a first rebalance that waits long enough for every member to arrive
    int count = 16;
    try (GroupFixture delayed = new GroupFixture(1_000)) {
      // when
      List<CompletableFuture<JoinGroupResponseData>> joins =
          IntStream.range(0, count)
              .parallel()
              .mapToObj(
                  i -> delayed.join(joinRequest(GROUP, "", null, SESSION_MS, "range"), (short) 3))
              .toList();
      List<JoinGroupResponseData> responses = joins.stream().map(GroupFixture::get).toList();

      // then
      assertThat(responses)
          .extracting(JoinGroupResponseData::errorCode)
          .containsOnly(Errors.NONE.code());
      assertThat(responses).extracting(JoinGroupResponseData::memberId).doesNotHaveDuplicates();
      assertThat(responses).extracting(JoinGroupResponseData::generationId).containsOnly(1);
      assertThat(responses)
          .filteredOn(r -> !r.members().isEmpty())
          .singleElement()
          .satisfies(leader -> assertThat(leader.members()).hasSize(count));
    }
  }

  @Test
  void shouldAnswerPendingJoinWhenCoordinatorCloses() {
    // given a member waiting in a join phase
    JoinGroupResponseData joined = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");
    CompletableFuture<JoinGroupResponseData> waiting = fixture.joinNew(GROUP, SESSION_MS, "range");

    // when
    fixture.coordinator.close();

    // then
    assertThat(Errors.forCode(get(waiting).errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
    assertThat(fixture.heartbeat(GROUP, 1, joined.memberId()))
        .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
  }

  @Test
  void shouldAnswerPendingSyncWhenCoordinatorCloses() {
    // given a follower waiting for the leader's assignment
    JoinGroupResponseData first = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");
    CompletableFuture<JoinGroupResponseData> secondJoin =
        fixture.joinNew(GROUP, SESSION_MS, "range");
    get(fixture.rejoin(GROUP, first.memberId(), SESSION_MS, "range"));
    JoinGroupResponseData follower = get(secondJoin);
    CompletableFuture<SyncGroupResponseData> waiting =
        fixture.sync(GROUP, follower.generationId(), follower.memberId(), Map.of());

    // when
    fixture.coordinator.close();

    // then
    assertThat(Errors.forCode(get(waiting).errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
  }

  @Test
  void shouldTellWaitingFollowerToRejoinWhenRebalanceRestartsBeforeLeaderSyncs() {
    // given a follower waiting for the leader's assignment
    JoinGroupResponseData first = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");
    CompletableFuture<JoinGroupResponseData> secondJoin =
        fixture.joinNew(GROUP, SESSION_MS, "range");
    get(fixture.rejoin(GROUP, first.memberId(), SESSION_MS, "range"));
    JoinGroupResponseData follower = get(secondJoin);
    CompletableFuture<SyncGroupResponseData> waiting =
        fixture.sync(GROUP, follower.generationId(), follower.memberId(), Map.of());

    // when a third member arrives
    fixture.joinNew(GROUP, SESSION_MS, "range");

    // then
    assertThat(Errors.forCode(get(waiting).errorCode())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
  }
}
