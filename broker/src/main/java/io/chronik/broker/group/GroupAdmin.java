package io.chronik.broker.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ListGroups, DescribeGroups, DeleteGroups and the admin summary. A group known only by its
 * committed offsets (say, after a restart, or a simple consumer's) shows as Empty with no protocol
 * type, as Kafka shows a group loaded from its offsets topic.
 */
final class GroupAdmin {

  private static final Logger LOGGER = LoggerFactory.getLogger(GroupAdmin.class);

  /** The only group type this coordinator runs (ListGroups v5 type filter). */
  static final String CLASSIC_TYPE = "classic";

  /** What anyone may do to a group, since this broker has no authorizer. */
  private static final int AUTHORIZED_OPERATIONS =
      Utils.to32BitField(
          Set.of(
              AclOperation.READ.code(), AclOperation.DESCRIBE.code(), AclOperation.DELETE.code()));

  private final GroupRegistry registry;
  private final OffsetStore store;
  private final GroupWrites writes;

  GroupAdmin(GroupRegistry registry, OffsetStore store, GroupWrites writes) {
    this.registry = registry;
    this.store = store;
    this.writes = writes;
  }

  /** Every live group and every group with committed offsets, ordered by id. */
  List<GroupSummary> summaries() {
    Map<String, GroupSummary> byId = new HashMap<>();
    for (ClassicGroup group : registry.all()) {
      synchronized (group) {
        if (!group.is(GroupState.DEAD)) {
          byId.put(group.groupId(), group.summary());
        }
      }
    }
    for (String groupId : store.groupIds()) {
      byId.putIfAbsent(groupId, offsetsOnly(groupId));
    }
    List<GroupSummary> result = new ArrayList<>(byId.values());
    result.sort(Comparator.comparing(GroupSummary::groupId));
    return result;
  }

  private static GroupSummary offsetsOnly(String groupId) {
    return new GroupSummary(groupId, GroupState.EMPTY, "", "", 0, 0);
  }

  ListGroupsResponseData list(ListGroupsRequestData request, short version) {
    if (registry.isClosed()) {
      return new ListGroupsResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
    }
    Set<GroupState> states = EnumSet.noneOf(GroupState.class);
    boolean filterStates = version >= 4 && !request.statesFilter().isEmpty();
    if (filterStates) {
      request.statesFilter().forEach(s -> GroupState.parse(s).ifPresent(states::add));
    }
    boolean classicListed =
        version < 5
            || request.typesFilter().isEmpty()
            || request.typesFilter().stream()
                .anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(CLASSIC_TYPE));
    List<ListedGroup> listed = new ArrayList<>();
    if (classicListed) {
      for (GroupSummary summary : summaries()) {
        if (!filterStates || states.contains(summary.state())) {
          listed.add(
              new ListedGroup()
                  .setGroupId(summary.groupId())
                  .setProtocolType(summary.protocolType())
                  .setGroupState(summary.state().kafkaName())
                  .setGroupType(CLASSIC_TYPE));
        }
      }
    }
    return new ListGroupsResponseData().setErrorCode(Errors.NONE.code()).setGroups(listed);
  }

  DescribeGroupsResponseData describe(DescribeGroupsRequestData request, short version) {
    boolean withOperations = version >= 3 && request.includeAuthorizedOperations();
    Set<String> withOffsets = null;
    List<DescribedGroup> described = new ArrayList<>();
    for (String groupId : request.groups()) {
      DescribedGroup result;
      if (registry.isClosed()) {
        result = emptyDescription(groupId, "", Errors.COORDINATOR_NOT_AVAILABLE);
      } else if (groupId == null) {
        result = emptyDescription(groupId, "", Errors.INVALID_GROUP_ID);
      } else {
        result = describeLive(groupId);
        if (result == null) {
          if (withOffsets == null) {
            withOffsets = store.groupIds();
          }
          GroupState state = withOffsets.contains(groupId) ? GroupState.EMPTY : GroupState.DEAD;
          result = emptyDescription(groupId, state.kafkaName(), Errors.NONE);
        }
      }
      if (withOperations && result.errorCode() == Errors.NONE.code()) {
        result.setAuthorizedOperations(AUTHORIZED_OPERATIONS);
      }
      described.add(result);
    }
    return new DescribeGroupsResponseData().setGroups(described);
  }

  /** Members carry their metadata and assignment only while the group is Stable, as in Kafka. */
  private DescribedGroup describeLive(String groupId) {
    ClassicGroup group = registry.get(groupId);
    if (group == null) {
      return null;
    }
    synchronized (group) {
      if (group.is(GroupState.DEAD)) {
        return null;
      }
      boolean stable = group.is(GroupState.STABLE);
      List<DescribedGroupMember> members = new ArrayList<>();
      for (GroupMember member : group.members()) {
        members.add(
            new DescribedGroupMember()
                .setMemberId(member.memberId())
                .setGroupInstanceId(member.groupInstanceId())
                .setClientId(member.clientId())
                .setClientHost(member.clientHost())
                .setMemberMetadata(stable ? member.metadata(group.protocolName()) : new byte[0])
                .setMemberAssignment(stable ? member.assignment() : new byte[0]));
      }
      return new DescribedGroup()
          .setErrorCode(Errors.NONE.code())
          .setGroupId(groupId)
          .setGroupState(group.state().kafkaName())
          .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
          .setProtocolData(stable ? group.protocolName() : "")
          .setMembers(members);
    }
  }

  private static DescribedGroup emptyDescription(String groupId, String state, Errors error) {
    return new DescribedGroup()
        .setErrorCode(error.code())
        .setGroupId(groupId == null ? "" : groupId)
        .setGroupState(state)
        .setProtocolType("")
        .setProtocolData("")
        .setMembers(new ArrayList<>());
  }

  /**
   * Deletes Empty groups with their offsets and stored membership; a group with members answers
   * NON_EMPTY_GROUP.
   */
  CompletableFuture<DeleteGroupsResponseData> delete(DeleteGroupsRequestData request) {
    Map<String, CompletableFuture<Errors>> results = new LinkedHashMap<>();
    Set<String> withOffsets = null;
    for (String groupId : new LinkedHashSet<>(request.groupsNames())) {
      if (registry.isClosed()) {
        results.put(groupId, done(Errors.COORDINATOR_NOT_AVAILABLE));
        continue;
      }
      if (groupId == null) {
        results.put(groupId, done(Errors.INVALID_GROUP_ID));
        continue;
      }
      Errors live = removeIfEmpty(groupId);
      if (live == Errors.GROUP_ID_NOT_FOUND) {
        if (withOffsets == null) {
          withOffsets = store.groupIds();
        }
        live = withOffsets.contains(groupId) ? Errors.NONE : Errors.GROUP_ID_NOT_FOUND;
      }
      results.put(groupId, live == Errors.NONE ? deleteOffsets(groupId) : done(live));
    }
    CompletableFuture<?>[] all = results.values().toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(all)
        .thenApply(
            ignored -> {
              DeletableGroupResultCollection collection = new DeletableGroupResultCollection();
              results.forEach(
                  (groupId, error) ->
                      collection.add(
                          new DeletableGroupResult()
                              .setGroupId(groupId == null ? "" : groupId)
                              .setErrorCode(error.join().code())));
              return new DeleteGroupsResponseData().setResults(collection);
            });
  }

  /**
   * Marks an Empty live group Dead and forgets it.
   *
   * @return NONE when removed, NON_EMPTY_GROUP when it has members, GROUP_ID_NOT_FOUND when no such
   *     live group exists
   */
  private Errors removeIfEmpty(String groupId) {
    ClassicGroup group = registry.get(groupId);
    if (group == null) {
      return Errors.GROUP_ID_NOT_FOUND;
    }
    synchronized (group) {
      if (group.is(GroupState.DEAD)) {
        return Errors.GROUP_ID_NOT_FOUND;
      }
      if (!group.is(GroupState.EMPTY)) {
        return Errors.NON_EMPTY_GROUP;
      }
      group.markDead();
      registry.remove(group);
    }
    LOGGER.info("Group {} deleted", groupId);
    return Errors.NONE;
  }

  private CompletableFuture<Errors> deleteOffsets(String groupId) {
    CompletableFuture<Void> deletion;
    try {
      deletion = store.deleteGroup(groupId);
    } catch (RuntimeException e) {
      deletion = CompletableFuture.failedFuture(e);
    }
    return deletion.handle(
        (ignored, failure) ->
            failure == null
                ? Errors.NONE
                : StoreErrors.toError(groupId, "delete committed offsets", failure));
  }

  private static CompletableFuture<Errors> done(Errors error) {
    return CompletableFuture.completedFuture(error);
  }

  /**
   * Forgets Empty groups that have no committed offsets (Kafka's periodic group cleanup), unless a
   * new member is between its two JoinGroups, and removes their stored membership.
   */
  void sweepEmptyGroups() {
    Set<String> withOffsets = store.groupIds();
    Completions out = new Completions();
    for (ClassicGroup group : registry.all()) {
      synchronized (group) {
        if (group.is(GroupState.EMPTY)
            && !group.hasPendingMembers()
            && !withOffsets.contains(group.groupId())) {
          group.markDead();
          registry.remove(group);
          writes.forgetQuietly(group.groupId(), out);
          LOGGER.debug("Forgot empty group {} without committed offsets", group.groupId());
        }
      }
    }
    out.run();
  }
}
