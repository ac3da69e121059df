package io.chronik.broker.partition;

import io.chronik.broker.replication.GroupHost;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Group commit of Produce appends at a partition leader: while an entry of a partition is being
 * replicated, the appends that arrive for that partition wait, and the next entry carries all of
 * them (up to {@link PartitionEntry#MAX_RECORDS_BYTES} of records and {@link #MAX_APPENDS}
 * appends). A Raft entry costs about the same on every replica whatever its size (a log record, a
 * replication message, an fsync, a state-machine apply), so under load fewer, larger entries carry
 * the same bytes for much less CPU; without load an append goes out at once, as before.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Appends to one partition reach Raft in the order {@link #append} was called, and at most
 *       {@link #maxInFlight} entries of a partition are in flight, each proposed under the
 *       partition's lock, so Raft orders them as they were queued.
 *   <li>Each append gets its own reply (base offset or error, idempotent-producer checks included):
 *       the state machine applies the appends of an entry one by one.
 *   <li>When an entry fails (the node lost leadership, ...), every append it carried fails with
 *       that error; the Kafka client retries them.
 * </ul>
 *
 * <p>An entry with one append is the plain append entry, so an unloaded partition writes exactly
 * what it wrote before group commit. Multi-append entries go out only while every registered node
 * applies them ({@link EntryFormat}); until then (a rolling upgrade) each queued append goes out as
 * a plain append entry of its own, all of them proposed in order under the partition's lock.
 */
public final class PartitionAppender {
  /** The most appends one entry carries. */
  static final int MAX_APPENDS = 512;

  private final GroupHost groups;
  private final int maxInFlight;
  private final LongSupplier clock;
  private final BooleanSupplier multiAppend;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  /**
   * @param maxInFlight the entries of one partition that may be in flight at once (1 or more);
   *     later appends queue and are folded into the next entry
   * @param multiAppend whether every node of the cluster applies multi-append entries now ({@link
   *     EntryFormat#clusterLevel}); asked before each entry
   */
  public PartitionAppender(
      GroupHost groups, int maxInFlight, LongSupplier clock, BooleanSupplier multiAppend) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.groups = groups;
    this.maxInFlight = maxInFlight;
    this.clock = clock;
    this.multiAppend = multiAppend;
  }

  /**
   * Appends the record batches of one Produce request to a partition this node leads. The future
   * completes with this append's reply once the entry carrying it is committed and applied, or
   * fails as {@link GroupHost#submit} does.
   *
   * @param groupId the partition's Raft group
   * @param shared whether the group carries several partitions: then the appends of all its
   *     partitions share one lane and go out as group-append entries
   * @param partition the partition index
   * @param records at most {@link PartitionEntry#MAX_RECORDS_BYTES}; not modified
   */
  public CompletableFuture<PartitionEntry.Reply> append(
      String groupId, boolean shared, int partition, ByteBuffer records) {
    if (records.remaining() > PartitionEntry.MAX_RECORDS_BYTES) {
      throw new IllegalArgumentException(
          records.remaining() + " bytes exceed " + PartitionEntry.MAX_RECORDS_BYTES);
    }
    Pending pending = new Pending(partition, records, new CompletableFuture<>());
    Lane lane = lanes.computeIfAbsent(groupId, id -> new Lane(id, shared));
    synchronized (lane) {
      lane.queue.add(pending);
      if (lane.inFlight < maxInFlight) {
        lane.proposeNext();
      }
    }
    return pending.future;
  }

  /**
   * Drops the lane of a partition group whose replica left this node (topic deleted, replica moved
   * away, node shutting down): lanes are kept per group ever written, so without this a long-lived
   * node would keep one for every partition it ever led. A lane with entries in flight goes once
   * they complete (their appends fail or succeed as Raft decides); an append that comes later
   * starts a new lane.
   */
  public void forget(String groupId) {
    lanes.computeIfPresent(
        groupId,
        (id, lane) -> {
          synchronized (lane) {
            if (lane.idle()) {
              return null;
            }
            lane.retired = true;
            return lane;
          }
        });
  }

  /** The partition groups that have a lane (for tests and diagnostics). */
  java.util.Set<String> lanes() {
    return java.util.Set.copyOf(lanes.keySet());
  }

  private record Pending(
      int partition, ByteBuffer records, CompletableFuture<PartitionEntry.Reply> future) {}

  /** One partition group's queue. Guarded by its own monitor. */
  private final class Lane {
    private final String groupId;
    private final boolean shared;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;
    private boolean retired;

    Lane(String groupId, boolean shared) {
      this.groupId = groupId;
      this.shared = shared;
    }

    boolean idle() {
      return inFlight == 0 && queue.isEmpty();
    }

    synchronized boolean droppable() {
      return retired && idle();
    }

    /** Takes the queued appends that fit one entry and proposes it; called holding the monitor. */
    void proposeNext() {
      if (!shared && !multiAppend.getAsBoolean()) {
        // some node cannot apply a multi-append: one plain entry per append, in queue order
        for (int n = 0; n < MAX_APPENDS && !queue.isEmpty(); n++) {
          Pending p = queue.poll();
          propose(List.of(p), PartitionEntry.append(clock.getAsLong(), p.records()));
        }
        return;
      }
      List<Pending> batch = new ArrayList<>();
      int bytes = 0;
      while (!queue.isEmpty() && batch.size() < MAX_APPENDS) {
        int size = queue.peek().records().remaining();
        int overhead =
            shared
                ? PartitionEntry.groupOverhead(batch.size() + 1)
                : PartitionEntry.multiOverhead(batch.size() + 1);
        if (!batch.isEmpty() && bytes + size + overhead > PartitionEntry.MAX_ENTRY_BYTES) {
          break;
        }
        batch.add(queue.poll());
        bytes += size;
      }
      if (batch.isEmpty()) {
        return;
      }
      long now = clock.getAsLong();
      ByteBuffer entry;
      if (shared) {
        // a group of several partitions: every entry names the partition of each append
        entry =
            PartitionEntry.groupAppend(
                now,
                batch.stream()
                    .map(p -> new PartitionEntry.PartitionAppend(p.partition(), p.records()))
                    .toList());
      } else if (batch.size() == 1) {
        entry = PartitionEntry.append(now, batch.get(0).records());
      } else {
        List<ByteBuffer> appends = new ArrayList<>(batch.size());
        batch.forEach(p -> appends.add(p.records()));
        entry = PartitionEntry.multiAppend(now, appends);
      }
      propose(batch, entry);
    }

    /** Proposes one entry carrying {@code batch}; called holding the monitor. */
    private void propose(List<Pending> batch, ByteBuffer entry) {
      inFlight++;
      CompletableFuture<ByteBuffer> submitted;
      try {
        submitted = groups.submit(groupId, entry);
      } catch (RuntimeException e) {
        submitted = CompletableFuture.failedFuture(e);
      }
      // usually completes later on a Ratis thread, which takes the monitor again; when the submit
      // failed at once it completes here, re-entering the monitor this thread holds
      submitted.whenComplete((reply, error) -> completed(batch, reply, error));
    }

    private void completed(List<Pending> batch, ByteBuffer reply, Throwable error) {
      boolean drop;
      synchronized (this) {
        inFlight--;
        if (!queue.isEmpty()) {
          proposeNext();
        }
        drop = retired && idle();
      }
      if (drop) {
        // the map's lock first, then the lane's, as in forget(): never the other way round
        lanes.computeIfPresent(
            groupId, (id, lane) -> lane == this && lane.droppable() ? null : lane);
      }
      if (error != null) {
        batch.forEach(p -> p.future().completeExceptionally(error));
        return;
      }
      List<PartitionEntry.Reply> replies;
      try {
        replies = PartitionEntry.repliesOf(reply, batch.size());
      } catch (RuntimeException e) {
        batch.forEach(p -> p.future().completeExceptionally(e));
        return;
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).future().complete(replies.get(i));
      }
    }
  }
}
