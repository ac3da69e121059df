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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * reads); {@link #close} asks it to stop at its next read and waits for it.
 */
public final class LogCleanerService implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(LogCleanerService.class);
  private static final long STOP_WAIT_MS = 30_000;

  private final ReplicaManager replicas;
  private final long intervalMs;
  private final LogCleaner cleaner;
  private final Object wake = new Object();
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
        replicas,
        intervalMs,
        registry,
        new LogCleaner(
            LogCleaner.DEFAULT_MAX_MAP_ENTRIES, CleanerIo.limitedTo(ioMaxBytesPerSecond)));
  }

  LogCleanerService(
      ReplicaManager replicas, long intervalMs, MeterRegistry registry, LogCleaner cleaner) {
    this.replicas = replicas;
    this.intervalMs = intervalMs;
    this.cleaner = cleaner;
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

  private void loop() {
    while (!stopped) {
      try {
        runOnce(System.currentTimeMillis());
      } catch (RuntimeException e) {
        LOGGER.error("log cleaner pass failed", e);
      }
      synchronized (wake) {
        if (stopped) {
          return;
        }
        try {
          wake.wait(intervalMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
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
    for (PartitionReplica replica : replicas.replicas().values()) {
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
        if (replicas
                .replica(
                    new org.apache.kafka.common.TopicPartition(
                        replica.identity().topic(), replica.identity().partition()))
                .orElse(null)
            != replica) {
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
    synchronized (wake) {
      wake.notifyAll();
    }
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
