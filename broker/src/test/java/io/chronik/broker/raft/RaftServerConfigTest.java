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
}
