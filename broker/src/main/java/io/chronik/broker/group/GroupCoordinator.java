package io.chronik.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic (pre-KIP-848) consumer-group coordinator: group membership, rebalances and committed
 * offsets, with Kafka's semantics, so that kafka-clients' KafkaConsumer ({@code
 * group.protocol=classic}) and librdkafka work against it unchanged.
 *
 * <p>Membership lives in memory on this node, and each completed generation (and a group that
 * became Empty) is also written to the {@link OffsetStore}, where committed offsets live too. A
 * node that becomes the coordinator takes the stored groups over ({@link #coordinate}): each is
 * Stable in its stored generation, with its members and assignments, and every member gets a fresh
 * session. Members then find the new coordinator (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE) and
 * go on with their generation: heartbeats and commits succeed and nothing is rebalanced. A member
 * that died meanwhile is expired after its session timeout, which starts a rebalance as usual. A
 * rebalance that was running when the old coordinator died is lost; its members rejoin, which the
 * stored generation answers as Kafka does.
 *
 * <p>Concurrency: requests arrive on any thread and timeouts fire on the timer thread. Each group
 * is guarded by its own lock ({@code synchronized} on the group), held only for in-memory updates.
 * Nothing blocks: JoinGroup and SyncGroup return futures that are completed, exactly once, when the
 * rebalance gets there, and never while a group lock is held.
 */
public final class GroupCoordinator implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(GroupCoordinator.class);

  private final GroupCoordinatorConfig config;
  private final GroupRegistry registry = new GroupRegistry();
  private final Rebalancer rebalancer;
  private final JoinGroupHandler joins;
  private final MemberRequests members;
  private final OffsetRequests commits;
  private final OffsetFetches fetches;
  private final GroupAdmin admin;
  private final OffsetStore store;
  private final OffsetDeletes offsetDeletes;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledFuture<?> sweep;
  private final Object takeOver = new Object();

  /** The term in which this node took the stored groups over; -1 while it holds none. */
  private volatile long term = -1;

  /**
   * @param store where committed offsets live
   * @param timer runs rebalance and session timeouts; owned by the caller
   * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms} (Kafka: 3000)
   */
  public GroupCoordinator(
      OffsetStore store, ScheduledExecutorService timer, long initialRebalanceDelayMs) {
    this(
        store,
        timer,
        GroupCoordinatorConfig.defaults().withInitialRebalanceDelayMs(initialRebalanceDelayMs));
  }

  public GroupCoordinator(
      OffsetStore store, ScheduledExecutorService timer, GroupCoordinatorConfig config) {
    this.config = config;
    this.store = store;
    GroupWrites writes = new GroupWrites(store, () -> term);
    this.rebalancer = new Rebalancer(timer, config.initialRebalanceDelayMs(), writes);
    this.joins = new JoinGroupHandler(rebalancer);
    this.members = new MemberRequests(rebalancer);
    this.commits = new OffsetRequests(registry, store, rebalancer, config.offsetMetadataMaxBytes());
    this.fetches = new OffsetFetches(registry, store);
    this.admin = new GroupAdmin(registry, store, writes);
    this.offsetDeletes = new OffsetDeletes(registry, store);
    this.sweep = scheduleSweep(timer, config.emptyGroupSweepIntervalMs());
  }

  private ScheduledFuture<?> scheduleSweep(ScheduledExecutorService timer, long intervalMs) {
    try {
      return timer.scheduleWithFixedDelay(
          () -> {
            try {
              admin.sweepEmptyGroups();
            } catch (RuntimeException e) {
              LOGGER.error("Sweeping empty groups failed", e);
            }
          },
          intervalMs,
          intervalMs,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      throw new IllegalArgumentException("the group timer does not accept tasks", e);
    }
  }

  public CompletableFuture<JoinGroupResponseData> joinGroup(
      JoinGroupRequestData request, short version, String clientId, String clientHost) {
    CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
    JoinRequest join =
        JoinRequest.of(request, version, clientId, clientHost, new PendingJoin(future, version));
    Errors invalid = checkActive(join.groupId());
    if (invalid == null
        && (join.sessionTimeoutMs() < config.minSessionTimeoutMs()
            || join.sessionTimeoutMs() > config.maxSessionTimeoutMs())) {
      invalid = Errors.INVALID_SESSION_TIMEOUT;
    }
    ClassicGroup group = null;
    if (invalid == null) {
      // only a member without an id may create the group
      group =
          join.memberId().isEmpty()
              ? registry.getOrCreate(join.groupId())
              : registry.get(join.groupId());
      invalid = group == null ? Errors.UNKNOWN_MEMBER_ID : null;
    }
    if (invalid != null) {
      future.complete(GroupResponses.joinError(join.memberId(), invalid, version));
      return future;
    }
    Completions out = new Completions();
    synchronized (group) {
      if (registry.isClosed()) {
        out.join(
            join.pending(),
            GroupResponses.joinError(join.memberId(), Errors.COORDINATOR_NOT_AVAILABLE, version));
      } else {
        joins.join(group, join, out);
      }
    }
    out.run();
    return future;
  }

  public CompletableFuture<SyncGroupResponseData> syncGroup(
      SyncGroupRequestData request, short version) {
    CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
    Errors invalid = checkActive(request.groupId());
    ClassicGroup group = invalid == null ? registry.get(request.groupId()) : null;
    if (invalid == null && group == null) {
      invalid = Errors.UNKNOWN_MEMBER_ID;
    }
    if (invalid != null) {
      future.complete(GroupResponses.syncError(invalid));
      return future;
    }
    Completions out = new Completions();
    PendingSync pending = new PendingSync(future, version);
    synchronized (group) {
      if (registry.isClosed()) {
        out.sync(pending, GroupResponses.syncError(Errors.COORDINATOR_NOT_AVAILABLE));
      } else {
        members.sync(group, request, version, pending, out);
      }
    }
    out.run();
    return future;
  }

  public HeartbeatResponseData heartbeat(HeartbeatRequestData request, short version) {
    Errors error = checkActive(request.groupId());
    ClassicGroup group = error == null ? registry.get(request.groupId()) : null;
    if (error == null && group == null) {
      error = Errors.UNKNOWN_MEMBER_ID;
    }
    if (error == null) {
      synchronized (group) {
        error =
            registry.isClosed()
                ? Errors.COORDINATOR_NOT_AVAILABLE
                : members.heartbeat(group, request, version);
      }
    }
    return GroupResponses.heartbeat(error);
  }

  public LeaveGroupResponseData leaveGroup(LeaveGroupRequestData request, short version) {
    List<MemberIdentity> leaving =
        version >= 3
            ? request.members()
            : List.of(new MemberIdentity().setMemberId(request.memberId()));
    Errors error = checkActive(request.groupId());
    if (error != null) {
      return GroupResponses.leave(error, List.of(), version);
    }
    ClassicGroup group = registry.get(request.groupId());
    if (group == null) {
      List<MemberResponse> unknown = new ArrayList<>();
      for (MemberIdentity identity : leaving) {
        unknown.add(
            new MemberResponse()
                .setMemberId(identity.memberId())
                .setGroupInstanceId(identity.groupInstanceId())
                .setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
      }
      return GroupResponses.leave(Errors.NONE, unknown, version);
    }
    Completions out = new Completions();
    LeaveGroupResponseData response;
    synchronized (group) {
      if (registry.isClosed() || group.is(GroupState.DEAD)) {
        response = GroupResponses.leave(Errors.COORDINATOR_NOT_AVAILABLE, List.of(), version);
      } else {
        response = GroupResponses.leave(Errors.NONE, members.leave(group, leaving, out), version);
      }
    }
    out.run();
    return response;
  }

  public CompletableFuture<OffsetCommitResponseData> commitOffsets(
      OffsetCommitRequestData request, short version) {
    return commits.commit(request, version);
  }

  public OffsetFetchResponseData fetchOffsets(OffsetFetchRequestData request, short version) {
    return fetches.fetch(request, version);
  }

  public ListGroupsResponseData listGroups(ListGroupsRequestData request, short version) {
    return admin.list(request, version);
  }

  public DescribeGroupsResponseData describeGroups(
      DescribeGroupsRequestData request, short version) {
    return admin.describe(request, version);
  }

  public CompletableFuture<DeleteGroupsResponseData> deleteGroups(
      DeleteGroupsRequestData request, short version) {
    return admin.delete(request);
  }

  /** OffsetDelete: see {@link OffsetDeletes}. */
  public CompletableFuture<org.apache.kafka.common.message.OffsetDeleteResponseData> deleteOffsets(
      org.apache.kafka.common.message.OffsetDeleteRequestData request) {
    return offsetDeletes.delete(request);
  }

  /** Every group, live or known by its committed offsets, ordered by id: for the admin API. */
  public List<GroupSummary> groups() {
    return admin.summaries();
  }

  /**
   * Follows this node's role as the coordinator of the replicated groups: {@code coordinatorTerm}
   * is the term in which this node leads the metadata group, once it has applied every earlier
   * entry, or -1 while it does not. The groups held for an older term are given up (what waits is
   * answered NOT_COORDINATOR, and they are forgotten); for a new term every stored group is taken
   * over. Calling again with the same term does nothing, so the request path (before it serves a
   * request) and a periodic check (which also gives the groups up) may both call it.
   *
   * <p>A coordinator that never calls this (a single node with an in-memory store) serves its own
   * groups and stores with term -1.
   */
  public void coordinate(long coordinatorTerm) {
    if (term == coordinatorTerm) {
      return;
    }
    synchronized (takeOver) {
      long previous = term;
      if (previous == coordinatorTerm || registry.isClosed()) {
        return;
      }
      // no write decided from here on carries a term: a group given up is Dead before it changes
      term = -1;
      int given = unloadAll();
      if (previous >= 0 || given > 0) {
        LOGGER.info("Group coordinator of term {} gave up {} groups", previous, given);
      }
      if (coordinatorTerm >= 0) {
        loadAll(coordinatorTerm);
        term = coordinatorTerm;
      }
    }
  }

  /** The term of the stored groups this coordinator holds; -1 while it holds none. */
  public long term() {
    return term;
  }

  private int unloadAll() {
    Completions out = new Completions();
    int count = 0;
    for (ClassicGroup group : registry.all()) {
      synchronized (group) {
        if (!group.is(GroupState.DEAD)) {
          rebalancer.shutdown(group, out);
          count++;
        }
        registry.remove(group);
      }
    }
    out.run();
    return count;
  }

  private void loadAll(long coordinatorTerm) {
    Completions out = new Completions();
    int stable = 0;
    int empty = 0;
    for (GroupMetadata stored : store.storedGroups()) {
      ClassicGroup group;
      try {
        group = ClassicGroup.restore(stored);
      } catch (RuntimeException e) {
        LOGGER.warn(
            "Group {}: its stored generation {} cannot be taken over ({}); its members rejoin",
            stored.groupId(),
            stored.generationId(),
            e.getMessage());
        continue;
      }
      ClassicGroup replaced = registry.put(group);
      if (replaced != null) {
        // created by a request while the groups were loading: the stored group wins
        synchronized (replaced) {
          rebalancer.shutdown(replaced, out);
        }
      }
      synchronized (group) {
        for (GroupMember member : group.members()) {
          rebalancer.keepAlive(group, member, member.sessionTimeoutMs());
        }
      }
      if (group.size() > 0) {
        stable++;
      } else {
        empty++;
      }
    }
    out.run();
    LOGGER.info(
        "Group coordinator of term {} took over {} stored groups ({} Stable, {} Empty)",
        coordinatorTerm,
        stable + empty,
        stable,
        empty);
  }

  /** Forgets Empty groups that have no committed offsets now rather than at the next sweep. */
  void sweepEmptyGroups() {
    admin.sweepEmptyGroups();
  }

  /**
   * Stops the coordinator: pending JoinGroup and SyncGroup requests are answered NOT_COORDINATOR
   * (their clients look for the new coordinator), every group is marked Dead, and later requests
   * get COORDINATOR_NOT_AVAILABLE. The timer belongs to the caller and is left running.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    registry.markClosed();
    sweep.cancel(false);
    int count;
    synchronized (takeOver) {
      count = unloadAll();
      term = -1;
    }
    LOGGER.info("Group coordinator closed; {} groups unloaded", count);
  }

  /**
   * The checks every membership request starts with.
   *
   * <p>Unlike the offset and admin APIs, membership needs a non-empty group id.
   *
   * @return the error, or null
   */
  private Errors checkActive(String groupId) {
    if (registry.isClosed()) {
      return Errors.COORDINATOR_NOT_AVAILABLE;
    }
    if (groupId == null || groupId.isEmpty()) {
      return Errors.INVALID_GROUP_ID;
    }
    return null;
  }
}
