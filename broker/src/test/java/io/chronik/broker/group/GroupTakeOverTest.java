package io.chronik.broker.group;

import static io.chronik.broker.group.GroupFixture.get;
import static io.chronik.broker.group.GroupFixture.joinRequest;
import static io.chronik.broker.group.GroupFixture.text;
import static io.chronik.broker.group.GroupOffsetsTest.commitRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.meta.ImageMetadataService;
import io.chronik.broker.meta.MetaCodec;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.TestImages;
import io.chronik.broker.partition.MetaOffsetStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A coordinator that takes groups over from the store (a new metadata leader), and the writes that
 * make that possible: each completed generation, and a group that became Empty.
 */
class GroupTakeOverTest {

  private static final String GROUP = "orders";
  private static final int SESSION_MS = 10_000;
  private static final short COMMIT_V = 9;

  private final List<GroupFixture> fixtures = new ArrayList<>();

  @AfterEach
  void tearDown() {
    fixtures.forEach(GroupFixture::close);
  }

  private GroupFixture coordinator(OffsetStore store) {
    GroupFixture fixture = new GroupFixture(store, 20);
    fixtures.add(fixture);
    return fixture;
  }

  /** Members a (the leader) and b of a Stable generation, with their assignments p0 and p1. */
  private record Formed(String a, String b, int generation) {}

  private static Formed formTwoMembers(GroupFixture fixture, String instanceOfB) {
    JoinGroupResponseData first = fixture.stableSingleMember(GROUP, SESSION_MS, "p0,p1");
    String a = first.memberId();
    CompletableFuture<JoinGroupResponseData> secondJoin =
        instanceOfB == null
            ? fixture.joinNew(GROUP, SESSION_MS, "range")
            : fixture.join(
                joinRequest(GROUP, "", instanceOfB, SESSION_MS, "range"), GroupFixture.JOIN_V);
    JoinGroupResponseData leaderJoin = get(fixture.rejoin(GROUP, a, SESSION_MS, "range"));
    String b = get(secondJoin).memberId();
    int generation = leaderJoin.generationId();
    CompletableFuture<SyncGroupResponseData> followerSync =
        fixture.sync(GROUP, generation, b, Map.of());
    SyncGroupResponseData leaderSync =
        get(fixture.sync(GROUP, generation, a, Map.of(a, "p0", b, "p1")));
    assertThat(Errors.forCode(leaderSync.errorCode())).isEqualTo(Errors.NONE);
    assertThat(text(get(followerSync).assignment())).isEqualTo("p1");
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.STABLE);
    return new Formed(a, b, generation);
  }

  private static Errors commit(GroupFixture fixture, int generation, String memberId) {
    OffsetCommitResponseData response =
        get(
            fixture.coordinator.commitOffsets(
                commitRequest(GROUP, generation, memberId, "t", 42), COMMIT_V));
    return Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
  }

  private static DescribedGroup describe(GroupFixture fixture) {
    return fixture
        .coordinator
        .describeGroups(new DescribeGroupsRequestData().setGroups(List.of(GROUP)), (short) 5)
        .groups()
        .get(0);
  }

  @Test
  void shouldKeepGenerationMembersAndAssignmentsWhenANewCoordinatorTakesTheGroupOver() {
    // given: a Stable generation formed by the coordinator of term 1, in the metadata image
    ImageMetadataService oldLeader = new ImageMetadataService(TestImages.registered(1));
    GroupFixture before = coordinator(new MetaOffsetStore(oldLeader));
    before.coordinator.coordinate(1);
    Formed group = formTwoMembers(before, null);
    before.close();
    // the new leader has the image as a snapshot carries it
    MetadataImage image =
        MetaCodec.decode(MetaCodec.encode(oldLeader.image()), MetadataImage.class);
    ImageMetadataService newLeader = new ImageMetadataService(image);
    newLeader.term(2);
    GroupFixture after = coordinator(new MetaOffsetStore(newLeader));

    // when
    after.coordinator.coordinate(2);

    // then: heartbeats and commits of the stored generation succeed, with no rebalance
    assertThat(after.state(GROUP)).isEqualTo(GroupState.STABLE);
    assertThat(after.heartbeat(GROUP, group.generation(), group.a())).isEqualTo(Errors.NONE);
    assertThat(after.heartbeat(GROUP, group.generation(), group.b())).isEqualTo(Errors.NONE);
    assertThat(commit(after, group.generation(), group.b())).isEqualTo(Errors.NONE);
    assertThat(commit(after, group.generation() - 1, group.b()))
        .isEqualTo(Errors.ILLEGAL_GENERATION);
    SyncGroupResponseData resent = get(after.sync(GROUP, group.generation(), group.b(), Map.of()));
    assertThat(text(resent.assignment())).isEqualTo("p1");
    assertThat(resent.protocolName()).isEqualTo("range");
    DescribedGroup described = describe(after);
    assertThat(described.groupState()).isEqualTo("Stable");
    assertThat(described.protocolData()).isEqualTo("range");
    assertThat(described.members())
        .extracting(DescribedGroupMember::memberId)
        .containsExactlyInAnyOrder(group.a(), group.b());
    assertThat(described.members())
        .extracting(m -> text(m.memberAssignment()))
        .containsExactlyInAnyOrder("p0", "p1");
    assertThat(described.members())
        .extracting(DescribedGroupMember::clientId)
        .containsOnly("client");
    // and a follower rejoining unchanged gets the same generation back
    JoinGroupResponseData rejoined = get(after.rejoin(GROUP, group.b(), SESSION_MS, "range"));
    assertThat(rejoined.generationId()).isEqualTo(group.generation());
    assertThat(rejoined.leader()).isEqualTo(group.a());
  }

  @Test
  void shouldKeepAStaticMembersIdentityWhenANewCoordinatorTakesTheGroupOver() {
    // given: a Stable group whose member b is static (instance "worker-b")
    InMemoryOffsetStore store = new InMemoryOffsetStore();
    GroupFixture before = coordinator(store);
    Formed group = formTwoMembers(before, "worker-b");
    before.close();
    GroupFixture after = coordinator(store);

    // when
    after.coordinator.coordinate(2);

    // then: the instance id still maps to b; another member id with it is fenced
    assertThat(after.heartbeat(GROUP, group.generation(), group.b(), "worker-b"))
        .isEqualTo(Errors.NONE);
    assertThat(after.heartbeat(GROUP, group.generation(), "worker-b-other", "worker-b"))
        .isEqualTo(Errors.FENCED_INSTANCE_ID);
    assertThat(
            Errors.forCode(
                get(after.coordinator.commitOffsets(
                        commitRequest(GROUP, group.generation(), group.b(), "t", 7)
                            .setGroupInstanceId("worker-b"),
                        COMMIT_V))
                    .topics()
                    .get(0)
                    .partitions()
                    .get(0)
                    .errorCode()))
        .isEqualTo(Errors.NONE);
    // and the static member restarted (no member id) takes its place back without a rebalance
    JoinGroupResponseData restarted =
        get(
            after.join(
                joinRequest(GROUP, "", "worker-b", SESSION_MS, "range"), GroupFixture.JOIN_V));
    assertThat(Errors.forCode(restarted.errorCode())).isEqualTo(Errors.NONE);
    assertThat(restarted.generationId()).isEqualTo(group.generation());
    assertThat(restarted.memberId()).isNotEqualTo(group.b()).startsWith("worker-b-");
    assertThat(after.state(GROUP)).isEqualTo(GroupState.STABLE);
    assertThat(after.heartbeat(GROUP, group.generation(), group.b(), "worker-b"))
        .isEqualTo(Errors.FENCED_INSTANCE_ID);
  }

  @Test
  void shouldGiveEveryMemberAFreshSessionAndExpireTheOnesThatStayAwayWhenTakenOver() {
    // given: a stored generation of two members with 1 s sessions, stored long ago
    InMemoryOffsetStore store = new InMemoryOffsetStore();
    store.storeGroup(
        new GroupMetadata(
            GROUP,
            5,
            "consumer",
            "range",
            "alive",
            List.of(member("alive", null, 1_000), member("gone", null, 1_000))),
        1);
    GroupFixture after = coordinator(store);

    // when
    after.coordinator.coordinate(2);

    // then: both are members at first; "gone" never heartbeats and is expired, which rebalances
    assertThat(after.heartbeat(GROUP, 5, "gone")).isEqualTo(Errors.NONE);
    assertThat(after.heartbeat(GROUP, 5, "alive")).isEqualTo(Errors.NONE);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> after.heartbeat(GROUP, 5, "alive") == Errors.REBALANCE_IN_PROGRESS);
    assertThat(after.heartbeat(GROUP, 5, "gone")).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
  }

  @Test
  void shouldAnswerSyncGroupOnlyOnceTheGenerationIsStoredWhenTheLeaderAssigns() {
    // given: a coordinator of term 5 whose store holds each write until the test releases it
    GatedStore store = new GatedStore();
    GroupFixture fixture = coordinator(store);
    fixture.coordinator.coordinate(5);
    JoinGroupResponseData joined = get(fixture.joinNew(GROUP, SESSION_MS, "range"));
    String a = joined.memberId();

    // when
    CompletableFuture<SyncGroupResponseData> sync =
        fixture.sync(GROUP, joined.generationId(), a, Map.of(a, "p0"));

    // then: nothing is answered until the write is done
    assertThat(sync).isNotDone();
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.COMPLETING_REBALANCE);
    assertThat(store.writes).hasSize(1);
    GatedStore.Write write = store.writes.get(0);
    assertThat(write.term()).isEqualTo(5);
    assertThat(write.group().generationId()).isEqualTo(joined.generationId());
    assertThat(text(write.group().members().get(0).assignment())).isEqualTo("p0");
    write.done().complete(null);
    assertThat(text(get(sync).assignment())).isEqualTo("p0");
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.STABLE);
  }

  @Test
  void shouldAnswerNotCoordinatorAndRebalanceWhenTheGenerationCannotBeStored() {
    // given
    GatedStore store = new GatedStore();
    GroupFixture fixture = coordinator(store);
    fixture.coordinator.coordinate(5);
    JoinGroupResponseData joined = get(fixture.joinNew(GROUP, SESSION_MS, "range"));
    String a = joined.memberId();
    CompletableFuture<SyncGroupResponseData> sync =
        fixture.sync(GROUP, joined.generationId(), a, Map.of(a, "p0"));

    // when: another node took over the metadata meanwhile
    store.writes.get(0).done().completeExceptionally(new NotCoordinatorException("term 6"));

    // then: the member looks the coordinator up and rejoins
    SyncGroupResponseData answered = get(sync);
    assertThat(Errors.forCode(answered.errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
    assertThat(answered.assignment()).isEmpty();
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.PREPARING_REBALANCE);
    assertThat(fixture.heartbeat(GROUP, joined.generationId(), a))
        .isEqualTo(Errors.REBALANCE_IN_PROGRESS);
  }

  @Test
  void shouldStoreAnEmptyGroupWithItsGenerationWhenItsLastMemberLeaves() {
    // given: a Stable generation 1 of one member
    InMemoryOffsetStore store = new InMemoryOffsetStore();
    GroupFixture before = coordinator(store);
    String a = before.stableSingleMember(GROUP, SESSION_MS, "p0").memberId();

    // when
    before.leave(GROUP, new MemberIdentity().setMemberId(a));

    // then: generation 2 is stored Empty; a new coordinator takes it over Empty
    assertThat(store.storedGroups()).hasSize(1);
    GroupMetadata stored = store.storedGroups().iterator().next();
    assertThat(stored.hasMembers()).isFalse();
    assertThat(stored.generationId()).isEqualTo(2);
    before.close();
    GroupFixture after = coordinator(store);
    after.coordinator.coordinate(2);
    assertThat(after.state(GROUP)).isEqualTo(GroupState.EMPTY);
    assertThat(after.heartbeat(GROUP, 1, a)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    assertThat(get(after.joinNew(GROUP, SESSION_MS, "range")).generationId()).isEqualTo(3);
  }

  @Test
  void shouldForgetTheStoredEmptyGroupWhenTheSweepForgetsAGroupWithoutOffsets() {
    // given: an Empty group with no committed offsets, stored
    InMemoryOffsetStore store = new InMemoryOffsetStore();
    GroupFixture fixture = coordinator(store);
    String a = fixture.stableSingleMember(GROUP, SESSION_MS, "p0").memberId();
    fixture.leave(GROUP, new MemberIdentity().setMemberId(a));
    assertThat(store.storedGroups()).hasSize(1);

    // when
    fixture.coordinator.sweepEmptyGroups();

    // then
    assertThat(store.storedGroups()).isEmpty();
    assertThat(fixture.state(GROUP)).isEqualTo(GroupState.DEAD);
  }

  @Test
  void shouldGiveItsGroupsUpAndTakeThemOverAgainWhenItsTermChanges() {
    // given: a Stable group of the coordinator of term 1, and a new member waiting to join
    InMemoryOffsetStore store = new InMemoryOffsetStore();
    GroupFixture fixture = coordinator(store);
    fixture.coordinator.coordinate(1);
    JoinGroupResponseData first = fixture.stableSingleMember(GROUP, SESSION_MS, "p0");
    CompletableFuture<JoinGroupResponseData> waiting = fixture.joinNew(GROUP, SESSION_MS, "range");
    assertThat(waiting).isNotDone();

    // when: this node no longer leads the metadata group
    fixture.coordinator.coordinate(-1);

    // then: the waiting member is sent to the new coordinator and the group is gone from here
    assertThat(Errors.forCode(get(waiting).errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
    assertThat(fixture.coordinator.term()).isEqualTo(-1);
    assertThat(fixture.heartbeat(GROUP, 1, first.memberId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);

    // and when it leads again, it takes the stored generation over
    fixture.coordinator.coordinate(3);
    assertThat(fixture.coordinator.term()).isEqualTo(3);
    assertThat(fixture.heartbeat(GROUP, 1, first.memberId())).isEqualTo(Errors.NONE);
  }

  private static GroupMetadata.Member member(String id, String instance, int sessionMs) {
    return new GroupMetadata.Member(
        id,
        instance,
        "client",
        "/127.0.0.1",
        sessionMs * 2,
        sessionMs,
        List.of(new GroupMetadata.Protocol("range", new byte[] {1})),
        new byte[] {2});
  }

  /** An in-memory store whose membership writes complete when the test says so. */
  private static final class GatedStore implements OffsetStore {
    record Write(GroupMetadata group, long term, CompletableFuture<Void> done) {}

    final InMemoryOffsetStore offsets = new InMemoryOffsetStore();
    final List<Write> writes = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> commit(
        String groupId, Map<TopicPartition, CommittedOffset> committed) {
      return offsets.commit(groupId, committed);
    }

    @Override
    public Map<TopicPartition, CommittedOffset> committed(String groupId) {
      return offsets.committed(groupId);
    }

    @Override
    public Set<String> groupIds() {
      return offsets.groupIds();
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String groupId) {
      return offsets.deleteGroup(groupId);
    }

    @Override
    public CompletableFuture<Void> storeGroup(GroupMetadata group, long coordinatorTerm) {
      Write write = new Write(group, coordinatorTerm, new CompletableFuture<>());
      writes.add(write);
      return write.done();
    }

    @Override
    public CompletableFuture<Void> forgetGroup(String groupId, long coordinatorTerm) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public Collection<GroupMetadata> storedGroups() {
      return List.of();
    }
  }
}
