package io.chronik.broker.group;

/**
 * The coordinator's settings, named after the Kafka broker settings they mirror.
 *
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}: how long a first
 *     rebalance out of Empty waits for more members (extended while members keep arriving, up to
 *     the rebalance timeout)
 * @param minSessionTimeoutMs {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs {@code group.max.session.timeout.ms}
 * @param offsetMetadataMaxBytes {@code offset.metadata.max.bytes}: longer commit metadata is
 *     refused with OFFSET_METADATA_TOO_LARGE
 * @param emptyGroupSweepIntervalMs how often Empty groups without committed offsets are forgotten
 *     ({@code offsets.retention.check.interval.ms})
 */
public record GroupCoordinatorConfig(
    long initialRebalanceDelayMs,
    int minSessionTimeoutMs,
    int maxSessionTimeoutMs,
    int offsetMetadataMaxBytes,
    long emptyGroupSweepIntervalMs) {

  public GroupCoordinatorConfig {
    if (initialRebalanceDelayMs < 0) {
      throw new IllegalArgumentException("initialRebalanceDelayMs < 0: " + initialRebalanceDelayMs);
    }
    if (minSessionTimeoutMs <= 0 || maxSessionTimeoutMs < minSessionTimeoutMs) {
      throw new IllegalArgumentException(
          "bad session timeout bounds: [" + minSessionTimeoutMs + ", " + maxSessionTimeoutMs + "]");
    }
    if (emptyGroupSweepIntervalMs <= 0) {
      throw new IllegalArgumentException(
          "emptyGroupSweepIntervalMs <= 0: " + emptyGroupSweepIntervalMs);
    }
  }

  /** Kafka's defaults: 3 s initial delay, session timeouts in [6 s, 30 min], 4 KiB metadata. */
  public static GroupCoordinatorConfig defaults() {
    return new GroupCoordinatorConfig(3_000, 6_000, 1_800_000, 4_096, 600_000);
  }

  public GroupCoordinatorConfig withInitialRebalanceDelayMs(long delayMs) {
    return new GroupCoordinatorConfig(
        delayMs,
        minSessionTimeoutMs,
        maxSessionTimeoutMs,
        offsetMetadataMaxBytes,
        emptyGroupSweepIntervalMs);
  }

  public GroupCoordinatorConfig withSessionTimeoutBounds(int minMs, int maxMs) {
    return new GroupCoordinatorConfig(
        initialRebalanceDelayMs, minMs, maxMs, offsetMetadataMaxBytes, emptyGroupSweepIntervalMs);
  }
}
