package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a node's Raft logs hold after Produce requests: the entries that carry them, nothing more.
 */
class RaftLogEntriesIT {
  @TempDir Path dataDir;

  @Test
  void shouldWriteNoCommitMarkerEntriesBesideTheEntriesOfProduceRequests() throws Exception {
    // given: a node whose Raft logs are never purged, and 40 Produce requests, one at a time
    BrokerConfig config =
        TestBrokers.config(dataDir).toBuilder()
            .snapshots(SnapshotSettings.defaults().withEnabled(false))
            .build();
    int requests = 40;
    try (Broker broker = Broker.start(config)) {
      try (Admin admin = TestBrokers.admin(broker)) {
        admin.createTopics(List.of(new NewTopic("ledger", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer =
          TestBrokers.producer(broker, Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
        for (int i = 0; i < requests; i++) {
          producer.send(new ProducerRecord<>("ledger", "k", "v" + i)).get();
        }
      }
    }

    // when: every entry of every group's Raft log is read back from disk
    List<LogEntryProto> entries = raftLogEntries(dataDir.resolve("raft"));

    // then: each request is one state-machine entry, and no commit-index marker entry was written
    // (Ratis' default appends one after every commit: as many entries again, each replicated and
    // fsynced)
    assertThat(entries.stream().filter(LogEntryProto::hasStateMachineLogEntry).count())
        .isGreaterThanOrEqualTo(requests);
    assertThat(entries.stream().filter(LogEntryProto::hasMetadataEntry).count())
        .as("commit-index marker entries among %d", entries.size())
        .isZero();
  }

  private static List<LogEntryProto> raftLogEntries(Path raftDir) throws IOException {
    List<Path> segments;
    try (Stream<Path> files = Files.walk(raftDir)) {
      segments =
          files
              .filter(p -> p.getParent().getFileName().toString().equals("current"))
              .filter(p -> LogSegmentPath.matchLogSegment(p) != null)
              .toList();
    }
    assertThat(segments).as("Raft log segments under %s", raftDir).isNotEmpty();
    List<LogEntryProto> entries = new ArrayList<>();
    for (Path segment : segments) {
      LogSegment.readSegmentFile(
          segment.toFile(),
          LogSegmentPath.matchLogSegment(segment).getStartEnd(),
          SizeInBytes.valueOf(64L * 1024 * 1024),
          RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION,
          null,
          entries::add);
    }
    return entries;
  }
}
