package io.chronik.broker.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.raft.PreferredLeaderWatch.Follower;
import io.chronik.broker.raft.PreferredLeaderWatch.StepDown;
import io.chronik.broker.raft.PreferredLeaderWatch.Transfer;
import io.chronik.broker.raft.PreferredLeaderWatch.Wait;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreferredLeaderWatchTest {
  private static final long DEAD_MS = 2_000;
  private static final long LAST = 50_000;

  @Test
  void shouldHandTheLeadToALivePreferredMemberOnlyOnceItWasCloseOnTwoChecksInARow() {
    // given: the preferred member answered 100 ms ago and is 300 entries behind (a write load)
    List<Follower> preferred = List.of(new Follower(1, 2, LAST - 300, 100, true));

    // when / then: the first check only counts, the second hands over
    assertThat(PreferredLeaderWatch.decide(preferred, LAST, 0, DEAD_MS)).isEqualTo(new Wait());
    assertThat(PreferredLeaderWatch.decide(preferred, LAST, 1, DEAD_MS)).isEqualTo(new Transfer(1));
  }

  @Test
  void shouldNotHandTheLeadToACloseLivePreferredMemberThatIsNotReadyYet() {
    // given: a restarted preferred member whose log is back (close, answering) but which still
    // replays it, so that as a leader it would take no writes (FailoverSoakIT seed 39149089494786:
    // soak-5 took no write for 9.3 s after its lead went back to node 3 while node 3 had applied
    // 26 of the 770 committed metadata entries)
    Follower replaying = new Follower(1, 2, LAST - 10, 100, false);

    // when / then: no hand-over, however often it is close
    assertThat(PreferredLeaderWatch.decide(List.of(replaying), LAST, 0, DEAD_MS))
        .isEqualTo(new Wait());
    assertThat(PreferredLeaderWatch.decide(List.of(replaying), LAST, 5, DEAD_MS))
        .isEqualTo(new Wait());

    // and: once it is ready, the lead goes back as before
    Follower ready = new Follower(1, 2, LAST - 10, 100, true);
    assertThat(PreferredLeaderWatch.decide(List.of(ready), LAST, 1, DEAD_MS))
        .isEqualTo(new Transfer(1));
  }

  @Test
  void shouldLeaveAPreferredMemberThatIsFarBehindOrNotAnsweringToCatchUp() {
    // given: one far behind (still catching up), one silent for a while but behind as well
    Follower catchingUp = new Follower(1, 2, LAST - 5_000, 100, true);
    Follower silentBehind = new Follower(3, 2, LAST - 1, 10_000, false);

    // then: nothing to do; Ratis does not hand over to either
    assertThat(PreferredLeaderWatch.decide(List.of(catchingUp), LAST, 5, DEAD_MS))
        .isEqualTo(new Wait());
    assertThat(PreferredLeaderWatch.decide(List.of(silentBehind), LAST, 5, DEAD_MS))
        .isEqualTo(new Wait());
    assertThat(PreferredLeaderWatch.decide(List.of(), LAST, 5, DEAD_MS)).isEqualTo(new Wait());
  }

  @Test
  void shouldStepDownWhenThePreferredMemberItHandsOverToStoppedAnswering() {
    // given: the preferred member has every entry (Ratis keeps handing over to it) and has not
    // answered for longer than the election timeout
    Follower dead = new Follower(1, 2, LAST, DEAD_MS + 150, false);

    // then
    assertThat(PreferredLeaderWatch.decide(List.of(dead), LAST, 0, DEAD_MS))
        .isEqualTo(new StepDown(1, DEAD_MS + 150));

    // and: not while it may still answer
    Follower slow = new Follower(1, 2, LAST, DEAD_MS - 1, false);
    assertThat(PreferredLeaderWatch.decide(List.of(slow), LAST, 0, DEAD_MS)).isEqualTo(new Wait());
  }

  @Test
  void shouldPreferALivePreferredMemberToSteppingDownWhenTwoShareTheTopPriority() {
    // given: two members with the top priority, one dead with every entry, one live and close
    List<Follower> preferred =
        List.of(new Follower(1, 2, LAST, 60_000, false), new Follower(3, 2, LAST - 10, 50, true));

    // then: the lead goes to the live one rather than to an election
    assertThat(PreferredLeaderWatch.decide(preferred, LAST, 1, DEAD_MS)).isEqualTo(new Transfer(3));
  }
}
