package io.chronik.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;

/**
 * A stopped node's copy of a partition, read from its segment files ({@code
 * DATA_DIR/partitions/TOPIC-P/*.log}) with kafka-clients' {@link FileRecords}: every batch's
 * offsets, leader epoch and stored CRC, oldest first.
 */
final class ReplicaLogs {
  private ReplicaLogs() {}

  /** One stored batch: the CRC covers its records, the offsets and epoch are the broker's. */
  record Batch(long baseOffset, long lastOffset, int leaderEpoch, long crc, boolean valid) {}

  static List<Batch> batches(Path dataDir, String topic, int partition) throws IOException {
    Path dir = dataDir.resolve("partitions").resolve(topic + "-" + partition);
    List<Path> segments;
    try (Stream<Path> files = Files.list(dir)) {
      // segments are named by their zero-padded base offset, so the name orders them
      segments = files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
    }
    List<Batch> out = new ArrayList<>();
    for (Path segment : segments) {
      try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
        for (FileChannelRecordBatch b : records.batches()) {
          out.add(
              new Batch(
                  b.baseOffset(),
                  b.lastOffset(),
                  b.partitionLeaderEpoch(),
                  b.checksum(),
                  b.isValid()));
        }
      }
    }
    return out;
  }
}
