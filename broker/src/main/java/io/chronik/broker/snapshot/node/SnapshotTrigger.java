package io.chronik.broker.snapshot.node;

import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.snapshot.node.SnapshotService.GroupName;
import io.chronik.broker.snapshot.node.SnapshotService.Groups;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own snapshot triggers, beside Ratis' trigger by log entries. Both take a snapshot only
 * of a group that applied entries since its last one:
 *
 * <ul>
 *   <li>by age: a group whose last snapshot (or, for one never snapshotted, this node's start) is
 *       older than {@code time-threshold-secs}; that snapshot is archived whatever the age of the
 *       group's last archive;
 *   <li>by size: a group whose closed Raft log segments here hold {@code log-bytes-threshold} bytes
 *       or more. The log is purged up to the snapshot, so it stays within that size plus its open
 *       segment whatever the size of its entries (10,000 entries of up to 1 MiB each would be 10
 *       GiB), and so does what a restarting node replays. The snapshot is archived as Ratis' own
 *       are: when the group's last archive is older than the time threshold.
 * </ul>
 */
final class SnapshotTrigger implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(SnapshotTrigger.class);

  /** Takes a snapshot of a group now. */
  interface Snapshotter {
    /**
     * @param archive whether to archive it whatever the age of the group's last archive
     */
    long snapshotNow(String groupKey, boolean archive) throws IOException;
  }

  private final SnapshotSettings settings;
  private final RaftNode raft;
  private final Groups groups;
  private final SnapshotMetrics metrics;
  private final Snapshotter snapshotter;
  private final Instant startedAt = Instant.now();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          SnapshotService.daemonThreads("chronik-snapshot-trigger"));

  SnapshotTrigger(
      SnapshotSettings settings,
      RaftNode raft,
      Groups groups,
      SnapshotMetrics metrics,
      Snapshotter snapshotter) {
    this.settings = settings;
    this.raft = raft;
    this.groups = groups;
    this.metrics = metrics;
    this.snapshotter = snapshotter;
  }

  /** Checks the age every quarter of the time threshold (1 to 30 s), the size every second. */
  void start() {
    long period = Math.max(1, Math.min(30, settings.timeThresholdSecs() / 4));
    executor.scheduleWithFixedDelay(this::byAge, period, period, TimeUnit.SECONDS);
    executor.scheduleWithFixedDelay(this::bySize, 1, 1, TimeUnit.SECONDS);
  }

  private void byAge() {
    eachGroupWithNewEntries(
        "time-triggered",
        (key, name) -> {
          GroupState state = metrics.state(name.group(), key);
          Instant last = state.lastAt == null ? startedAt : state.lastAt;
          if (Duration.between(last, Instant.now()).toSeconds() >= settings.timeThresholdSecs()) {
            LOGGER.info(
                "[{}] last snapshot is older than {}s: taking one",
                name.group(),
                settings.timeThresholdSecs());
            snapshotter.snapshotNow(key, true);
          }
        });
  }

  private void bySize() {
    eachGroupWithNewEntries(
        "size-triggered",
        (key, name) -> {
          long bytes = raft.logBytes(key);
          if (bytes >= settings.logBytesThreshold()) {
            LOGGER.info(
                "[{}] Raft log holds {} bytes, at least the threshold of {}: taking a snapshot",
                name.group(),
                bytes,
                settings.logBytesThreshold());
            snapshotter.snapshotNow(key, false);
          }
        });
  }

  /** A trigger's look at one group. */
  private interface GroupCheck {
    void check(String groupKey, GroupName name) throws IOException;
  }

  /**
   * Runs {@code check} on every group here that applied entries since its last snapshot. A group
   * whose check fails is logged and tried again at the next pass; the other groups are still
   * checked.
   */
  private void eachGroupWithNewEntries(String trigger, GroupCheck check) {
    List<GroupStatus> statuses;
    try {
      statuses = raft.statuses();
    } catch (RuntimeException e) {
      LOGGER.warn("{} snapshots: cannot read the groups: {}", trigger, e.toString());
      return;
    }
    for (GroupStatus status : statuses) {
      String key = status.groupId();
      Optional<GroupName> name = groups.nameOf(key);
      if (name.isEmpty() || status.appliedIndex() <= Math.max(status.snapshotIndex(), 0)) {
        continue;
      }
      try {
        check.check(key, name.get());
      } catch (IOException | RuntimeException e) {
        LOGGER.warn("[{}] {} snapshot failed: {}", name.get().group(), trigger, e.toString());
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
