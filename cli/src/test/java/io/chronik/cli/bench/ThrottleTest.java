package io.chronik.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThrottleTest {

  @Test
  void shouldWaitWhenSenderIsAheadOfSchedule() {
    // given: 1000 records/s, 100 sent after 50 ms (due at 100 ms)
    Throttle throttle = new Throttle(1000, 0);

    // when
    long delay = throttle.delayNanos(100, TimeUnit.MILLISECONDS.toNanos(50));

    // then
    assertThat(delay).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
  }

  @Test
  void shouldNotWaitWhenSenderIsBehindSchedule() {
    // given
    Throttle throttle = new Throttle(1000, 0);

    // then
    assertThat(throttle.delayNanos(100, TimeUnit.MILLISECONDS.toNanos(200))).isZero();
  }

  @Test
  void shouldNeverWaitWhenThroughputIsUnlimited() {
    // given
    Throttle throttle = new Throttle(-1, 0);

    // then
    assertThat(throttle.delayNanos(1_000_000, 0)).isZero();
  }
}
