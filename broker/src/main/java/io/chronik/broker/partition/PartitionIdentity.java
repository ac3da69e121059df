package io.chronik.broker.partition;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Which partition a Raft group replicates. Written as {@code partition.json} in the partition's
 * directory before the group is created, so that on restart the node knows every group's partition
 * before the metadata group has replayed.
 *
 * @param topic the topic name
 * @param topicId the Kafka topic id
 * @param partition the partition index
 * @param groupId the Raft group id
 */
public record PartitionIdentity(String topic, String topicId, int partition, String groupId) {
  static final String FILE = "partition.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The directory name under {@code partitions/}: {@code <topic>-<partition>}. */
  public String dirName() {
    return topic + "-" + partition;
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.write(tmp, MAPPER.writeValueAsBytes(this));
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  static PartitionIdentity read(Path dir) throws IOException {
    return MAPPER.readValue(dir.resolve(FILE).toFile(), PartitionIdentity.class);
  }
}
