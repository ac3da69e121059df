package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.log.LogConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaManagerLogConfigTest {
  private static final LogConfig DEFAULTS = new LogConfig(1 << 20, 60_000, 3_600_000, -1, 4096);

  @Test
  void shouldUseTheDefaultForAStoredValueTheLogCannotTakeAndKeepTheOthers() {
    // given: values stored before the Kafka APIs checked ranges, beside good ones
    Map<String, String> stored =
        Map.of(
            "retention.ms", "-5",
            "segment.bytes", "0",
            "segment.ms", "120000",
            "retention.bytes", "not-a-number");

    // when
    LogConfig config = ReplicaManager.logConfig("t", stored, DEFAULTS);

    // then
    assertThat(config)
        .isEqualTo(new LogConfig(1 << 20, 120_000, 3_600_000, -1, DEFAULTS.indexIntervalBytes()));
  }

  @Test
  void shouldApplyEveryOverrideWhenAllAreValid() {
    // given
    Map<String, String> stored =
        Map.of(
            "retention.ms", "-1",
            "segment.bytes", "4096",
            "segment.ms", "1000",
            "retention.bytes", "123456");

    // when
    LogConfig config = ReplicaManager.logConfig("t", stored, DEFAULTS);

    // then
    assertThat(config).isEqualTo(new LogConfig(4096, 1000, -1, 123456, 4096));
  }
}
