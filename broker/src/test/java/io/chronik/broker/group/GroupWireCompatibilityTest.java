package io.chronik.broker.group;

import static io.chronik.broker.group.GroupFixture.get;
import static io.chronik.broker.group.GroupFixture.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response the coordinator builds, at every version of its API, goes through kafka-clients'
 * own serializer and parser: requests are shaped by their version's serializer first, as a client
 * would send them, and no response may fail to serialize.
 */
class GroupWireCompatibilityTest {

  private static final int SESSION_MS = 10_000;

  private final GroupFixture fixture = new GroupFixture(0);

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  static <T extends ApiMessage> T roundTrip(
      T message, short version, BiFunction<Readable, Short, T> parser) {
    ByteBuffer buffer = MessageUtil.toByteBuffer(message, version);
    T parsed = parser.apply(new ByteBufferAccessor(buffer), version);
    assertThat(buffer.remaining()).as("bytes left after parsing").isZero();
    return parsed;
  }

  static Stream<Short> joinVersions() {
    return ApiKeys.JOIN_GROUP.allVersions().stream();
  }

  static Stream<Short> syncVersions() {
    return ApiKeys.SYNC_GROUP.allVersions().stream();
  }

  static Stream<Short> heartbeatVersions() {
    return ApiKeys.HEARTBEAT.allVersions().stream();
  }

  static Stream<Short> leaveVersions() {
    return ApiKeys.LEAVE_GROUP.allVersions().stream();
  }

  static Stream<Short> commitVersions() {
    return ApiKeys.OFFSET_COMMIT.allVersions().stream();
  }

  static Stream<Short> fetchVersions() {
    return ApiKeys.OFFSET_FETCH.allVersions().stream();
  }

  static Stream<Short> listVersions() {
    return ApiKeys.LIST_GROUPS.allVersions().stream();
  }

  static Stream<Short> describeVersions() {
    return ApiKeys.DESCRIBE_GROUPS.allVersions().stream();
  }

  static Stream<Short> deleteVersions() {
    return ApiKeys.DELETE_GROUPS.allVersions().stream();
  }

  // ---- client-shaped requests

  private CompletableFuture<JoinGroupResponseData> join(
      String groupId, String memberId, String instanceId, short v) {
    JoinGroupRequestData request =
        roundTrip(
            joinRequest(groupId, memberId, v >= 5 ? instanceId : null, SESSION_MS, "range"),
            v,
            JoinGroupRequestData::new);
    return fixture.coordinator.joinGroup(request, v, "client", "/127.0.0.1");
  }

  /** Joins as a new dynamic member, through the MEMBER_ID_REQUIRED round from v4. */
  private List<JoinGroupResponseData> joinNew(String groupId, short v) {
    List<JoinGroupResponseData> responses = new ArrayList<>();
    JoinGroupResponseData first = get(join(groupId, "", null, v));
    responses.add(first);
    if (Errors.forCode(first.errorCode()) == Errors.MEMBER_ID_REQUIRED) {
      responses.add(get(join(groupId, first.memberId(), null, v)));
    }
    return responses;
  }

  private CompletableFuture<SyncGroupResponseData> sync(
      String groupId, int generation, String memberId, short v, String... assignees) {
    List<SyncGroupRequestAssignment> assignments = new ArrayList<>();
    for (String assignee : assignees) {
      assignments.add(
          new SyncGroupRequestAssignment()
              .setMemberId(assignee)
              .setAssignment(assignee.getBytes(StandardCharsets.UTF_8)));
    }
    SyncGroupRequestData request =
        new SyncGroupRequestData()
            .setGroupId(groupId)
            .setGenerationId(generation)
            .setMemberId(memberId)
            .setProtocolType("consumer")
            .setProtocolName("range")
            .setAssignments(assignments);
    return fixture.coordinator.syncGroup(roundTrip(request, v, SyncGroupRequestData::new), v);
  }

  private HeartbeatResponseData heartbeat(
      String groupId, int generation, String memberId, short v) {
    HeartbeatRequestData request =
        new HeartbeatRequestData()
            .setGroupId(groupId)
            .setGenerationId(generation)
            .setMemberId(memberId);
    return fixture.coordinator.heartbeat(roundTrip(request, v, HeartbeatRequestData::new), v);
  }

  private LeaveGroupResponseData leave(String groupId, String memberId, short v) {
    LeaveGroupRequestData request = new LeaveGroupRequestData().setGroupId(groupId);
    if (v >= 3) {
      request.setMembers(List.of(new MemberIdentity().setMemberId(memberId)));
    } else {
      request.setMemberId(memberId);
    }
    return fixture.coordinator.leaveGroup(roundTrip(request, v, LeaveGroupRequestData::new), v);
  }

  /** A Stable group of one member, formed at the latest versions; returns that member's id. */
  private JoinGroupResponseData stableGroup(String groupId) {
    return fixture.stableSingleMember(groupId, SESSION_MS, "p0");
  }

  // ---- membership

  @ParameterizedTest(name = "JoinGroup v{0}")
  @MethodSource("joinVersions")
  void shouldSerializeJoinGroupResponsesWhenAnyVersionIsUsed(short v) {
    // given
    List<JoinGroupResponseData> responses = new ArrayList<>();

    // when: a leader, a follower after a rebalance, the errors, and a static rejoin
    List<JoinGroupResponseData> leader = joinNew("g", v);
    responses.addAll(leader);
    String a = leader.get(leader.size() - 1).memberId();
    get(sync("g", 1, a, (short) 0, a));
    CompletableFuture<JoinGroupResponseData> follower =
        fixture.join(joinRequest("g", "", null, SESSION_MS, "range"), (short) 3);
    responses.add(get(join("g", a, null, v)));
    responses.add(get(follower));
    responses.add(get(join("unknown", "ghost", null, v)));
    responses.add(get(join("", "", null, v)));
    if (v >= 5) {
      responses.add(get(join("s", "", "instance", v)));
      responses.add(get(join("s", "", "instance", v)));
    }

    // then
    for (JoinGroupResponseData response : responses) {
      JoinGroupResponseData parsed = roundTrip(response, v, JoinGroupResponseData::new);
      assertThat(parsed.errorCode()).isEqualTo(response.errorCode());
      assertThat(parsed.memberId()).isEqualTo(response.memberId());
      assertThat(parsed.members()).hasSameSizeAs(response.members());
      if (v < 7) {
        assertThat(parsed.protocolName()).isNotNull();
      }
    }
    assertThat(leader.get(leader.size() - 1).errorCode()).isZero();
  }

  @ParameterizedTest(name = "SyncGroup v{0}")
  @MethodSource("syncVersions")
  void shouldSerializeSyncGroupResponsesWhenAnyVersionIsUsed(short v) {
    // given
    JoinGroupResponseData joined = get(fixture.joinNew("g", SESSION_MS, "range"));
    String a = joined.memberId();

    // when
    List<SyncGroupResponseData> responses =
        List.of(
            get(sync("g", 1, a, v, a)),
            get(sync("g", 1, a, v)),
            get(sync("g", 9, a, v)),
            get(sync("g", 1, "ghost", v)),
            get(sync("unknown", 1, a, v)));

    // then
    for (SyncGroupResponseData response : responses) {
      SyncGroupResponseData parsed = roundTrip(response, v, SyncGroupResponseData::new);
      assertThat(parsed.errorCode()).isEqualTo(response.errorCode());
      assertThat(parsed.assignment()).isEqualTo(response.assignment());
    }
    assertThat(Errors.forCode(responses.get(0).errorCode())).isEqualTo(Errors.NONE);
    assertThat(responses.get(1).assignment()).isEqualTo(a.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "Heartbeat v{0}")
  @MethodSource("heartbeatVersions")
  void shouldSerializeHeartbeatResponsesWhenAnyVersionIsUsed(short v) {
    // given
    String a = stableGroup("g").memberId();

    // when
    List<HeartbeatResponseData> responses =
        List.of(heartbeat("g", 1, a, v), heartbeat("g", 0, a, v), heartbeat("g", 1, "ghost", v));

    // then
    assertThat(responses)
        .extracting(r -> Errors.forCode(roundTrip(r, v, HeartbeatResponseData::new).errorCode()))
        .containsExactly(Errors.NONE, Errors.ILLEGAL_GENERATION, Errors.UNKNOWN_MEMBER_ID);
  }

  @ParameterizedTest(name = "LeaveGroup v{0}")
  @MethodSource("leaveVersions")
  void shouldSerializeLeaveGroupResponsesWhenAnyVersionIsUsed(short v) {
    // given
    String a = stableGroup("g").memberId();

    // when
    List<LeaveGroupResponseData> responses =
        List.of(leave("g", "ghost", v), leave("g", a, v), leave("unknown", a, v));

    // then
    List<Errors> errors = new ArrayList<>();
    for (LeaveGroupResponseData response : responses) {
      LeaveGroupResponseData parsed = roundTrip(response, v, LeaveGroupResponseData::new);
      errors.add(Errors.forCode(v >= 3 ? parsed.members().get(0).errorCode() : parsed.errorCode()));
    }
    assertThat(errors)
        .containsExactly(Errors.UNKNOWN_MEMBER_ID, Errors.NONE, Errors.UNKNOWN_MEMBER_ID);
  }

  // ---- offsets

  @ParameterizedTest(name = "OffsetCommit v{0}")
  @MethodSource("commitVersions")
  void shouldSerializeOffsetCommitResponsesWhenAnyVersionIsUsed(short v) {
    // given
    String a = stableGroup("g").memberId();

    // when
    List<OffsetCommitResponseData> responses =
        List.of(
            commit(GroupOffsetsTest.commitRequest("g", 1, a, "t", 4, 5), v),
            commit(GroupOffsetsTest.commitRequest("simple", -1, "", "t", 4), v),
            commit(GroupOffsetsTest.commitRequest("g", 0, a, "t", 4), v));

    // then
    for (OffsetCommitResponseData response : responses) {
      OffsetCommitResponseData parsed = roundTrip(response, v, OffsetCommitResponseData::new);
      assertThat(parsed).isEqualTo(response);
    }
    Errors stale = Errors.forCode(responses.get(2).topics().get(0).partitions().get(0).errorCode());
    assertThat(stale).isEqualTo(v == 0 ? Errors.UNKNOWN_MEMBER_ID : Errors.ILLEGAL_GENERATION);
  }

  private OffsetCommitResponseData commit(OffsetCommitRequestData request, short v) {
    if (v < 6) {
      request.topics().forEach(t -> t.partitions().forEach(p -> p.setCommittedLeaderEpoch(-1)));
    }
    return get(
        fixture.coordinator.commitOffsets(roundTrip(request, v, OffsetCommitRequestData::new), v));
  }

  @ParameterizedTest(name = "OffsetFetch v{0}")
  @MethodSource("fetchVersions")
  void shouldSerializeOffsetFetchResponsesWhenAnyVersionIsUsed(short v) {
    // given
    commit(GroupOffsetsTest.commitRequest("g", -1, "", "t", 4, 5), (short) 9);
    List<OffsetFetchRequestData> requests = new ArrayList<>();
    if (v >= 8) {
      requests.add(
          new OffsetFetchRequestData()
              .setGroups(
                  List.of(
                      new OffsetFetchRequestGroup()
                          .setGroupId("g")
                          .setTopics(
                              List.of(
                                  new OffsetFetchRequestTopics()
                                      .setName("t")
                                      .setPartitionIndexes(List.of(0, 7)))),
                      new OffsetFetchRequestGroup().setGroupId("g").setTopics(null))));
    } else {
      requests.add(
          new OffsetFetchRequestData()
              .setGroupId("g")
              .setTopics(
                  List.of(
                      new OffsetFetchRequestTopic()
                          .setName("t")
                          .setPartitionIndexes(List.of(0, 7)))));
      if (v >= 2) {
        requests.add(new OffsetFetchRequestData().setGroupId("g").setTopics(null));
      }
    }

    // when
    List<OffsetFetchResponseData> responses = new ArrayList<>();
    for (OffsetFetchRequestData request : requests) {
      responses.add(
          fixture.coordinator.fetchOffsets(roundTrip(request, v, OffsetFetchRequestData::new), v));
    }
    fixture.coordinator.close();
    responses.add(
        fixture.coordinator.fetchOffsets(
            roundTrip(requests.get(0), v, OffsetFetchRequestData::new), v));

    // then
    for (OffsetFetchResponseData response : responses) {
      assertThat(roundTrip(response, v, OffsetFetchResponseData::new)).isNotNull();
    }
    OffsetFetchResponseData first = roundTrip(responses.get(0), v, OffsetFetchResponseData::new);
    List<Long> offsets =
        v >= 8
            ? first.groups().get(0).topics().get(0).partitions().stream()
                .map(p -> p.committedOffset())
                .toList()
            : first.topics().get(0).partitions().stream().map(p -> p.committedOffset()).toList();
    assertThat(offsets).containsExactly(4L, -1L);
  }

  // ---- admin

  @ParameterizedTest(name = "ListGroups v{0}")
  @MethodSource("listVersions")
  void shouldSerializeListGroupsResponsesWhenAnyVersionIsUsed(short v) {
    // given
    stableGroup("g");
    ListGroupsRequestData request = new ListGroupsRequestData();
    if (v >= 4) {
      request.setStatesFilter(List.of("Stable"));
    }

    // when
    ListGroupsResponseData response =
        fixture.coordinator.listGroups(roundTrip(request, v, ListGroupsRequestData::new), v);

    // then
    ListGroupsResponseData parsed = roundTrip(response, v, ListGroupsResponseData::new);
    assertThat(parsed.groups())
        .singleElement()
        .satisfies(g -> assertThat(g.groupId()).isEqualTo("g"));
  }

  @ParameterizedTest(name = "DescribeGroups v{0}")
  @MethodSource("describeVersions")
  void shouldSerializeDescribeGroupsResponsesWhenAnyVersionIsUsed(short v) {
    // given
    stableGroup("g");
    fixture.join(joinRequest("preparing", "", null, SESSION_MS, "range"), (short) 3);
    DescribeGroupsRequestData request =
        new DescribeGroupsRequestData().setGroups(List.of("g", "unknown", "", "preparing"));
    if (v >= 3) {
      request.setIncludeAuthorizedOperations(true);
    }

    // when
    DescribeGroupsResponseData response =
        fixture.coordinator.describeGroups(
            roundTrip(request, v, DescribeGroupsRequestData::new), v);

    // then
    DescribeGroupsResponseData parsed = roundTrip(response, v, DescribeGroupsResponseData::new);
    assertThat(parsed.groups())
        .extracting(g -> g.groupState())
        .startsWith("Stable", "Dead", "Dead");
    assertThat(parsed.groups().get(0).members()).hasSize(1);
  }

  @ParameterizedTest(name = "DeleteGroups v{0}")
  @MethodSource("deleteVersions")
  void shouldSerializeDeleteGroupsResponsesWhenAnyVersionIsUsed(short v) {
    // given
    stableGroup("busy");
    commit(GroupOffsetsTest.commitRequest("idle", -1, "", "t", 1), (short) 9);
    DeleteGroupsRequestData request =
        new DeleteGroupsRequestData().setGroupsNames(List.of("busy", "idle", "unknown"));

    // when
    DeleteGroupsResponseData response =
        get(
            fixture.coordinator.deleteGroups(
                roundTrip(request, v, DeleteGroupsRequestData::new), v));

    // then
    DeleteGroupsResponseData parsed = roundTrip(response, v, DeleteGroupsResponseData::new);
    assertThat(parsed.results())
        .extracting(r -> Errors.forCode(r.errorCode()))
        .containsExactly(Errors.NON_EMPTY_GROUP, Errors.NONE, Errors.GROUP_ID_NOT_FOUND);
  }

  // ---- a closed coordinator answers every API

  @ParameterizedTest(name = "JoinGroup v{0} when closed")
  @MethodSource("joinVersions")
  void shouldSerializeErrorResponsesWhenCoordinatorIsClosed(short v) {
    // given
    fixture.coordinator.close();

    // when
    JoinGroupResponseData joined = get(join("g", "", null, v));

    // then
    assertThat(Errors.forCode(roundTrip(joined, v, JoinGroupResponseData::new).errorCode()))
        .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
    short sv = (short) Math.min(v, ApiKeys.SYNC_GROUP.latestVersion());
    assertThat(roundTrip(get(sync("g", 1, "m", sv)), sv, SyncGroupResponseData::new).errorCode())
        .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
    short lv = (short) Math.min(v, ApiKeys.LEAVE_GROUP.latestVersion());
    LeaveGroupResponseData left = roundTrip(leave("g", "m", lv), lv, LeaveGroupResponseData::new);
    assertThat(left.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
    short gv = (short) Math.min(v, ApiKeys.LIST_GROUPS.latestVersion());
    ListGroupsResponseData listed =
        roundTrip(
            fixture.coordinator.listGroups(new ListGroupsRequestData(), gv),
            gv,
            ListGroupsResponseData::new);
    assertThat(listed.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
  }
}
