package io.chronik.broker.partition;

import io.chronik.broker.log.LogConfig;
import io.chronik.broker.log.PartitionLog;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.Reassignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.replication.GroupHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition replicas of this node. It opens a replica when its Raft group starts, and
 * reconciles the local groups with the metadata image: it joins the groups of partitions assigned
 * to this node (or that a replica move is adding it to) and leaves, deleting the local copy, those
 * that are no longer.
 */
public final class ReplicaManager implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(ReplicaManager.class);

  private final Path partitionsDir;
  private final int nodeId;
  private final LogConfig defaults;
  private final Map<String, PartitionIdentity> identities = new ConcurrentHashMap<>();
  private final Map<String, PartitionReplica> byGroup = new ConcurrentHashMap<>();
  private final Map<TopicPartition, PartitionReplica> byPartition = new ConcurrentHashMap<>();
  private volatile MetadataImage image = MetadataImage.empty();
  private final List<java.util.function.Consumer<String>> closeListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public ReplicaManager(Path partitionsDir, int nodeId, LogConfig defaults) throws IOException {
    this.partitionsDir = partitionsDir;
    this.nodeId = nodeId;
    this.defaults = defaults;
    Files.createDirectories(partitionsDir);
    scan();
  }

  private void scan() throws IOException {
    try (Stream<Path> dirs = Files.list(partitionsDir)) {
      for (Path dir : dirs.toList()) {
        if (Files.isRegularFile(dir.resolve(PartitionIdentity.FILE))) {
          PartitionIdentity id = PartitionIdentity.read(dir);
          identities.put(id.groupId(), id);
        }
      }
    }
  }

  /**
   * The base a restored partition's fresh Raft group starts from ({@code
   * restored/partitions/<topic>-<p>/}, written by {@code chronik snapshot restore}), if there is
   * one.
   */
  public Optional<Path> restoredBase(PartitionIdentity id) {
    Path base =
        io.chronik.broker.snapshot.RestoreMarker.partitionBase(
            partitionsDir.getParent(), id.dirName());
    return Files.isRegularFile(base.resolve(PartitionReplica.STATE_FILE))
        ? Optional.of(base)
        : Optional.empty();
  }

  /** Deletes a partition's restored base once its group has a snapshot of its own. */
  public void dropRestoredBase(PartitionIdentity id) {
    Path base =
        io.chronik.broker.snapshot.RestoreMarker.partitionBase(
            partitionsDir.getParent(), id.dirName());
    if (!Files.exists(base)) {
      return;
    }
    try {
      io.chronik.broker.snapshot.RestoreMarker.deleteTree(base);
      LOGGER.info("[{}] the restored base {} is no longer needed; deleted", id.dirName(), base);
    } catch (IOException e) {
      LOGGER.warn("[{}] cannot delete the restored base {}: {}", id.dirName(), base, e.toString());
    }
  }

  /** Whether a Raft group id belongs to a partition known on this node. */
  public boolean knows(String groupId) {
    return identities.containsKey(groupId);
  }

  /** Opens the replica of a group; called when the group's state machine starts. */
  public PartitionReplica open(String groupId) throws IOException {
    PartitionIdentity id = identities.get(groupId);
    if (id == null) {
      throw new IOException(
          "no partition.json for Raft group " + groupId + " under " + partitionsDir);
    }
    PartitionReplica existing = byGroup.get(groupId);
    if (existing != null) {
      return existing;
    }
    PartitionLog log =
        PartitionLog.open(partitionsDir.resolve(id.dirName()), logConfig(id.topic()));
    PartitionReplica replica = new PartitionReplica(id, log);
    byGroup.put(groupId, replica);
    byPartition.put(new TopicPartition(id.topic(), id.partition()), replica);
    return replica;
  }

  /** Closes a replica whose group stopped on this node (its files stay). */
  public void closed(String groupId) {
    PartitionReplica replica = byGroup.remove(groupId);
    if (replica != null) {
      byPartition.remove(
          new TopicPartition(replica.identity().topic(), replica.identity().partition()));
      replica.close();
      for (java.util.function.Consumer<String> listener : closeListeners) {
        listener.accept(groupId);
      }
    }
  }

  /**
   * Calls {@code listener} with the group id of every replica that stops on this node (its group
   * was removed here: topic deleted, replica moved away; or the node shuts down), so that state
   * kept per partition elsewhere can go with it.
   */
  public void onClosed(java.util.function.Consumer<String> listener) {
    closeListeners.add(listener);
  }

  private LogConfig logConfig(String topic) {
    Map<String, String> overrides = image.topic(topic).map(TopicInfo::configs).orElse(Map.of());
    return new LogConfig(
        longConfig(overrides, "segment.bytes", defaults.segmentBytes()),
        longConfig(overrides, "segment.ms", defaults.segmentMs()),
        longConfig(overrides, "retention.ms", defaults.retentionMs()),
        longConfig(overrides, "retention.bytes", defaults.retentionBytes()),
        defaults.indexIntervalBytes());
  }

  private static long longConfig(Map<String, String> overrides, String key, long fallback) {
    String v = overrides.get(key);
    return v == null ? fallback : Long.parseLong(v);
  }

  public Optional<PartitionReplica> replica(TopicPartition tp) {
    return Optional.ofNullable(byPartition.get(tp));
  }

  public Optional<PartitionReplica> replicaOfGroup(String groupId) {
    return Optional.ofNullable(byGroup.get(groupId));
  }

  public Map<TopicPartition, PartitionReplica> replicas() {
    return Map.copyOf(byPartition);
  }

  /**
   * Joins the groups of partitions assigned to this node and leaves the others. Runs on one thread
   * at a time (the broker's reconciler); idempotent.
   */
  public synchronized void reconcile(MetadataImage next, GroupHost host) {
    this.image = next;
    // topic config changes (retention, segment size) reach the open logs
    for (PartitionReplica replica : byGroup.values()) {
      LogConfig wanted = logConfig(replica.identity().topic());
      if (!wanted.equals(replica.log().config())) {
        replica.log().updateConfig(wanted);
      }
    }
    Map<String, PartitionIdentity> desired = new HashMap<>();
    // the configuration a group is joined with: its replicas; for a node a move adds, the replicas
    // before the move (without this node), so that it waits for the leader to add it
    Map<String, List<Integer>> joinWith = new HashMap<>();
    for (Map.Entry<TopicInfo, PartitionAssignment> e : next.allPartitions()) {
      PartitionAssignment a = e.getValue();
      Reassignment move = next.reassignments().get(a.groupId());
      boolean adding = move != null && move.adding().contains(nodeId);
      if (a.replicas().contains(nodeId) || adding) {
        TopicInfo t = e.getKey();
        desired.put(
            a.groupId(), new PartitionIdentity(t.name(), t.topicId(), a.partition(), a.groupId()));
        joinWith.put(a.groupId(), adding ? move.from() : a.replicas());
      }
    }
    for (String groupId : host.localGroups()) {
      if (!desired.containsKey(groupId)) {
        leave(groupId, host);
      }
    }
    desired.forEach(
        (groupId, id) -> {
          if (!host.localGroups().contains(groupId)) {
            join(id, joinWith.get(groupId), host);
          }
        });
  }

  private void join(PartitionIdentity id, List<Integer> members, GroupHost host) {
    try {
      Path dir = partitionsDir.resolve(id.dirName());
      PartitionIdentity previous =
          Files.exists(dir.resolve(PartitionIdentity.FILE)) ? PartitionIdentity.read(dir) : null;
      if (previous != null && !previous.groupId().equals(id.groupId())) {
        LOGGER.info(
            "[{}] removing data of an earlier topic with the same name (group {})",
            id.dirName(),
            previous.groupId());
        deleteTree(dir);
      }
      id.write(dir);
      identities.put(id.groupId(), id);
      host.addGroup(id.groupId(), members);
      LOGGER.info(
          "[{}] joined Raft group {} with replicas {}{}",
          id.dirName(),
          id.groupId(),
          members,
          members.contains(nodeId) ? "" : " (a move adds this node; waiting for the leader)");
    } catch (IOException e) {
      LOGGER.error("[{}] cannot join Raft group {}: {}", id.dirName(), id.groupId(), e.toString());
    }
  }

  private void leave(String groupId, GroupHost host) {
    PartitionIdentity id = identities.get(groupId);
    try {
      host.removeGroup(groupId);
      closed(groupId);
      identities.remove(groupId);
      if (id != null) {
        deleteTree(partitionsDir.resolve(id.dirName()));
        LOGGER.info("[{}] left Raft group {} and deleted its data", id.dirName(), groupId);
      }
    } catch (IOException e) {
      LOGGER.error("cannot leave Raft group {}: {}", groupId, e.toString());
    }
  }

  /** Applies retention to every local partition. */
  public void applyRetention(long nowMs) {
    for (PartitionReplica replica : byGroup.values()) {
      try {
        replica.applyRetention(nowMs);
      } catch (RuntimeException e) {
        LOGGER.warn("[{}] retention failed: {}", replica.identity().dirName(), e.toString());
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  @Override
  public void close() {
    byGroup.keySet().forEach(this::closed);
  }
}
