package io.chronik.broker.snapshot.node;

import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.snapshot.node.SnapshotService.GroupName;
import io.chronik.broker.snapshot.node.SnapshotService.Groups;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time trigger: takes a snapshot of every group with new entries whose last snapshot (or, for
 * one never snapshotted, this node's start) is older than {@code time-threshold-secs}.
 */
final class TimeTrigger implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(TimeTrigger.class);

  /** Takes a snapshot of a group now, to be archived whatever the age of its last archive. */
  interface Snapshotter {
    long snapshotNow(String groupKey) throws IOException;
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

  TimeTrigger(
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

  /** Checks every quarter of the threshold (1 to 30 s). */
  void start() {
    long period = Math.max(1, Math.min(30, settings.timeThresholdSecs() / 4));
    executor.scheduleWithFixedDelay(this::run, period, period, TimeUnit.SECONDS);
  }

  private void run() {
    try {
      for (GroupStatus status : raft.statuses()) {
        String key = status.groupId();
        Optional<GroupName> name = groups.nameOf(key);
        if (name.isEmpty() || status.appliedIndex() <= Math.max(status.snapshotIndex(), 0)) {
          continue;
        }
        GroupState state = metrics.state(name.get().group(), key);
        Instant last = state.lastAt == null ? startedAt : state.lastAt;
        if (Duration.between(last, Instant.now()).toSeconds() >= settings.timeThresholdSecs()) {
          LOGGER.info(
              "[{}] last snapshot is older than {}s: taking one",
              name.get().group(),
              settings.timeThresholdSecs());
          snapshotter.snapshotNow(key);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOGGER.warn("time-triggered snapshot failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
