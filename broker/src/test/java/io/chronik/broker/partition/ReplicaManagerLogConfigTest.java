package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.log.LogCleanup;
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

  @Test
  void shouldReadTheCleanupPolicyAndCompactionSettings() {
    // given
    Map<String, String> stored =
        Map.of(
            "cleanup.policy", "compact,delete",
            "min.cleanable.dirty.ratio", "0.25",
            "delete.retention.ms", "1000",
            "min.compaction.lag.ms", "10",
            "max.compaction.lag.ms", "20");

    // when
    LogConfig config = ReplicaManager.logConfig("t", stored, DEFAULTS);

    // then
    assertThat(config.cleanup()).isEqualTo(new LogCleanup(true, true, 0.25, 1000, 10, 20));
  }

  @Test
  void shouldUseTheDefaultForAStoredCompactionValueTheLogCannotTake() {
    // given: values no Kafka API lets through, beside a good one
    Map<String, String> stored =
        Map.of(
            "cleanup.policy", "compact,forever",
            "min.cleanable.dirty.ratio", "2",
            "min.compaction.lag.ms", "30",
            "max.compaction.lag.ms", "20");

    // when
    LogConfig config = ReplicaManager.logConfig("t", stored, DEFAULTS);

    // then: the max lag applies, the min lag above it does not
    assertThat(config.cleanup()).isEqualTo(LogCleanup.deleteOnly().withLags(0, 20));
  }
}
