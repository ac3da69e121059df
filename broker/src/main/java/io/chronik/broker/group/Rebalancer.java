package io.chronik.broker.group;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a group through its rebalances: starts a join phase, completes it when every member has
 * rejoined or the rebalance timeout expires, hands out the leader's assignment, and evicts members
 * whose session expired or that never sent SyncGroup.
 *
 * <p>Every method runs with the group's lock held. Timeouts fire on the timer thread, take the lock
 * themselves, and act only if they are still current (see {@link Timeout}). Futures are never
 * completed here: they go to the caller's {@link Completions}.
 */
final class Rebalancer {

  private static final Logger LOGGER = LoggerFactory.getLogger(Rebalancer.class);

  /**
   * How long a new member may wait in a join phase before it is dropped. New members cannot
   * heartbeat, so the session timeout does not apply to them (Kafka's {@code
   * NewMemberJoinTimeoutMs}).
   */
  static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

  /** What a timeout does once it holds the group lock. */
  @FunctionalInterface
  interface TimeoutAction {
    void run(ClassicGroup group, Completions out);
  }

  private final ScheduledExecutorService timer;
  private final long initialRebalanceDelayMs;
  private final GroupWrites writes;

  Rebalancer(ScheduledExecutorService timer, long initialRebalanceDelayMs, GroupWrites writes) {
    this.timer = timer;
    this.initialRebalanceDelayMs = initialRebalanceDelayMs;
    this.writes = writes;
  }

  // ---- the join phase

  void maybePrepareRebalance(ClassicGroup group, String reason, Completions out) {
    if (group.canRebalance()) {
      prepareRebalance(group, reason, out);
    }
  }

  /**
   * Starts a join phase. Members waiting for their assignment are told to rejoin; a group leaving
   * Empty first waits the initial rebalance delay, which does not end early.
   */
  void prepareRebalance(ClassicGroup group, String reason, Completions out) {
    if (group.is(GroupState.COMPLETING_REBALANCE)) {
      resetAndPropagateAssignmentError(group, Errors.REBALANCE_IN_PROGRESS, out);
    }
    group.clearPendingSyncMembers();
    group.syncTimeout().cancel();
    boolean fromEmpty = group.is(GroupState.EMPTY);
    group.transitionTo(GroupState.PREPARING_REBALANCE);
    group.newMemberAdded(false);
    LOGGER.info(
        "Preparing to rebalance group {} with old generation {} ({} members): {}",
        group.groupId(),
        group.generationId(),
        group.size(),
        reason);
    if (fromEmpty && initialRebalanceDelayMs > 0) {
      group.inInitialDelay(true);
      group.initialDelayRemainingMs(
          Math.max(group.rebalanceTimeoutMs() - initialRebalanceDelayMs, 0));
      arm(group, group.joinTimeout(), initialRebalanceDelayMs, this::onInitialDelayExpired);
    } else {
      group.inInitialDelay(false);
      arm(group, group.joinTimeout(), group.rebalanceTimeoutMs(), this::onJoinTimeout);
      maybeCompleteJoin(group, out);
    }
  }

  /** Completes the join phase if every member rejoined (never during the initial delay). */
  void maybeCompleteJoin(ClassicGroup group, Completions out) {
    if (group.is(GroupState.PREPARING_REBALANCE)
        && !group.inInitialDelay()
        && group.hasAllMembersJoined()) {
      completeJoin(group, out);
    }
  }

  private void onJoinTimeout(ClassicGroup group, Completions out) {
    if (group.is(GroupState.PREPARING_REBALANCE)) {
      completeJoin(group, out);
    }
  }

  /** Kafka's InitialDelayedJoin: extend the delay while new members keep arriving. */
  private void onInitialDelayExpired(ClassicGroup group, Completions out) {
    if (!group.is(GroupState.PREPARING_REBALANCE)) {
      return;
    }
    long remaining = group.initialDelayRemainingMs();
    if (group.newMemberAdded() && remaining > 0) {
      group.newMemberAdded(false);
      long delay = Math.min(initialRebalanceDelayMs, remaining);
      group.initialDelayRemainingMs(Math.max(remaining - delay, 0));
      arm(group, group.joinTimeout(), delay, this::onInitialDelayExpired);
    } else {
      group.inInitialDelay(false);
      completeJoin(group, out);
    }
  }

  /**
   * Ends the join phase: evicts the dynamic members that did not rejoin, starts the next
   * generation, and answers every waiting JoinGroup (the leader gets the member list).
   */
  private void completeJoin(ClassicGroup group, Completions out) {
    group.joinTimeout().cancel();
    group.inInitialDelay(false);
    List<GroupMember> absent = group.notYetRejoinedMembers();
    for (GroupMember member : absent) {
      if (!member.isStatic()) {
        dropMember(group, member, out);
      }
    }
    if (absent.stream().anyMatch(m -> !m.isStatic())) {
      LOGGER.info(
          "Group {} generation {} removed dynamic members that did not rejoin: {}",
          group.groupId(),
          group.generationId(),
          absent.stream().filter(m -> !m.isStatic()).toList());
    }
    if (!group.maybeElectNewJoinedLeader() && group.size() > 0) {
      LOGGER.warn(
          "Group {} generation {} could not complete its rebalance: no member rejoined",
          group.groupId(),
          group.generationId());
      arm(group, group.joinTimeout(), group.rebalanceTimeoutMs(), this::onJoinTimeout);
      return;
    }
    group.initNextGeneration();
    if (group.is(GroupState.EMPTY)) {
      LOGGER.info(
          "Group {} with generation {} is now empty", group.groupId(), group.generationId());
      // no member waits for this write: if it is lost, a new coordinator takes over the previous
      // generation, whose members it then expires
      writes.storeQuietly(group, out);
      return;
    }
    LOGGER.info(
        "Group {} generation {} formed with {} members, protocol {}, leader {}",
        group.groupId(),
        group.generationId(),
        group.size(),
        group.protocolName(),
        group.leaderId());
    List<JoinGroupResponseMember> memberList = group.joinResponseMembers();
    for (GroupMember member : group.members()) {
      PendingJoin join = member.takePendingJoin();
      if (join != null) {
        boolean leader = group.isLeader(member.memberId());
        out.join(
            join,
            GroupResponses.joinSuccess(
                group,
                member.memberId(),
                group.leaderId(),
                leader ? memberList : List.of(),
                false,
                join.version()));
      }
      keepAlive(group, member, member.sessionTimeoutMs());
      member.isNew(false);
    }
    group.addPendingSyncMembers();
    int generation = group.generationId();
    arm(
        group,
        group.syncTimeout(),
        group.rebalanceTimeoutMs(),
        (g, o) -> onSyncTimeout(g, generation, o));
  }

  // ---- the sync phase

  /** Records a member's SyncGroup; the sync timeout stops once every member sent one. */
  void syncReceived(ClassicGroup group, String memberId) {
    group.removePendingSyncMember(memberId);
    if (group.pendingSyncMembers().isEmpty()) {
      group.syncTimeout().cancel();
    }
  }

  /**
   * Takes the leader's assignment and stores the generation with it; once it is stored the members
   * get their assignments and the group is Stable (see {@link #assignmentStored}).
   *
   * <p>The members are answered only after the write, as Kafka's coordinator does: a member that
   * got its assignment is then sure that a new coordinator takes its generation over, so its
   * commits and heartbeats keep working there. Answering first would let a coordinator that dies
   * right after leave members working on a generation that no other node knows. A write that fails
   * answers the waiting members NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE and starts a new
   * rebalance, so no member works on an assignment that was not stored.
   */
  void completeAssignment(ClassicGroup group, Map<String, byte[]> assignments, Completions out) {
    if (group.storingAssignment()) {
      LOGGER.info(
          "Group {} generation {}: the leader sent its assignment again; the first one is being"
              + " stored",
          group.groupId(),
          group.generationId());
      return;
    }
    for (GroupMember member : group.members()) {
      byte[] assignment = assignments.get(member.memberId());
      if (assignment == null) {
        LOGGER.warn(
            "Group {} generation {}: the leader assigned nothing to member {}",
            group.groupId(),
            group.generationId(),
            member.memberId());
      }
      member.assignment(assignment);
    }
    group.storingAssignment(true);
    int generation = group.generationId();
    writes.store(group, out, (ignored, failure) -> assignmentStored(group, generation, failure));
  }

  /**
   * The write of a generation's assignment ended: the group becomes Stable, or, when the write
   * failed, rebalances. Nothing happens when the group moved on meanwhile (a member left, the
   * coordinator gave the group up).
   */
  private void assignmentStored(ClassicGroup group, int generation, Throwable failure) {
    Completions out = new Completions();
    synchronized (group) {
      if (group.is(GroupState.COMPLETING_REBALANCE)
          && group.generationId() == generation
          && group.storingAssignment()) {
        group.storingAssignment(false);
        if (failure == null) {
          propagateAssignment(group, Errors.NONE, out);
          group.transitionTo(GroupState.STABLE);
          LOGGER.info(
              "Group {} generation {} is stable with {} members",
              group.groupId(),
              group.generationId(),
              group.size());
        } else {
          Errors stored = StoreErrors.toError(group.groupId(), "store the assignment", failure);
          // the errors a member's SyncGroup handles by finding the coordinator and rejoining
          Errors error =
              stored == Errors.NOT_COORDINATOR
                  ? Errors.NOT_COORDINATOR
                  : Errors.COORDINATOR_NOT_AVAILABLE;
          resetAndPropagateAssignmentError(group, error, out);
          maybePrepareRebalance(
              group, "the assignment of generation " + generation + " could not be stored", out);
        }
      }
    }
    out.run();
  }

  private void resetAndPropagateAssignmentError(ClassicGroup group, Errors error, Completions out) {
    group.members().forEach(m -> m.assignment(null));
    propagateAssignment(group, error, out);
  }

  private void propagateAssignment(ClassicGroup group, Errors error, Completions out) {
    for (GroupMember member : group.members()) {
      PendingSync sync = member.takePendingSync();
      if (sync != null) {
        out.sync(
            sync,
            error == Errors.NONE
                ? GroupResponses.syncSuccess(group, member.assignment())
                : GroupResponses.syncError(error));
        // a session may have lapsed while the member waited for the leader
        keepAlive(group, member, member.sessionTimeoutMs());
      }
    }
  }

  private void onSyncTimeout(ClassicGroup group, int generation, Completions out) {
    if (generation != group.generationId()
        || !(group.is(GroupState.COMPLETING_REBALANCE) || group.is(GroupState.STABLE))) {
      return;
    }
    Set<String> missing = group.pendingSyncMembers();
    if (missing.isEmpty()) {
      return;
    }
    for (String memberId : missing) {
      dropMember(group, group.member(memberId), out);
    }
    LOGGER.info(
        "Group {} generation {} removed members that sent no SyncGroup in time: {}",
        group.groupId(),
        generation,
        missing);
    prepareRebalance(group, "members " + missing + " sent no SyncGroup in time", out);
  }

  // ---- sessions and removal

  /**
   * Moves a member's expiry to {@code timeoutMs} from now. The armed task is re-armed when it fires
   * early, so a heartbeat only writes a deadline.
   */
  void keepAlive(ClassicGroup group, GroupMember member, long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    member.heartbeatDeadlineNanos(deadline);
    Timeout expiry = member.expiry();
    if (!expiry.isArmed() || expiry.firesAfter(deadline)) {
      arm(group, expiry, timeoutMs, (g, out) -> onMemberExpiry(g, member, out));
    }
  }

  private void onMemberExpiry(ClassicGroup group, GroupMember member, Completions out) {
    if (group.member(member.memberId()) != member) {
      return;
    }
    long remainingNanos = member.heartbeatDeadlineNanos() - System.nanoTime();
    if (remainingNanos > 0) {
      long delayMs = TimeUnit.NANOSECONDS.toMillis(remainingNanos) + 1;
      arm(group, member.expiry(), delayMs, (g, o) -> onMemberExpiry(g, member, o));
      return;
    }
    if (!member.isNew() && (member.isAwaitingJoin() || member.isAwaitingSync())) {
      // a member parked in JoinGroup or SyncGroup cannot heartbeat; the phase timeouts cover it
      keepAlive(group, member, member.sessionTimeoutMs());
      return;
    }
    LOGGER.info(
        "Member {} of group {} generation {} timed out ({} ms), removing it",
        member,
        group.groupId(),
        group.generationId(),
        member.isNew() ? NEW_MEMBER_JOIN_TIMEOUT_MS : member.sessionTimeoutMs());
    removeMemberAndUpdateGroup(group, member, "member " + member + " timed out", out);
  }

  /** Removes a member (left, expired) and rebalances or finishes the running join phase. */
  void removeMemberAndUpdateGroup(
      ClassicGroup group, GroupMember member, String reason, Completions out) {
    dropMember(group, member, out);
    switch (group.state()) {
      case STABLE, COMPLETING_REBALANCE -> maybePrepareRebalance(group, reason, out);
      case PREPARING_REBALANCE -> maybeCompleteJoin(group, out);
      default -> {}
    }
  }

  /** Takes a member out, answering what it still waits for with UNKNOWN_MEMBER_ID. */
  private void dropMember(ClassicGroup group, GroupMember member, Completions out) {
    PendingJoin join = member.takePendingJoin();
    if (join != null) {
      out.join(join, GroupResponses.joinError("", Errors.UNKNOWN_MEMBER_ID, join.version()));
    }
    PendingSync sync = member.takePendingSync();
    if (sync != null) {
      out.sync(sync, GroupResponses.syncError(Errors.UNKNOWN_MEMBER_ID));
    }
    member.expiry().cancel();
    group.remove(member.memberId());
  }

  /** Hands out a member id (MEMBER_ID_REQUIRED) that is forgotten unless used in time. */
  void addPendingMember(ClassicGroup group, String memberId, int sessionTimeoutMs) {
    Timeout expiry = group.addPendingMember(memberId);
    arm(
        group,
        expiry,
        sessionTimeoutMs,
        (g, out) -> {
          if (g.removePendingMember(memberId)) {
            LOGGER.info(
                "Pending member {} of group {} did not rejoin in time", memberId, g.groupId());
            maybeCompleteJoin(g, out);
          }
        });
  }

  /** Answers everything still waiting with NOT_COORDINATOR and marks the group Dead. */
  void shutdown(ClassicGroup group, Completions out) {
    for (GroupMember member : group.members()) {
      PendingJoin join = member.takePendingJoin();
      if (join != null) {
        out.join(
            join,
            GroupResponses.joinError(member.memberId(), Errors.NOT_COORDINATOR, join.version()));
      }
      PendingSync sync = member.takePendingSync();
      if (sync != null) {
        out.sync(sync, GroupResponses.syncError(Errors.NOT_COORDINATOR));
      }
    }
    group.markDead();
  }

  // ---- timers

  private void arm(ClassicGroup group, Timeout timeout, long delayMs, TimeoutAction action) {
    timeout.arm(timer, delayMs, epoch -> fire(group, timeout, epoch, action));
  }

  private void fire(ClassicGroup group, Timeout timeout, long epoch, TimeoutAction action) {
    Completions out = new Completions();
    try {
      synchronized (group) {
        if (timeout.isCurrent(epoch)) {
          timeout.fired();
          if (!group.is(GroupState.DEAD)) {
            action.run(group, out);
          }
        }
      }
    } catch (RuntimeException e) {
      LOGGER.error("A timeout of group {} failed", group.groupId(), e);
    }
    out.run();
  }
}
