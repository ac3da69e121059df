package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.replication.GroupStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CatchUpNudgeTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final AtomicReference<GroupStatus> status = new AtomicReference<>();
  private final List<String> nudged = new ArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private final CatchUpNudge nudge =
      new CatchUpNudge(
          key -> Optional.ofNullable(status.get()),
          (key, timeout) -> {
            nudged.add(key);
            return CompletableFuture.completedFuture(null);
          },
          clock::get,
          key -> received.get(),
          3);

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

  @Test
  void shouldLeaveTheGroupAloneWhenSomethingIsCommittedHere() {
    // given
    status.set(follower(1, 5));
    // when
    for (int i = 0; i < 10; i++) {
      nudge.partition("g");
      clock.addAndGet(2000);
    }
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
    for (int i = 0; i <= 12; i++) {
      nudge.partition("g");
      clock.addAndGet(500);
    }
    assertThat(nudged).containsExactly("g");
  }

  @Test
  void shouldNudgeAtMostOncePerIntervalWhenTheGroupStaysStuck() {
    // given
    status.set(follower(1, -1));
    // when: 12 s, polled every 500 ms
    for (int i = 0; i <= 24; i++) {
      nudge.partition("g");
      clock.addAndGet(500);
    }
    // then: at 5 s and 10 s
    assertThat(nudged).hasSize(2);
  }
}
