package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.replication.GroupStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CatchUpNudgeTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final AtomicReference<GroupStatus> status = new AtomicReference<>();
  private final List<String> nudged = new ArrayList<>();
  private final List<String> settled = new ArrayList<>();
  private final AtomicReference<CompletableFuture<Void>> newTermCall =
      new AtomicReference<>(CompletableFuture.completedFuture(null));
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong recorded = new AtomicLong(-1);
  private final List<Integer> recordQueries = new ArrayList<>();
  private final Map<Integer, Long> recordedBy = new HashMap<>();
  private final AtomicReference<List<Integer>> otherMembers = new AtomicReference<>(List.of(1, 2));
  private final CatchUpNudge nudge =
      new CatchUpNudge(
          key -> Optional.ofNullable(status.get()),
          new CatchUpNudge.NewTerm() {
            @Override
            public CompletableFuture<Void> start(String key, long timeoutMs) {
              nudged.add(key);
              return newTermCall.get();
            }

            @Override
            public void settle(String key) {
              settled.add(key);
            }
          },
          (key, leader) -> {
            recordQueries.add(leader);
            return CompletableFuture.completedFuture(
                recordedBy.getOrDefault(leader, recorded.get()));
          },
          clock::get,
          key -> received.get(),
          key -> otherMembers.get(),
          3);

  /**
   * Looks at group "g" as a wiped node (nothing committed, leader 1 records commit index 4200 for
   * it) every 100 ms until it asks for a new term, which it must within 2 s.
   */
  private void askAsAWipedNode() {
    recorded.set(4200);
    status.set(follower(1, -1));
    for (int i = 0; i <= 20 && nudged.isEmpty(); i++) {
      nudge.partition("g");
      clock.addAndGet(100);
    }
    assertThat(nudged).containsExactly("g");
  }

  private static GroupStatus follower(int leader, long commitIndex) {
    return new GroupStatus(
        "g",
        "partition",
        "FOLLOWER",
        false,
        leader,
        1,
        commitIndex,
        commitIndex,
        -1,
        -1,
        -1,
        List.of());
  }

  @Test
  void shouldAskTheLeaderToStepDownWhenTheLeaderKeepsComingAndGoingAndNothingIsCommitted() {
    // given: a wiped node that hears its leader, loses it for a moment every 3 s, hears it again
    for (int i = 0; i < 4; i++) {
      status.set(follower(1, -1));
      nudge.partition("g");
      clock.addAndGet(2000);
      // when
      status.set(follower(-1, -1));
      nudge.partition("g");
      clock.addAndGet(1000);
    }
    status.set(follower(1, -1));
    nudge.partition("g");

    // then: 12 s without anything committed, the leader never seen for 5 s in a row: it was asked
    // at 6 s and at 12 s
    assertThat(nudged).containsExactly("g", "g");
  }

  /** Polls {@code polls} times, {@code stepMs} apart; the times of the nudges after the first. */
  private List<Long> nudgeTimes(int polls, long stepMs) {
    List<Long> at = new ArrayList<>();
    long start = clock.get();
    for (int i = 0; i < polls; i++) {
      int before = nudged.size();
      nudge.partition("g");
      if (nudged.size() > before) {
        at.add(clock.get() - start);
      }
      clock.addAndGet(stepMs);
    }
    return at;
  }

  @Test
  void shouldLeaveTheGroupAloneWhenSomethingIsCommittedHere() {
    // given
    status.set(follower(1, 5));
    // when
    nudgeTimes(10, 2000);
    // then
    assertThat(nudged).isEmpty();
  }

  @Test
  void shouldLeaveTheLeaderAloneWhileASnapshotIsArrivingWhenNothingIsCommittedYet() {
    // given: a large snapshot arriving in chunks for 20 s, nothing committed until it is in
    status.set(follower(1, -1));
    // when
    for (int i = 0; i <= 40; i++) {
      received.addAndGet(4 << 20);
      nudge.partition("g");
      clock.addAndGet(500);
    }
    // then
    assertThat(nudged).isEmpty();
    // and when: the transfer stops with nothing committed, the leader is asked after an interval
    nudgeTimes(13, 500);
    assertThat(nudged).containsExactly("g");
  }

  @Test
  void shouldNudgeAtMostOncePerIntervalWhenTheGroupStaysStuck() {
    // given
    status.set(follower(1, -1));
    // when: 12 s, polled every 500 ms
    nudgeTimes(25, 500);
    // then: at 5 s and 10 s
    assertThat(nudged).hasSize(2);
  }

  @Test
  void shouldAskTheLeaderAtOnceWhenItRecordsACommitIndexForThisNodeThatHasNone() {
    // given: a wiped node whose leader still records the commit index it answered before the wipe
    recorded.set(4200);
    status.set(follower(1, -1));
    // when: 4 s, polled every 100 ms
    List<Long> nudgedAt = nudgeTimes(41, 100);
    // then: asked once, after the quick wait, long before the interval; the leader was queried
    assertThat(nudgedAt).hasSize(1);
    assertThat(nudgedAt.get(0))
        .isGreaterThanOrEqualTo(CatchUpNudge.QUICK_MS)
        .isLessThan(CatchUpNudge.QUICK_MS + 500);
    assertThat(recordQueries).isNotEmpty().containsOnly(1);
  }

  @Test
  void shouldAskBeforeTheLeaderIsHeardFromWhenAnotherMemberRecordsACommitIndexForThisNode() {
    // given: a wiped node that has not heard from the group's leader yet; member 1 has no record
    // of it (a new replica there), member 2 has the one its leader passed on
    recordedBy.put(1, -1L);
    recordedBy.put(2, 4200L);
    status.set(follower(-1, -1));
    // when: polled every 100 ms for 3 s
    List<Long> nudgedAt = nudgeTimes(31, 100);
    // then: both members were asked in turn, and the new term was asked for once, after member 2
    // answered and the quick wait passed, with no leader known
    assertThat(recordQueries).startsWith(1, 2);
    assertThat(nudgedAt).hasSize(1);
    assertThat(nudgedAt.get(0))
        .isGreaterThanOrEqualTo(CatchUpNudge.RECORD_QUERY_MS)
        .isLessThan(CatchUpNudge.RECORD_QUERY_MS + CatchUpNudge.QUICK_MS);
  }

  @Test
  void shouldAskWithoutTheQuickWaitWhenAMemberProvesTheWipeBeforeAnyLeaderIsHeardFrom() {
    // given: a wiped node that has heard from no leader; the first member it asks has its record
    recordedBy.put(1, 4200L);
    status.set(follower(-1, -1));
    // when: polled every 20 ms for 1 s
    List<Long> nudgedAt = nudgeTimes(51, 20);
    // then: asked once, within two polls of the first look, without the quick wait (no leader, so
    // no transfer can be under way)
    assertThat(nudgedAt).hasSize(1);
    assertThat(nudgedAt.get(0)).isLessThanOrEqualTo(20L).isLessThan(CatchUpNudge.QUICK_MS);
    assertThat(recordQueries).containsExactly(1);
  }

  @Test
  void shouldNotAskWithoutALeaderWhenNoMemberRecordsACommitIndexForThisNode() {
    // given: a new replica that has not heard from the leader yet: no member has a record of it
    recorded.set(-1);
    status.set(follower(-1, -1));
    // when: well past the interval, polled every 100 ms
    nudgeTimes((int) (2 * CatchUpNudge.INTERVAL_MS / 100), 100);
    // then: not asked (the interval rule needs a leader), and every member was asked in turn
    assertThat(nudged).isEmpty();
    assertThat(recordQueries).contains(1, 2);
  }

  @Test
  void shouldSettleAnAskedGroupOnceSomethingIsCommittedHereAndNotBefore() {
    // given: a wiped node that asked for a new term
    askAsAWipedNode();

    // when: settled while nothing is committed yet, then after the snapshot arrived, then again
    nudge.settle();
    List<String> beforeCommit = List.copyOf(settled);
    status.set(follower(2, 4300));
    nudge.settle();
    nudge.settle();

    // then: settled once, after the commit
    assertThat(beforeCommit).isEmpty();
    assertThat(settled).containsExactly("g");
  }

  @Test
  void shouldSettleAGroupWhoseSnapshotArrivedBeforeItsNewTermCallEndedOnlyOnceThatCallEnded() {
    // given: a wiped node that asked for a new term, whose call (a hand-over that raises a
    // member's priority) is still running
    CompletableFuture<Void> call = new CompletableFuture<>();
    newTermCall.set(call);
    askAsAWipedNode();

    // when: the snapshot arrives and the wait settles before the call ended, then the call ends
    status.set(follower(1, 4300));
    nudge.settle();
    List<String> whileRunning = List.copyOf(settled);
    call.complete(null);
    nudge.settle();

    // then: what the call changed is put back once it ended, and once only
    assertThat(whileRunning).isEmpty();
    assertThat(settled).containsExactly("g");
  }

  @Test
  void shouldWaitTheIntervalWhenTheLeaderRecordsNothingForThisNode() {
    // given: a group of a new cluster, or a new replica: the leader has no record of this node
    recorded.set(-1);
    status.set(follower(1, -1));
    // when: just under the interval, polled every 100 ms
    nudgeTimes((int) (CatchUpNudge.INTERVAL_MS / 100), 100);
    // then: not asked, and the leader's record was asked for about once a second, not every poll
    assertThat(nudged).isEmpty();
    assertThat(recordQueries).hasSizeBetween(4, 6);
  }

  @Test
  void shouldLeaveTheLeaderAloneWhenASnapshotIsAlreadyArrivingAlthoughTheLeaderRecordsACommit() {
    // given: a new term's leader already sending the snapshot; its record of this node is stale
    recorded.set(4200);
    status.set(follower(1, -1));
    // when: 4 s of chunks arriving, polled every 500 ms
    for (int i = 0; i <= 8; i++) {
      received.addAndGet(4 << 20);
      nudge.partition("g");
      clock.addAndGet(500);
    }
    // then
    assertThat(nudged).isEmpty();
  }

  @Test
  void shouldLeaveTheLeaderAloneWhenSnapshotChunksArriveAFewHundredMillisecondsApart() {
    // given: a new term's leader sending the snapshot in chunks 200 ms apart; its record is stale
    recorded.set(4200);
    status.set(follower(1, -1));
    // when: 3 s, polled every 20 ms as the start-up wait does
    for (int t = 0; t <= 3000; t += 20) {
      if (t % 200 == 0) {
        received.addAndGet(1 << 20);
      }
      nudge.partition("g");
      clock.addAndGet(20);
    }
    // then
    assertThat(nudged).isEmpty();
  }

  @Test
  void shouldNotAskQuicklyAgainWhenTheFirstQuickNudgeDidNotHelp() {
    // given: a wiped node that was nudged quickly once; the new term's leader still shows the
    // stale record (leaders never lower it)
    recorded.set(4200);
    status.set(follower(1, -1));
    long start = clock.get();
    List<Long> nudgedAt = nudgeTimes(16, 100);
    assertThat(nudgedAt).hasSize(1);
    long quickNudge = start + nudgedAt.get(0);
    // when: the group stays stuck until just before an interval after the quick nudge
    nudgeTimes((int) ((quickNudge + CatchUpNudge.INTERVAL_MS - 100 - clock.get()) / 100), 100);
    // then: the next nudge waits for the interval
    assertThat(nudged).hasSize(1);
  }

  @Test
  void shouldWaitTheIntervalWhenThisNodeHasALogAlthoughNothingIsCommittedYet() {
    // given: a node restarted with its log (entries up to 41, nothing known committed yet) whose
    // leader records commit index 40 for it
    recorded.set(40);
    status.set(
        new GroupStatus("g", "partition", "FOLLOWER", false, 1, 1, -1, -1, 0, 41, -1, List.of()));
    // when: just under the interval, polled every 100 ms
    nudgeTimes((int) (CatchUpNudge.INTERVAL_MS / 100), 100);
    // then: the record proves nothing here; the node was not wiped
    assertThat(nudged).isEmpty();
  }
}
