package io.chronik.broker.partition;

import io.chronik.broker.log.CleanResult;
import io.chronik.broker.log.CleanerIo;
import io.chronik.broker.log.LogCleaner;
import io.chronik.broker.log.PartitionLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's log cleaner: one low-priority thread that compacts the partition logs of topics with
 * {@code cleanup.policy} {@code compact} hosted here. Each pass looks at every such replica's log
 * ({@link LogCleaner#inspect}), cleans those that are due, the dirtiest first, and then waits
 * {@code intervalMs}. Each replica cleans its own log, as Kafka's replicas do: cleaning never goes
 * through Raft and changes no offset, so the high watermark and what consumers are at are not
 * touched.
 *
 * <p>The thread is never interrupted (an interrupt during a read would close the file channel it
 * reads); {@link #close} asks it to stop at its next read (and ends its wait for the I/O limit or
 * for the next pass) and waits for it. A pass that fails, on one log or as a whole, is logged as
 * CHR-2007 and never ends the thread: the next pass tries again.
 *
 * <p>Tests drive it without sleeping: {@link #runOnce} is one pass, and the wait between passes is
 * a {@link PassPause} they hold and release.
 */
public final class LogCleanerService implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(LogCleanerService.class);
  private static final long STOP_WAIT_MS = 30_000;

  private final Supplier<Map<TopicPartition, PartitionReplica>> replicas;
  private final long intervalMs;
  private final LogCleaner cleaner;
  private final PassPause pause;
  private final Counter runs;
  private final Counter failures;
  private final Counter removedBytes;
  private final Counter removedRecords;
  private final AtomicReference<Double> maxDirtyRatio = new AtomicReference<>(0.0);
  private volatile boolean stopped;
  private Thread thread;

  /**
   * A cleaner that waits {@code intervalMs} between passes and reads and writes at most {@code
   * ioMaxBytesPerSecond} ({@link CleanerIo#UNLIMITED}: no limit).
   */
  public LogCleanerService(
      ReplicaManager replicas, long intervalMs, long ioMaxBytesPerSecond, MeterRegistry registry) {
    this(
        replicas::replicas,
        intervalMs,
        registry,
        new LogCleaner(
            LogCleaner.DEFAULT_MAX_MAP_ENTRIES, CleanerIo.limitedTo(ioMaxBytesPerSecond)),
        PassPause.onMonitor());
  }

  /**
   * A cleaner of the replicas that {@code replicas} gives at each pass, cleaning with {@code
   * cleaner} and waiting {@code intervalMs} through {@code pause} after each pass.
   */
  LogCleanerService(
      Supplier<Map<TopicPartition, PartitionReplica>> replicas,
      long intervalMs,
      MeterRegistry registry,
      LogCleaner cleaner,
      PassPause pause) {
    this.replicas = replicas;
    this.intervalMs = intervalMs;
    this.cleaner = cleaner;
    this.pause = pause;
    runs =
        Counter.builder("chronik.log.cleaner.runs")
            .description("partition logs the log cleaner compacted")
            .register(registry);
    failures =
        Counter.builder("chronik.log.cleaner.failures")
            .description("log cleaner runs that failed (CHR-2007); the log is left as it was")
            .register(registry);
    CleanerIo io = cleaner.io();
    FunctionCounter.builder("chronik.log.cleaner.read.bytes", io, CleanerIo::bytesRead)
        .description(
            "bytes the log cleaner read from segments, to map the keys of the dirty part and to"
                + " filter the segments")
        .register(registry);
    FunctionCounter.builder("chronik.log.cleaner.written.bytes", io, CleanerIo::bytesWritten)
        .description("bytes the log cleaner wrote to cleaned segments")
        .register(registry);
    FunctionCounter.builder("chronik.log.cleaner.throttled", io, i -> i.throttledNanos() / 1e9)
        .baseUnit("seconds")
        .description(
            "time the log cleaner waited to stay under --log-cleaner-io-max-bytes-per-second")
        .register(registry);
    removedBytes =
        Counter.builder("chronik.log.cleaner.removed.bytes")
            .description("bytes the log cleaner removed from partition logs")
            .register(registry);
    removedRecords =
        Counter.builder("chronik.log.cleaner.removed.records")
            .description(
                "records the log cleaner removed: older values of a key, expired tombstones,"
                    + " records without a key")
            .register(registry);
    Gauge.builder("chronik.log.cleaner.max.dirty.ratio", maxDirtyRatio, AtomicReference::get)
        .description("the largest dirty ratio among this node's compacted partition logs")
        .register(registry);
  }

  /** Starts the cleaner thread. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::loop, "chronik-log-cleaner");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  /** Whether the cleaner thread was started and has not ended. */
  synchronized boolean running() {
    return thread != null && thread.isAlive();
  }

  private void loop() {
    while (!stopped) {
      try {
        runOnce(System.currentTimeMillis());
      } catch (RuntimeException e) {
        LOGGER.error(
            "CHR-2007 a log cleaner pass failed; the cleaner tries again in {} s",
            TimeUnit.MILLISECONDS.toSeconds(intervalMs),
            e);
      }
      if (stopped) {
        return;
      }
      try {
        pause.await(intervalMs, () -> stopped);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A dirty compacted log. */
  private record Candidate(PartitionReplica replica, LogCleaner.Dirt dirt) {}

  /**
   * One pass: cleans every compacted log that is due, the dirtiest first. Returns how many it
   * cleaned.
   */
  int runOnce(long nowMs) {
    List<Candidate> due = new ArrayList<>();
    double dirtiest = 0;
    for (PartitionReplica replica : replicas.get().values()) {
      PartitionLog log = replica.log();
      if (!log.config().cleanup().compact()) {
        continue;
      }
      try {
        LogCleaner.Dirt dirt = cleaner.inspect(log, nowMs);
        dirtiest = Math.max(dirtiest, dirt.dirtyRatio());
        if (dirt.due()) {
          due.add(new Candidate(replica, dirt));
        }
      } catch (IOException | RuntimeException e) {
        // a log closed meanwhile (its replica left, the node stops) is not a failure
        LOGGER.debug("[{}] cannot inspect the log: {}", replica.identity().dirName(), e.toString());
      }
    }
    maxDirtyRatio.set(dirtiest);
    due.sort(Comparator.comparingDouble((Candidate c) -> c.dirt().dirtyRatio()).reversed());
    int cleaned = 0;
    for (Candidate candidate : due) {
      if (stopped) {
        break;
      }
      PartitionReplica replica = candidate.replica();
      try {
        CleanResult result =
            cleaner.clean(replica.log(), System.currentTimeMillis(), replica.producerLastOffsets());
        if (result.cleaned()) {
          cleaned++;
          runs.increment();
          removedBytes.increment(result.bytesRemoved());
          removedRecords.increment(result.recordsRemoved());
        }
      } catch (IOException | RuntimeException e) {
        if (stopped) {
          LOGGER.debug("[{}] cleaning stopped: the node stops", replica.identity().dirName());
          break;
        }
        TopicPartition tp =
            new TopicPartition(replica.identity().topic(), replica.identity().partition());
        if (replicas.get().get(tp) != replica) {
          LOGGER.debug(
              "[{}] cleaning stopped: the replica left this node", replica.identity().dirName());
          continue;
        }
        failures.increment();
        LOGGER.warn(
            "CHR-2007 [{}] the log cleaner could not compact the partition ({}); its log is left"
                + " as it was and the cleaner tries again in {} s",
            replica.identity().dirName(),
            e.toString(),
            TimeUnit.MILLISECONDS.toSeconds(intervalMs));
      }
    }
    return cleaned;
  }

  /** Stops the thread (a cleaning under way stops at its next read) and waits for it. */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      stopped = true;
      running = thread;
    }
    cleaner.stop();
    pause.wake();
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(STOP_WAIT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (running.isAlive()) {
        LOGGER.warn("the log cleaner did not stop within {} s", STOP_WAIT_MS / 1000);
      }
    }
  }
}
