package io.chronik.broker.partition;

import io.chronik.broker.log.LogCleanup;
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
import java.util.Set;
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

  /** The partitions known on this node, by directory name ({@code <topic>-<p>}). */
  /** The bad stored topic configs already warned of (CHR-2006), as topic, key and value. */
  private static final Set<String> UNUSABLE_WARNED = ConcurrentHashMap.newKeySet();

  private final Map<String, PartitionIdentity> identities = new ConcurrentHashMap<>();

  private final Map<String, GroupReplicas> byGroup = new ConcurrentHashMap<>();
  private volatile boolean failedJoins;

  /** When a reconcile that failed to join a group is due again, and the wait after that one. */
  private long joinRetryAtMs;

  private long joinRetryWaitMs = FIRST_JOIN_RETRY_MS;

  static final long FIRST_JOIN_RETRY_MS = 1000;
  static final long LONGEST_JOIN_RETRY_MS = 30_000;
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
          identities.put(id.dirName(), id);
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

  /** The directory holding this node's partition dirs: the node's one log dir. */
  public Path partitionsDir() {
    return partitionsDir;
  }

  /**
   * Whether the last {@link #reconcile} failed to join a group it should have joined: it is worth
   * running again although the metadata did not change.
   */
  public boolean hasFailedJoins() {
    return failedJoins;
  }

  /**
   * Whether a reconcile is due again because the last one failed to join a group: 1 s after the
   * first failure, then twice as long after each failure in a row, at most 30 s, so that a join
   * that keeps failing (a partition whose log cannot open) is logged every 30 s, not every second.
   */
  public synchronized boolean joinRetryDue(long nowMs) {
    return failedJoins && nowMs >= joinRetryAtMs;
  }

  /** The partitions stored on this node (a {@code partition.json} under the partitions dir). */
  public List<PartitionIdentity> identities() {
    return identities.values().stream()
        .sorted(Comparator.comparing(PartitionIdentity::dirName))
        .toList();
  }

  /** Whether a Raft group id belongs to a partition known on this node. */
  public boolean knows(String groupId) {
    return identities.values().stream().anyMatch(id -> id.groupId().equals(groupId));
  }

  /** The partitions of a group known on this node, by partition index. */
  private List<PartitionIdentity> identitiesOf(String groupId) {
    return identities.values().stream()
        .filter(id -> id.groupId().equals(groupId))
        .sorted(Comparator.comparingInt(PartitionIdentity::partition))
        .toList();
  }

  /** Opens the replicas of a group; called when the group's state machine starts. */
  public GroupReplicas open(String groupId) throws IOException {
    GroupReplicas existing = byGroup.get(groupId);
    if (existing != null) {
      return existing;
    }
    List<PartitionIdentity> ids = identitiesOf(groupId);
    if (ids.isEmpty()) {
      // the Raft group is here but its partition dir (and so its partition.json) is gone; the
      // cause carries the code and the fix to the error line of 'chronik standalone'
      io.chronik.broker.ChronikException why =
          new io.chronik.broker.ChronikException(
              "CHR-1006",
              io.chronik.broker.ChronikException.Kind.DATA,
              "Raft group "
                  + groupId
                  + " is in raft/ but no partition dir under "
                  + partitionsDir
                  + " names it (no partition.json): the partition's data dir was removed",
              "on a cluster, stop the node and move raft/"
                  + groupId
                  + " aside too: the node then catches the group up from its peers. On a single"
                  + " node, rebuild the data dir with 'chronik snapshot restore'");
      throw new IOException(why.getMessage(), why);
    }
    List<PartitionReplica> opened = new java.util.ArrayList<>();
    try {
      for (PartitionIdentity id : ids) {
        PartitionLog log =
            PartitionLog.open(partitionsDir.resolve(id.dirName()), logConfig(id.topic()));
        opened.add(new PartitionReplica(id, log));
      }
    } catch (IOException | RuntimeException e) {
      // the group does not start: the logs it opened so far close again
      opened.forEach(PartitionReplica::close);
      throw e;
    }
    GroupReplicas group = new GroupReplicas(groupId, opened);
    byGroup.put(groupId, group);
    for (PartitionReplica replica : opened) {
      byPartition.put(
          new TopicPartition(replica.identity().topic(), replica.identity().partition()), replica);
    }
    return group;
  }

  /** Closes the replicas of a group that stopped on this node (their files stay). */
  public void closed(String groupId) {
    GroupReplicas group = byGroup.remove(groupId);
    if (group != null) {
      for (PartitionReplica replica : group.all()) {
        byPartition.remove(
            new TopicPartition(replica.identity().topic(), replica.identity().partition()));
        replica.close();
      }
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
    return logConfig(topic, image.topic(topic).map(TopicInfo::configs).orElse(Map.of()), defaults);
  }

  /**
   * A topic's log settings: its overrides on top of {@code defaults}. An override the log cannot
   * take (a value stored before the Kafka APIs checked ranges, such as retention.ms=-5) is left out
   * with a warning: one bad value must not stop the node from opening or reconciling its
   * partitions, and the topic's config can then be corrected through the Kafka API.
   */
  static LogConfig logConfig(String topic, Map<String, String> overrides, LogConfig defaults) {
    long[] values = {
      defaults.segmentBytes(),
      defaults.segmentMs(),
      defaults.retentionMs(),
      defaults.retentionBytes()
    };
    String[] keys = {"segment.bytes", "segment.ms", "retention.ms", "retention.bytes"};
    for (int i = 0; i < keys.length; i++) {
      String v = overrides.get(keys[i]);
      if (v == null) {
        continue;
      }
      long[] tried = values.clone();
      try {
        tried[i] = Long.parseLong(v.trim());
        new LogConfig(tried[0], tried[1], tried[2], tried[3], defaults.indexIntervalBytes());
        values = tried;
      } catch (IllegalArgumentException e) {
        unusable(topic, keys[i], v, e, values[i]);
      }
    }
    LogCleanup cleanup = defaults.cleanup();
    cleanup =
        override(
            topic,
            overrides,
            "cleanup.policy",
            cleanup,
            (c, v) -> {
              boolean[] policy = LogCleanup.parsePolicy(v);
              return c.withPolicy(policy[0], policy[1]);
            },
            c -> c.compact() ? (c.delete() ? "compact,delete" : "compact") : "delete");
    cleanup =
        override(
            topic,
            overrides,
            "min.cleanable.dirty.ratio",
            cleanup,
            (c, v) ->
                new LogCleanup(
                    c.delete(),
                    c.compact(),
                    Double.parseDouble(v.trim()),
                    c.deleteRetentionMs(),
                    c.minCompactionLagMs(),
                    c.maxCompactionLagMs()),
            c -> Double.toString(c.minCleanableDirtyRatio()));
    cleanup =
        override(
            topic,
            overrides,
            "delete.retention.ms",
            cleanup,
            (c, v) ->
                new LogCleanup(
                    c.delete(),
                    c.compact(),
                    c.minCleanableDirtyRatio(),
                    Long.parseLong(v.trim()),
                    c.minCompactionLagMs(),
                    c.maxCompactionLagMs()),
            c -> Long.toString(c.deleteRetentionMs()));
    cleanup =
        override(
            topic,
            overrides,
            "max.compaction.lag.ms",
            cleanup,
            (c, v) -> c.withLags(c.minCompactionLagMs(), Long.parseLong(v.trim())),
            c -> Long.toString(c.maxCompactionLagMs()));
    cleanup =
        override(
            topic,
            overrides,
            "min.compaction.lag.ms",
            cleanup,
            (c, v) -> c.withLags(Long.parseLong(v.trim()), c.maxCompactionLagMs()),
            c -> Long.toString(c.minCompactionLagMs()));
    return new LogConfig(
        values[0], values[1], values[2], values[3], defaults.indexIntervalBytes(), cleanup);
  }

  /** {@code cleanup} with one override applied, or as it is when the log cannot take the value. */
  private static LogCleanup override(
      String topic,
      Map<String, String> overrides,
      String key,
      LogCleanup cleanup,
      java.util.function.BiFunction<LogCleanup, String, LogCleanup> apply,
      java.util.function.Function<LogCleanup, String> current) {
    String v = overrides.get(key);
    if (v == null) {
      return cleanup;
    }
    try {
      return apply.apply(cleanup, v);
    } catch (IllegalArgumentException e) {
      unusable(topic, key, v, e, current.apply(cleanup));
      return cleanup;
    }
  }

  private static void unusable(
      String topic, String key, String value, IllegalArgumentException e, Object used) {
    // every reconcile reads the configs of every hosted replica: say it once per bad value
    if (!UNUSABLE_WARNED.add(topic + '\u0000' + key + '=' + value)) {
      return;
    }
    LOGGER.warn(
        "CHR-2006 topic {}: config {}={} cannot be used ({}); the default {} applies until it"
            + " is corrected (kafka-configs --alter, or Admin#incrementalAlterConfigs)",
        topic,
        key,
        value,
        e.getMessage(),
        used);
  }

  public Optional<PartitionReplica> replica(TopicPartition tp) {
    return Optional.ofNullable(byPartition.get(tp));
  }

  /** The open replicas of a group on this node. */
  public Optional<GroupReplicas> group(String groupId) {
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
    boolean failedBefore = failedJoins;
    failedJoins = false;
    // topic config changes (retention, segment size) reach the open logs
    for (PartitionReplica replica : byPartition.values()) {
      LogConfig wanted = logConfig(replica.identity().topic());
      if (!wanted.equals(replica.log().config())) {
        replica.log().updateConfig(wanted);
      }
    }
    Map<String, List<PartitionIdentity>> desired = new HashMap<>();
    // the configuration a group is joined with: its replicas; for a node a move adds, the replicas
    // before the move (without this node), so that it waits for the leader to add it
    Map<String, List<Integer>> joinWith = new HashMap<>();
    for (Map.Entry<TopicInfo, PartitionAssignment> e : next.allPartitions()) {
      PartitionAssignment a = e.getValue();
      Reassignment move = next.reassignments().get(a.groupId());
      boolean adding = move != null && move.adding().contains(nodeId);
      if (a.replicas().contains(nodeId) || adding) {
        TopicInfo t = e.getKey();
        desired
            .computeIfAbsent(a.groupId(), g -> new java.util.ArrayList<>())
            .add(new PartitionIdentity(t.name(), t.topicId(), a.partition(), a.groupId()));
        joinWith.put(a.groupId(), adding ? move.from() : a.replicas());
      }
    }
    for (String groupId : host.localGroups()) {
      if (!desired.containsKey(groupId)) {
        leave(groupId, host);
      }
    }
    desired.forEach(
        (groupId, ids) -> {
          if (!host.localGroups().contains(groupId)) {
            join(groupId, ids, joinWith.get(groupId), host);
          }
        });
    if (failedJoins) {
      joinRetryWaitMs =
          failedBefore ? Math.min(joinRetryWaitMs * 2, LONGEST_JOIN_RETRY_MS) : FIRST_JOIN_RETRY_MS;
      joinRetryAtMs = System.currentTimeMillis() + joinRetryWaitMs;
    }
  }

  private void join(
      String groupId, List<PartitionIdentity> ids, List<Integer> members, GroupHost host) {
    String name =
        GroupReplicas.nameOf(
            ids.get(0).topic(), ids.stream().map(PartitionIdentity::partition).toList());
    try {
      for (PartitionIdentity id : ids) {
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
        identities.put(id.dirName(), id);
      }
      host.addGroup(groupId, members);
      LOGGER.info(
          "[{}] joined Raft group {} with replicas {}{}",
          name,
          groupId,
          members,
          members.contains(nodeId) ? "" : " (a move adds this node; waiting for the leader)");
    } catch (IOException e) {
      failedJoins = true;
      LOGGER.error(
          "[{}] cannot join Raft group {}: {}; trying again shortly (1 s, doubling to 30 s)",
          name,
          groupId,
          e.toString());
    }
  }

  private void leave(String groupId, GroupHost host) {
    List<PartitionIdentity> ids = identitiesOf(groupId);
    try {
      host.removeGroup(groupId);
      closed(groupId);
      for (PartitionIdentity id : ids) {
        identities.remove(id.dirName());
        deleteTree(partitionsDir.resolve(id.dirName()));
        LOGGER.info("[{}] left Raft group {} and deleted its data", id.dirName(), groupId);
      }
    } catch (IOException e) {
      LOGGER.error("cannot leave Raft group {}: {}", groupId, e.toString());
    }
  }

  /** Applies retention to every local partition. */
  public void applyRetention(long nowMs) {
    for (PartitionReplica replica : byPartition.values()) {
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
