package io.chronik.broker.partition;

import io.chronik.broker.log.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition replicas one Raft group carries on this node: one partition (the default), or
 * several partitions of one topic that share the group, its replicas and its leader.
 *
 * <p>A group of one partition reads the plain and multi-append entries and keeps its snapshot files
 * at the top of the snapshot directory, as before groups could carry several partitions. A group of
 * several partitions reads group-append entries ({@link PartitionEntry#groupAppend}) and keeps each
 * partition's snapshot in a subdirectory named after its index, plus a {@value #GROUP_STATE_FILE}
 * file listing them, written last.
 */
public final class GroupReplicas {
  private static final Logger LOGGER = LoggerFactory.getLogger(GroupReplicas.class);

  /** The file that lists the partitions of a snapshot of a group of several partitions. */
  public static final String GROUP_STATE_FILE = "group.state";

  private final String groupId;
  private final Map<Integer, PartitionReplica> byPartition = new TreeMap<>();

  GroupReplicas(String groupId, Collection<PartitionReplica> replicas) {
    this.groupId = groupId;
    replicas.forEach(r -> byPartition.put(r.identity().partition(), r));
    if (byPartition.isEmpty()) {
      throw new IllegalArgumentException("group " + groupId + " has no partition");
    }
  }

  public String groupId() {
    return groupId;
  }

  /** Whether the group carries several partitions. */
  public boolean shared() {
    return byPartition.size() > 1;
  }

  /** The replicas, by partition index. */
  public List<PartitionReplica> all() {
    return List.copyOf(byPartition.values());
  }

  /** The replica of the group's first partition. */
  public PartitionReplica first() {
    return byPartition.values().iterator().next();
  }

  /**
   * The name of the group in logs, snapshot names and status: {@code <topic>-<p>} for one
   * partition, {@code <topic>-<first>..<last>} for several.
   */
  public String name() {
    return nameOf(first().identity().topic(), byPartition.keySet());
  }

  /** The group's partitions as a metric tag: {@code <p>}, or {@code <first>..<last>}. */
  public String partitionsTag() {
    String name = name();
    return name.substring(first().identity().topic().length() + 1);
  }

  /** The name of a group carrying {@code partitions} (ascending) of {@code topic}. */
  public static String nameOf(String topic, Collection<Integer> partitions) {
    List<Integer> sorted = partitions.stream().sorted().toList();
    int first = sorted.get(0);
    int last = sorted.get(sorted.size() - 1);
    return first == last ? topic + "-" + first : topic + "-" + first + ".." + last;
  }

  /** The Kafka leader epoch of a Raft term of this group. */
  public int epochOf(long term) {
    return first().epochOf(term);
  }

  /**
   * Applies one committed entry and returns its encoded reply ({@link PartitionEntry}). A bad
   * append of a group-append fails alone; the others of the entry are applied.
   */
  public ByteBuffer applyEntry(ByteBuffer entry, long term) {
    byte type = entry.remaining() == 0 ? 0 : entry.get(entry.position());
    if (type != PartitionEntry.GROUP_APPEND) {
      if (shared()) {
        if (type == PartitionEntry.DELETE_RECORDS) {
          return deleteRecords(entry);
        }
        throw new IllegalArgumentException(
            "entry type " + type + " names no partition of the shared group " + name());
      }
      return first().applyEntry(entry, term);
    }
    PartitionEntry.Appends appends = new PartitionEntry.Appends(entry);
    int count = appends.count();
    List<PartitionEntry.Reply> replies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      PartitionEntry.PartitionAppend append = appends.next(i);
      int partition = append.partition();
      PartitionReplica replica = byPartition.get(partition);
      if (replica == null) {
        LOGGER.error(
            "[{}] append {} of {} names partition {}, which the group does not carry",
            name(),
            i,
            count,
            partition);
        replies.add(PartitionEntry.Reply.corrupt(-1));
        continue;
      }
      try {
        replies.add(replica.append(append.records(), appends.timestampMs(), term));
      } catch (RuntimeException e) {
        LOGGER.error(
            "[{}] cannot apply append {} of {}: {}",
            replica.identity().dirName(),
            i,
            count,
            e.toString());
        replies.add(PartitionEntry.Reply.corrupt(replica.log().logStartOffset()));
      }
    }
    return PartitionEntry.encodeReplies(replies);
  }

  /** Applies a delete-records entry to the partitions of this shared group it names. */
  private ByteBuffer deleteRecords(ByteBuffer entry) {
    List<PartitionEntry.Reply> replies = new ArrayList<>();
    for (PartitionEntry.Deletion d : PartitionEntry.deletions(entry)) {
      PartitionReplica replica = byPartition.get(d.partition());
      if (replica == null) {
        LOGGER.error(
            "[{}] delete-records names partition {}, which the group does not carry",
            name(),
            d.partition());
        replies.add(PartitionEntry.Reply.corrupt(-1));
        continue;
      }
      replies.add(replica.deleteRecordsBefore(d.offset()));
    }
    return PartitionEntry.encodeReplies(replies);
  }

  /** The reply to an entry that could not be applied at all. */
  public ByteBuffer corruptReply() {
    return PartitionEntry.Reply.corrupt(first().log().logStartOffset()).encode();
  }

  /**
   * Writes the group's snapshot into the empty directory {@code target}: a partition's files at the
   * top for a group of one partition, else one subdirectory per partition and the group state file
   * last.
   */
  public void snapshotInto(Path target) throws IOException {
    if (!shared()) {
      first().snapshotInto(target);
      return;
    }
    StringBuilder state = new StringBuilder();
    for (PartitionReplica r : byPartition.values()) {
      Path dir = target.resolve(Integer.toString(r.identity().partition()));
      Files.createDirectories(dir);
      r.snapshotInto(dir);
      state.append(r.identity().partition()).append('\n');
    }
    DurableFiles.atomicWrite(
        target.resolve(GROUP_STATE_FILE), state.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The directory in a group snapshot {@code dir} that holds {@code replica}'s snapshot. */
  Path snapshotDirOf(Path dir, PartitionReplica replica) {
    return shared() ? dir.resolve(Integer.toString(replica.identity().partition())) : dir;
  }

  /** Whether {@code dir} is a complete snapshot of a group (of one partition or several). */
  public static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve(PartitionReplica.STATE_FILE))
        || Files.isRegularFile(dir.resolve(GROUP_STATE_FILE));
  }

  /**
   * Makes every replica equal to its part of the group snapshot in {@code dir} ({@link
   * PartitionReplica#restore}).
   */
  public void restore(Path dir, boolean replace) throws IOException {
    for (PartitionReplica r : byPartition.values()) {
      Path own = snapshotDirOf(dir, r);
      if (!Files.isRegularFile(own.resolve(PartitionReplica.STATE_FILE))) {
        throw new IOException(
            "snapshot " + dir + " of group " + name() + " has no state for " + r.identity());
      }
      r.restore(own, replace);
    }
  }
}
