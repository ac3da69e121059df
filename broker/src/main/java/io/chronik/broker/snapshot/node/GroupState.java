package io.chronik.broker.snapshot.node;

import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What this node knows about one group's snapshots. */
final class GroupState {
  volatile String groupKey;
  volatile long lastIndex = -1;
  volatile long lastTerm = -1;
  volatile Instant lastAt;
  volatile Instant lastArchivedAt;
  volatile long sizeBytes;
  final AtomicLong created = new AtomicLong();
  Counter uploadFailures;
}
