package io.chronik.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/** A coordinator with a real timer, and terse ways to speak the membership protocol to it. */
final class GroupFixture implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final short JOIN_V = ApiKeys.JOIN_GROUP.latestVersion();
  static final short SYNC_V = ApiKeys.SYNC_GROUP.latestVersion();
  static final short HEARTBEAT_V = ApiKeys.HEARTBEAT.latestVersion();
  static final short LEAVE_V = ApiKeys.LEAVE_GROUP.latestVersion();

  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final InMemoryOffsetStore store = new InMemoryOffsetStore();
  final GroupCoordinator coordinator;

  GroupFixture() {
    this(20);
  }

  GroupFixture(long initialDelayMs) {
    this(null, initialDelayMs);
  }

  GroupFixture(OffsetStore customStore, long initialDelayMs) {
    GroupCoordinatorConfig config =
        GroupCoordinatorConfig.defaults()
            .withInitialRebalanceDelayMs(initialDelayMs)
            .withSessionTimeoutBounds(10, 1_800_000);
    coordinator = new GroupCoordinator(customStore == null ? store : customStore, timer, config);
  }

  /** A JoinGroup as a consumer would send it. */
  static JoinGroupRequestData joinRequest(
      String groupId, String memberId, String instanceId, int sessionMs, String... protocols) {
    JoinGroupRequestProtocolCollection collection = new JoinGroupRequestProtocolCollection();
    for (String protocol : protocols) {
      collection.add(
          new JoinGroupRequestProtocol()
              .setName(protocol)
              .setMetadata(("meta-" + protocol).getBytes(StandardCharsets.UTF_8)));
    }
    return new JoinGroupRequestData()
        .setGroupId(groupId)
        .setMemberId(memberId)
        .setGroupInstanceId(instanceId)
        .setSessionTimeoutMs(sessionMs)
        .setRebalanceTimeoutMs(sessionMs * 2)
        .setProtocolType("consumer")
        .setProtocols(collection);
  }

  CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData request, short version) {
    return coordinator.joinGroup(request, version, "client", "/127.0.0.1");
  }

  /**
   * Joins as a new dynamic member at the latest version: the MEMBER_ID_REQUIRED round, then the
   * real JoinGroup, whose future is returned.
   */
  CompletableFuture<JoinGroupResponseData> joinNew(
      String groupId, int sessionMs, String... protocols) {
    JoinGroupResponseData first =
        get(join(joinRequest(groupId, "", null, sessionMs, protocols), JOIN_V));
    assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
    return join(joinRequest(groupId, first.memberId(), null, sessionMs, protocols), JOIN_V);
  }

  CompletableFuture<JoinGroupResponseData> rejoin(
      String groupId, String memberId, int sessionMs, String... protocols) {
    return join(joinRequest(groupId, memberId, null, sessionMs, protocols), JOIN_V);
  }

  CompletableFuture<SyncGroupResponseData> sync(
      String groupId, int generation, String memberId, Map<String, String> assignments) {
    List<SyncGroupRequestAssignment> list = new ArrayList<>();
    assignments.forEach(
        (member, assignment) ->
            list.add(
                new SyncGroupRequestAssignment()
                    .setMemberId(member)
                    .setAssignment(assignment.getBytes(StandardCharsets.UTF_8))));
    return coordinator.syncGroup(
        new SyncGroupRequestData()
            .setGroupId(groupId)
            .setGenerationId(generation)
            .setMemberId(memberId)
            .setAssignments(list),
        SYNC_V);
  }

  Errors heartbeat(String groupId, int generation, String memberId) {
    return heartbeat(groupId, generation, memberId, null);
  }

  Errors heartbeat(String groupId, int generation, String memberId, String instanceId) {
    return Errors.forCode(
        coordinator
            .heartbeat(
                new HeartbeatRequestData()
                    .setGroupId(groupId)
                    .setGenerationId(generation)
                    .setMemberId(memberId)
                    .setGroupInstanceId(instanceId),
                HEARTBEAT_V)
            .errorCode());
  }

  LeaveGroupResponseData leave(String groupId, MemberIdentity... members) {
    return coordinator.leaveGroup(
        new LeaveGroupRequestData().setGroupId(groupId).setMembers(List.of(members)), LEAVE_V);
  }

  /** Forms a one-member Stable group; returns the member's JoinGroup response. */
  JoinGroupResponseData stableSingleMember(String groupId, int sessionMs, String assignment) {
    JoinGroupResponseData joined = get(joinNew(groupId, sessionMs, "range"));
    SyncGroupResponseData synced =
        get(
            sync(
                groupId,
                joined.generationId(),
                joined.memberId(),
                Map.of(joined.memberId(), assignment)));
    assertThat(Errors.forCode(synced.errorCode())).isEqualTo(Errors.NONE);
    return joined;
  }

  GroupState state(String groupId) {
    return coordinator.groups().stream()
        .filter(g -> g.groupId().equals(groupId))
        .map(GroupSummary::state)
        .findFirst()
        .orElse(GroupState.DEAD);
  }

  static <T> T get(CompletableFuture<T> future) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("the future did not complete: " + e, e);
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    coordinator.close();
    timer.shutdownNow();
  }
}
