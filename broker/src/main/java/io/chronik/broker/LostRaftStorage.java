package io.chronik.broker;

import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.partition.PartitionIdentity;
import io.chronik.broker.raft.RaftNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Refuses to start a node whose only-member Raft group lost its storage (no log, no snapshot) while
 * the data dir says the group held data (CHR-1006, exit 65).
 *
 * <p>A group with one member has no peer to catch up from: Ratis would form it again, empty. For
 * the metadata group that is an empty metadata image, and the replica reconciler then deletes every
 * partition it no longer finds there; for a partition group, the state machine cuts the partition
 * log back to offset 0 for a replay that has nothing to replay. So the node stops before either,
 * and the operator chooses: restore from an archive, or move the data aside to accept the loss. A
 * group with other members keeps catching up from them, and a data dir written by {@code chronik
 * snapshot restore} (a restore marker, a restored partition base) legitimately has data and fresh
 * groups.
 */
final class LostRaftStorage {
  private final int nodeId;
  private final Path dataDir;

  LostRaftStorage(int nodeId, Path dataDir) {
    this.nodeId = nodeId;
    this.dataDir = dataDir;
  }

  /**
   * Before Raft starts: refuses a data dir that a node started on before, whose metadata group has
   * only this node as member and no Raft storage, while partitions are stored.
   *
   * @param metaMembers the metadata group's founding members
   * @param partitions the partitions stored in the data dir
   * @throws ChronikException CHR-1006
   */
  void refuseLostMetadata(
      Optional<UUID> metaGroupId, List<Integer> metaMembers, List<PartitionIdentity> partitions) {
    if (metaGroupId.isEmpty() || !metaMembers.equals(List.of(nodeId)) || partitions.isEmpty()) {
      return;
    }
    Path groupDir = RaftNode.groupDir(dataDir.resolve("raft"), metaGroupId.get().toString());
    if (RaftNode.hasRaftStorage(groupDir)) {
      return;
    }
    throw lost(
        "the metadata group's Raft storage "
            + groupDir
            + " is missing or empty, but "
            + dataDir.resolve("partitions")
            + " holds "
            + partitions.size()
            + " partition(s) it describes; starting would delete them",
        "restore the node with 'chronik snapshot restore' from an archive, or move "
            + dataDir.resolve("partitions")
            + " aside to accept the loss");
  }

  /**
   * Before the node joins its partition groups: refuses a partition whose group has only this node
   * as member, no Raft storage and no restored base, while its log holds records.
   *
   * @param restoredBase the base {@code chronik snapshot restore} left for a partition, if any
   * @throws ChronikException CHR-1006
   */
  void refuseLostPartitions(
      MetadataImage image,
      List<PartitionIdentity> partitions,
      Function<PartitionIdentity, Optional<Path>> restoredBase) {
    for (PartitionIdentity id : partitions) {
      if (!onlyMember(image, id.groupId())) {
        continue;
      }
      Path groupDir = RaftNode.groupDir(dataDir.resolve("raft"), id.groupId());
      Path partitionDir = dataDir.resolve("partitions").resolve(id.dirName());
      if (RaftNode.hasRaftStorage(groupDir)
          || restoredBase.apply(id).isPresent()
          || !holdsRecords(partitionDir)) {
        continue;
      }
      throw lost(
          "the Raft storage "
              + groupDir
              + " of partition "
              + id.dirName()
              + " is missing or empty, but its log "
              + partitionDir
              + " holds records; starting would truncate it to offset 0",
          "restore the node with 'chronik snapshot restore' from an archive, or move "
              + partitionDir
              + " aside to accept the loss of its records");
    }
  }

  /** Whether the metadata assigns a group to this node alone, with no replica move under way. */
  private boolean onlyMember(MetadataImage image, String groupId) {
    if (image.reassignments().containsKey(groupId)) {
      return false;
    }
    return image.allPartitions().stream()
        .map(e -> e.getValue())
        .filter(a -> a.groupId().equals(groupId))
        .map(PartitionAssignment::replicas)
        .anyMatch(replicas -> replicas.equals(List.of(nodeId)));
  }

  /**
   * Whether a partition log holds or held records: a segment with bytes, or one whose base offset
   * is past 0 (retention deleted the records, the offsets stay taken).
   */
  private static boolean holdsRecords(Path partitionDir) {
    try (Stream<Path> files = Files.list(partitionDir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".log"))
          .anyMatch(f -> f.toFile().length() > 0 || !isZeroBase(f.getFileName().toString()));
    } catch (IOException e) {
      // unreadable: the log reports it when it opens
      return false;
    }
  }

  private static boolean isZeroBase(String segmentName) {
    String base = segmentName.substring(0, segmentName.length() - ".log".length());
    return base.chars().allMatch(c -> c == '0');
  }

  private ChronikException lost(String message, String hint) {
    return new ChronikException("CHR-1006", ChronikException.Kind.DATA, message, hint);
  }
}
