package io.chronik.broker.partition;

import io.chronik.broker.replication.GroupHost;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * what it wrote before group commit.
 */
public final class PartitionAppender {
  /** The most appends one entry carries. */
  static final int MAX_APPENDS = 512;

  private final GroupHost groups;
  private final int maxInFlight;
  private final LongSupplier clock;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  /**
   * @param maxInFlight the entries of one partition that may be in flight at once (1 or more);
   *     later appends queue and are folded into the next entry
   */
  public PartitionAppender(GroupHost groups, int maxInFlight, LongSupplier clock) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.groups = groups;
    this.maxInFlight = maxInFlight;
    this.clock = clock;
  }

  /**
   * Appends the record batches of one Produce request to a partition this node leads. The future
   * completes with this append's reply once the entry carrying it is committed and applied, or
   * fails as {@link GroupHost#submit} does.
   *
   * @param records at most {@link PartitionEntry#MAX_RECORDS_BYTES}; not modified
   */
  public CompletableFuture<PartitionEntry.Reply> append(String groupId, ByteBuffer records) {
    if (records.remaining() > PartitionEntry.MAX_RECORDS_BYTES) {
      throw new IllegalArgumentException(
          records.remaining() + " bytes exceed " + PartitionEntry.MAX_RECORDS_BYTES);
    }
    Pending pending = new Pending(records, new CompletableFuture<>());
    Lane lane = lanes.computeIfAbsent(groupId, Lane::new);
    synchronized (lane) {
      lane.queue.add(pending);
      if (lane.inFlight < maxInFlight) {
        lane.proposeNext();
      }
    }
    return pending.future;
  }

  private record Pending(ByteBuffer records, CompletableFuture<PartitionEntry.Reply> future) {}

  /** One partition's queue. Guarded by its own monitor. */
  private final class Lane {
    private final String groupId;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    Lane(String groupId) {
      this.groupId = groupId;
    }

    /** Takes the queued appends that fit one entry and proposes it; called holding the monitor. */
    void proposeNext() {
      List<Pending> batch = new ArrayList<>();
      int bytes = 0;
      while (!queue.isEmpty() && batch.size() < MAX_APPENDS) {
        int size = queue.peek().records().remaining();
        if (!batch.isEmpty()
            && bytes + size + PartitionEntry.multiOverhead(batch.size() + 1)
                > PartitionEntry.MAX_ENTRY_BYTES) {
          break;
        }
        batch.add(queue.poll());
        bytes += size;
      }
      if (batch.isEmpty()) {
        return;
      }
      inFlight++;
      long now = clock.getAsLong();
      ByteBuffer entry;
      if (batch.size() == 1) {
        entry = PartitionEntry.append(now, batch.get(0).records());
      } else {
        List<ByteBuffer> appends = new ArrayList<>(batch.size());
        batch.forEach(p -> appends.add(p.records()));
        entry = PartitionEntry.multiAppend(now, appends);
      }
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
      synchronized (this) {
        inFlight--;
        if (!queue.isEmpty()) {
          proposeNext();
        }
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
