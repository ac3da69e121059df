package io.chronik.broker.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftServerConfigTest {
  @TempDir Path tmp;

  @Test
  void shouldHaveALeaderTryAnUnreachableFollowerAgainWithinASecondAndAHalfHoweverLongItWasAway() {
    // given: the properties every chronik Raft server runs with, read back as Ratis reads them
    RaftProperties props =
        RaftServerConfig.properties("127.0.0.1", 0, tmp, RaftNode.Settings.defaults());
    String value = RaftServerConfigKeys.Log.Appender.retryPolicy(props);
    RetryPolicy policy =
        RetryPolicy.parse(value, RaftServerConfigKeys.Log.Appender.RETRY_POLICY_KEY);
    // when: the waits after 1 failed try, after 11 (~0 s away), 51 (~10 s), 10,000 (~3 h) and a
    // billion; Ratis' default waits 5 s from the 31st failed try on
    long[] failedTries = {1, 11, 51, 10_000, 1_000_000_000};
    for (long tries : failedTries) {
      RetryPolicy.Action action = policy.handleAttemptFailure(() -> (int) tries);
      // then
      assertThat(action.shouldRetry()).as("retry after %d failed tries", tries).isTrue();
      assertThat(action.getSleepTime().toLong(TimeUnit.MILLISECONDS))
          .as("wait after %d failed tries", tries)
          .isLessThan(1500);
    }
    // Ratis draws the wait from 0.5 to 1.5 times 250 ms and rounds it, so 375 ms itself can come
    assertThat(policy.handleAttemptFailure(() -> 20).getSleepTime().toLong(TimeUnit.MILLISECONDS))
        .as("a follower away for a moment (a restart) is tried again within 375 ms")
        .isLessThanOrEqualTo(375);
  }

  @Test
  void shouldLetALeaderThatLostItsFollowersStandAgainWithinAnElectionTimeoutWhenItPaused() {
    // given: the properties every chronik Raft server runs with. A preferred leader whose process
    // paused for longer than the election timeout steps down when it resumes; its followers
    // cannot win an election without its vote, which it refuses (it has the higher priority), so
    // the group has a leader again only once it stands itself (FailoverSoakIT seed
    // 38043325598067: soak-3 without a leader for 10.3 s after a 2.0 s SIGSTOP)
    RaftNode.Settings settings = RaftNode.Settings.defaults();
    RaftProperties props = RaftServerConfig.properties("127.0.0.1", 0, tmp, settings);

    // when: how long such a leader waits before it stands for election again
    long waitMs =
        RaftServerConfigKeys.LeaderElection.leaderStepDownWaitTime(props)
            .toLong(TimeUnit.MILLISECONDS);

    // then: one election timeout, in which every follower had its own chance; not Ratis' 10 s
    assertThat(waitMs).isEqualTo(settings.electionTimeoutMaxMs());
  }

  @Test
  void shouldHoldAGroupsFirstElectionForAFractionOfTheElectionTimeout() {
    // given: the properties every chronik Raft server runs with. A group's first election on a node
    // (a single node starting, a new topic's partitions) waited the whole election timeout, 1-2 s,
    // although a group of one member has nobody to wait for
    RaftNode.Settings settings = RaftNode.Settings.defaults();
    RaftProperties props = RaftServerConfig.properties("127.0.0.1", 0, tmp, settings);

    // when
    long minMs =
        RaftServerConfigKeys.Rpc.firstElectionTimeoutMin(props).toLong(TimeUnit.MILLISECONDS);
    long maxMs =
        RaftServerConfigKeys.Rpc.firstElectionTimeoutMax(props).toLong(TimeUnit.MILLISECONDS);

    // then: 100-200 ms, a tenth of the timeout every later election waits
    assertThat(minMs).isEqualTo(100);
    assertThat(maxMs).isEqualTo(200);
    assertThat(RaftServerConfigKeys.Rpc.timeoutMin(props).toLong(TimeUnit.MILLISECONDS))
        .isEqualTo(settings.electionTimeoutMinMs());
  }
}
