package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chronik.broker.log.CleanerIo;
import io.chronik.broker.log.LogCleaner;
import io.chronik.broker.log.LogCleanup;
import io.chronik.broker.log.LogConfig;
import io.chronik.broker.log.PartitionLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The node's log cleaner thread: when it runs its passes, what a failing cleaning does to it, and
 * how it stops. The wait between passes is held by the test, so no test waits out an interval.
 */
class LogCleanerServiceTest {
  private static final long INTERVAL_MS = 15_000;

  /** Compacted, a segment per batch, the default dirty ratio (0.5). */
  private static final LogConfig COMPACTED =
      LogConfig.defaults().withSegmentBytes(1).withCleanup(LogCleanup.compacted());

  @TempDir Path dir;
  private final Map<TopicPartition, PartitionReplica> replicas = new ConcurrentHashMap<>();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final HeldPause pause = new HeldPause();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private LogCleanerService service;

  @BeforeEach
  void captureLogs() {
    logged.start();
    ((Logger) LoggerFactory.getLogger(LogCleanerService.class)).addAppender(logged);
    ((Logger) LoggerFactory.getLogger(LogCleaner.class)).addAppender(logged);
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    replicas.values().forEach(PartitionReplica::close);
    ((Logger) LoggerFactory.getLogger(LogCleanerService.class)).detachAppender(logged);
    ((Logger) LoggerFactory.getLogger(LogCleaner.class)).detachAppender(logged);
  }

  @Test
  void shouldRunAPassAtOnceAndTheNextOnlyWhenTheIntervalIsOver() throws IOException {
    // given
    PartitionReplica replica = replica("table", COMPACTED);
    writeVersions(replica.log(), 0);
    service = service(new LogCleaner());

    // when
    service.start();

    // then: one pass, then a wait of the interval
    await().atMost(Duration.ofSeconds(30)).until(() -> pause.asked.size() == 1);
    assertThat(pause.asked).containsExactly(INTERVAL_MS);
    assertThat(replica.log().cleanedUpTo()).isPositive();
    assertThat(count("chronik.log.cleaner.runs")).isEqualTo(1);

    // and when: more versions, and the interval is over
    long cleanedUpTo = replica.log().cleanedUpTo();
    writeVersions(replica.log(), 1);
    pause.release();

    // then: the next pass cleaned them, and waits again
    await().atMost(Duration.ofSeconds(30)).until(() -> pause.asked.size() == 2);
    assertThat(replica.log().cleanedUpTo()).isGreaterThan(cleanedUpTo);
    assertThat(count("chronik.log.cleaner.runs")).isEqualTo(2);
    assertThat(service.running()).isTrue();
  }

  @Test
  void shouldLogChr2007AndKeepRunningWhenACleaningFails() throws IOException {
    // given: a log with a damaged batch in a closed segment, and a healthy one
    PartitionReplica damaged = replica("damaged", COMPACTED);
    writeVersions(damaged.log(), 0);
    flipLastByte(damaged.log().dir().resolve("00000000000000000000.log"));
    PartitionReplica healthy = replica("healthy", COMPACTED);
    writeVersions(healthy.log(), 0);
    service = service(new LogCleaner());

    // when: two passes
    service.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> pause.asked.size() == 1);
    pause.release();
    await().atMost(Duration.ofSeconds(30)).until(() -> pause.asked.size() == 2);

    // then: the damaged log failed each time, the healthy one was cleaned, the thread goes on
    assertThat(messages())
        .filteredOn(m -> m.startsWith("CHR-2007 [damaged-0]"))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m).contains("CorruptRecordException", "tries again in 15 s"));
    assertThat(count("chronik.log.cleaner.failures")).isEqualTo(2);
    assertThat(healthy.log().cleanedUpTo()).isPositive();
    assertThat(damaged.log().cleanedUpTo()).isZero();
    assertThat(service.running()).isTrue();
  }

  @Test
  void shouldEndTheThreadWhenClosedBetweenPasses() throws IOException {
    // given
    writeVersions(replica("table", COMPACTED).log(), 0);
    service = service(new LogCleaner());
    service.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> pause.asked.size() == 1);

    // when
    service.close();

    // then
    assertThat(service.running()).isFalse();
  }

  @Test
  void shouldEndTheThreadWhenClosedWhileTheIoLimitHoldsACleaning() throws IOException {
    // given: a cleaner limited to 1 byte/s, waiting a long while in its first read
    PartitionReplica replica = replica("table", COMPACTED);
    writeVersions(replica.log(), 0);
    LogCleaner slow = new LogCleaner(LogCleaner.DEFAULT_MAX_MAP_ENTRIES, CleanerIo.limitedTo(1));
    service = service(slow);
    service.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> slow.io().bytesRead() > 0);

    // when
    service.close();

    // then: the cleaning stopped, and the log is as it was
    assertThat(service.running()).isFalse();
    assertThat(replica.log().cleanedUpTo()).isZero();
    assertThat(pause.asked).isEmpty();
  }

  @Test
  void shouldCleanTheDueCompactedLogsDirtiestFirstInOnePass() throws IOException {
    // given: a log never cleaned (dirty ratio 1), one cleaned once then written to again (less
    // dirty), and one that is not compacted
    PartitionReplica partly = replica("partly", COMPACTED);
    writeVersions(partly.log(), 0);
    new LogCleaner().clean(partly.log(), System.currentTimeMillis(), Map.of());
    writeVersions(partly.log(), 1);
    PartitionReplica fresh = replica("fresh", COMPACTED);
    writeVersions(fresh.log(), 0);
    PartitionReplica deleting = replica("deleting", COMPACTED.withCleanup(LogCleanup.deleteOnly()));
    writeVersions(deleting.log(), 0);
    service = service(new LogCleaner());
    logged.list.clear();

    // when
    int first = service.runOnce(System.currentTimeMillis());
    int second = service.runOnce(System.currentTimeMillis());

    // then
    assertThat(first).isEqualTo(2);
    assertThat(second).isZero();
    assertThat(messages())
        .filteredOn(m -> m.contains(": cleaned ("))
        .satisfiesExactly(
            m -> assertThat(m).contains("fresh-0", "dirty ratio 1.00"),
            m -> assertThat(m).contains("partly-0"));
    assertThat(deleting.log().cleanedUpTo()).isZero();
    assertThat(registry.get("chronik.log.cleaner.max.dirty.ratio").gauge().value()).isZero();
  }

  @Test
  void shouldCountOnlyTheBytesItWroteWhenACleaningLeavesEverySegmentAsItWas() throws IOException {
    // given: one version of each key, a segment each: a cleaning removes nothing
    PartitionReplica replica = replica("table", COMPACTED);
    writeVersions(replica.log(), 0);
    service = service(new LogCleaner());

    // when
    int cleaned = service.runOnce(System.currentTimeMillis());

    // then: the segments were read and filtered, and none written
    assertThat(cleaned).isEqualTo(1);
    assertThat(replica.log().cleanedUpTo()).isEqualTo(4);
    assertThat(functionCount("chronik.log.cleaner.read.bytes")).isPositive();
    assertThat(functionCount("chronik.log.cleaner.written.bytes")).isZero();
  }

  /** A pause the test ends: each wait is recorded and lasts until {@link #release}. */
  private static final class HeldPause implements PassPause {
    final List<Long> asked = new CopyOnWriteArrayList<>();
    private final Semaphore permits = new Semaphore(0);

    @Override
    public void await(long ms, BooleanSupplier stopped) throws InterruptedException {
      asked.add(ms);
      if (!stopped.getAsBoolean()) {
        permits.acquire();
      }
    }

    void release() {
      permits.release();
    }

    @Override
    public void wake() {
      permits.release(Integer.MAX_VALUE / 2);
    }
  }

  private LogCleanerService service(LogCleaner cleaner) {
    return new LogCleanerService(() -> Map.copyOf(replicas), INTERVAL_MS, registry, cleaner, pause);
  }

  private PartitionReplica replica(String topic, LogConfig config) throws IOException {
    PartitionIdentity id = new PartitionIdentity(topic, topic + "-id", 0, "g-" + topic);
    PartitionReplica replica =
        new PartitionReplica(id, PartitionLog.open(dir.resolve(id.dirName()), config));
    replicas.put(new TopicPartition(topic, 0), replica);
    return replica;
  }

  /** Version {@code version} of keys k0 to k4, a batch (and so a segment) each. */
  private static void writeVersions(PartitionLog log, int version) {
    for (int k = 0; k < 5; k++) {
      log.append(
          MemoryRecords.withRecords(
              Compression.NONE,
              new SimpleRecord(
                  System.currentTimeMillis(),
                  ("k" + k).getBytes(StandardCharsets.UTF_8),
                  ("v" + version).getBytes(StandardCharsets.UTF_8))),
          0);
    }
  }

  /** Damages the last byte of a segment file (a record's value), as a bad disk would. */
  private static void flipLastByte(Path segment) throws IOException {
    try (FileChannel channel =
        FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      long position = channel.size() - 1;
      channel.read(b, position);
      b.put(0, (byte) (b.get(0) ^ 0xFF));
      b.rewind();
      channel.write(b, position);
    }
  }

  private double count(String counter) {
    return registry.get(counter).counter().count();
  }

  private double functionCount(String counter) {
    return registry.get(counter).functionCounter().count();
  }

  private List<String> messages() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
