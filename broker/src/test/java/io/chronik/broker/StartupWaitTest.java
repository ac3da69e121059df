package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartupWaitTest {
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();

  /** Each pause is one second of the fake clock. */
  private StartupWait waitWithSteps(Runnable eachSecond) {
    return new StartupWait(
        Duration.ofSeconds(10),
        nanos::get,
        () -> {
          nanos.addAndGet(Duration.ofSeconds(1).toNanos());
          eachSecond.run();
        });
  }

  @Test
  void shouldWaitPastThePatienceWhenTheNodeKeepsMakingProgress() {
    // given: the node applies entries every second and is caught up after 60 s
    StartupWait wait = waitWithSteps(applied::incrementAndGet);

    // when
    wait.until(() -> applied.get() >= 60, applied::get, "the partitions");

    // then
    assertThat(nanos.get()).isEqualTo(Duration.ofSeconds(60).toNanos());
  }

  @Test
  void shouldGiveUpWhenNothingMovesForThePatience() {
    // given: progress for 5 s, then none
    StartupWait wait =
        waitWithSteps(
            () -> {
              if (nanos.get() <= Duration.ofSeconds(5).toNanos()) {
                applied.incrementAndGet();
              }
            });

    // when / then: 10 s after the last progress
    assertThatThrownBy(() -> wait.until(() -> false, applied::get, "the partitions"))
        .isInstanceOf(ChronikException.class)
        .hasMessageContaining("timed out after 10s without progress waiting for the partitions");
    assertThat(nanos.get())
        .isBetween(Duration.ofSeconds(15).toNanos(), Duration.ofSeconds(16).toNanos());
  }

  @Test
  void shouldReturnAtOnceWhenTheConditionAlreadyHolds() {
    // given
    StartupWait wait = waitWithSteps(() -> {});

    // when
    wait.until(() -> true, applied::get, "nothing");

    // then
    assertThat(nanos.get()).isZero();
  }
}
