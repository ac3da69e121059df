package io.chronik.broker.snapshot.node;

import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.admin.AdminException;
import io.chronik.broker.admin.SnapshotAdmin;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.raft.SnapshotListener;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotManifest;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.broker.snapshot.store.SnapshotStores;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does with its Raft snapshots. After a snapshot it writes the group's archive to
 * {@code <data-dir>/snapshots/<group>/} (off the state-machine thread), uploads it to the store
 * when this node leads the group, and keeps {@code retention-count} archives per group locally and
 * in the store. It runs the age and size triggers ({@link SnapshotTrigger}), takes snapshots on
 * request and keeps the metrics.
 *
 * <p>A Raft snapshot is cheap (hard links), but an archive holds the whole group, compressed. So a
 * snapshot that Ratis takes because of the log threshold, or the size trigger because of the log's
 * bytes, is archived only when the group's last archive is older than the time threshold; a
 * snapshot taken by the time trigger or on request is always archived. The cost of archiving is
 * then bounded by the time threshold, however fast the log grows.
 *
 * <p>Invariants: an archive is written whole or not at all (written to a temp file, renamed); a
 * failed upload never deletes the local archive; retention never deletes a group's newest archive.
 * The state-machine thread only hard-links the snapshot's files into a staging directory, so a
 * snapshot that Ratis deletes meanwhile stays readable until its archive is written.
 */
public final class SnapshotService implements SnapshotAdmin, AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(SnapshotService.class);

  /** How long a snapshot, or the archive of one, may take. */
  static final Duration WAIT = Duration.ofSeconds(120);

  /** How Raft group keys map to snapshot group names. */
  public interface Groups {
    /**
     * {@code meta}, {@code <topic>-<partition>} or {@code <topic>-<first>..<last>}; empty when the
     * group is unknown here.
     */
    Optional<GroupName> nameOf(String groupKey);
  }

  /**
   * A group's snapshot name and what it carries: the topic and its partitions (ascending, several
   * for a shared group); null and empty for the metadata group.
   */
  public record GroupName(String group, String topic, List<Integer> partitions) {
    public GroupName {
      partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    /**
     * Whether a user's name means this group: its own name, or {@code <topic>-<p>} of any partition
     * it carries (a partition of a group of several is snapshotted with its group).
     */
    public boolean answersTo(String name) {
      return group.equals(name) || partitions.stream().anyMatch(p -> name.equals(topic + "-" + p));
    }
  }

  private final int nodeId;
  private final Supplier<String> clusterId;
  private final SnapshotSettings settings;
  private final RaftNode raft;
  private final Groups groups;
  private final SnapshotMetrics metrics;
  private final Archiver archiver;

  /** Null when no store is configured. */
  private final Uploader uploader;

  private final SnapshotTrigger trigger;
  // a probe that hangs past its deadline must not hold up the next one
  private final ExecutorService prober =
      Executors.newCachedThreadPool(daemonThreads("chronik-store-probe"));

  /** Groups whose next snapshot was asked for (time trigger, admin API): always archived. */
  private final Set<String> requested = ConcurrentHashMap.newKeySet();

  public SnapshotService(
      Path dataDir,
      int nodeId,
      Supplier<String> clusterId,
      SnapshotSettings settings,
      RaftNode raft,
      Groups groups,
      MeterRegistry registry) {
    this.nodeId = nodeId;
    this.clusterId = clusterId;
    this.settings = settings;
    this.raft = raft;
    this.groups = groups;
    this.metrics = new SnapshotMetrics(registry);
    this.uploader =
        settings.store() == null
            ? null
            : new Uploader(SnapshotStores.open(settings.store()), clusterId, settings);
    this.archiver =
        new Archiver(dataDir, nodeId, clusterId, settings, raft, metrics, this::archived);
    this.trigger =
        new SnapshotTrigger(
            settings,
            raft,
            groups,
            metrics,
            (key, archive) ->
                archive ? snapshotRequested(key) : raft.snapshotNow(key, WAIT.toMillis()));
  }

  /**
   * Starts the age and size triggers (when snapshots are enabled) and listens for snapshots. What a
   * restart would forget is taken from the archives: each group's last snapshot (index, term, time,
   * size) from its newest local archive, and which archives are uploaded from the store's listing
   * (in the background; a store that does not answer leaves them shown as not uploaded, and they
   * are uploaded again when asked).
   */
  public void start() {
    archiver.recoverFromLocalArchives();
    if (uploader != null) {
      CompletableFuture.runAsync(uploader::recoverUploaded, prober);
    }
    raft.onSnapshot(this::snapshotTaken);
    if (settings.enabled()) {
      trigger.start();
    }
  }

  // ---- after a snapshot (state-machine thread)

  private void snapshotTaken(String groupKey, long term, long index) {
    Optional<GroupName> name = groups.nameOf(groupKey);
    Optional<Path> source = raft.snapshotPath(groupKey, term, index);
    if (name.isEmpty() || source.isEmpty()) {
      return;
    }
    GroupState state = metrics.state(name.get().group(), groupKey);
    state.lastIndex = index;
    state.lastTerm = term;
    state.lastAt = Instant.now();
    state.created.incrementAndGet();
    if (!requested.remove(groupKey) && !archiver.archiveDue(state, name.get().group())) {
      LOGGER.debug(
          "[{}] snapshot at {}: the last archive is younger than {}s, not archived",
          name.get().group(),
          index,
          settings.timeThresholdSecs());
      return;
    }
    try {
      archiver.archiveLater(name.get(), groupKey, term, index, source.get());
    } catch (IOException e) {
      LOGGER.warn(
          "CHR-3301 [{}] cannot stage snapshot {} for its archive: {}",
          name.get().group() + "@" + index,
          source.get(),
          e.toString());
    }
  }

  // ---- archiver thread

  /** An archive is written: a group this node leads uploads it. */
  private void archived(SnapshotName name, String groupKey, Path file, GroupState state) {
    if (uploader != null && isLeader(groupKey)) {
      uploader.upload(name, file, state);
    }
  }

  /** Takes a snapshot of the group now; its archive is written whatever its age. */
  private long snapshotRequested(String key) throws IOException {
    requested.add(key);
    try {
      return raft.snapshotNow(key, WAIT.toMillis());
    } finally {
      requested.remove(key);
    }
  }

  // ---- admin API

  /** {@code chronik_snapshot_created_total} in Prometheus text (see {@link SnapshotMetrics}). */
  public String createdExposition() {
    return metrics.createdExposition();
  }

  /** {@code GET /v1/snapshots}. */
  @Override
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeId", nodeId);
    m.put("clusterId", clusterId.get());
    String uri = uploader == null ? null : uploader.store().uri().toString();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("enabled", settings.enabled());
    s.put("logThreshold", settings.logThreshold());
    s.put("logBytesThreshold", settings.logBytesThreshold());
    s.put("timeThresholdSecs", settings.timeThresholdSecs());
    s.put("compression", settings.compression().id());
    s.put("retentionCount", settings.retentionCount());
    s.put("store", uri);
    m.put("settings", s);
    Instant lastUploadAt = uploader == null ? null : uploader.lastUploadAt();
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("uri", uri);
    st.put("lastUploadAt", lastUploadAt == null ? null : lastUploadAt.toString());
    st.put("lastUploadError", uploader == null ? null : uploader.lastUploadError());
    st.put("uploadFailures", uploader == null ? 0L : uploader.uploadFailures());
    st.put("uploading", uploader == null ? null : uploader.uploading());
    m.put("store", st);
    List<Map<String, Object>> list = new ArrayList<>();
    for (GroupStatus status : raft.statuses()) {
      groups.nameOf(status.groupId()).ifPresent(name -> list.add(groupStatus(status, name)));
    }
    list.sort(Comparator.comparing(g -> (String) g.get("group")));
    m.put("groups", list);
    return m;
  }

  private Map<String, Object> groupStatus(GroupStatus status, GroupName name) {
    GroupState state = metrics.state(name.group(), status.groupId());
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("groupId", status.groupId());
    g.put("group", name.group());
    g.put("role", status.role());
    g.put("appliedIndex", status.appliedIndex());
    g.put("lastSnapshotIndex", status.snapshotIndex());
    long term = raft.snapshotTerm(status.groupId());
    g.put("lastSnapshotTerm", term);
    g.put("lastSnapshotAt", state.lastAt == null ? null : state.lastAt.toString());
    g.put(
        "entriesSinceSnapshot",
        Math.max(0, status.appliedIndex() - Math.max(status.snapshotIndex(), 0)));
    List<Map<String, Object>> archives = new ArrayList<>();
    try {
      for (Path file : archiver.localArchives(name.group())) {
        archives.add(archiveInfo(name.group(), file));
      }
    } catch (IOException e) {
      LOGGER.debug("cannot list archives of {}: {}", name.group(), e.toString());
    }
    g.put("archives", archives);
    return g;
  }

  private Map<String, Object> archiveInfo(String group, Path file) throws IOException {
    SnapshotName sn = SnapshotName.parse(group + "/" + file.getFileName()).orElseThrow();
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("file", sn.localPath());
    a.put("index", sn.index());
    a.put("term", sn.term());
    a.put("sizeBytes", Files.size(file));
    String compression = null;
    String createdAt = null;
    try {
      SnapshotManifest manifest = SnapshotArchive.readManifest(file);
      compression = manifest.compression().id();
      createdAt = manifest.metadata().createdAt().toString();
    } catch (IOException | RuntimeException e) {
      LOGGER.debug("cannot read the manifest of {}: {}", file, e.toString());
    }
    a.put("compression", compression);
    a.put("createdAt", createdAt);
    String key = sn.storeKey(clusterId.get());
    boolean isUploaded = isUploaded(key);
    a.put("uploaded", isUploaded);
    a.put("storeKey", isUploaded ? key : null);
    return a;
  }

  /**
   * {@code POST /v1/actions/snapshot}: snapshots the named group (or every group here) now, writes
   * its archive and uploads it when asked. Blocks; run it off the event loop.
   */
  @Override
  public Map<String, Object> snapshotNow(String group, boolean upload) {
    if (upload && uploader == null) {
      throw new AdminException(409, "no snapshot store is configured; set --snapshot-store");
    }
    Map<String, GroupName> named = new LinkedHashMap<>();
    for (GroupStatus status : raft.statuses()) {
      Optional<GroupName> name = groups.nameOf(status.groupId());
      if (name.isPresent() && (group == null || name.get().answersTo(group))) {
        named.put(status.groupId(), name.get());
      }
    }
    if (group != null && named.isEmpty()) {
      throw new AdminException(
          404, "no Raft group " + group + " on this node; see GET /v1/snapshots");
    }
    List<Map<String, Object>> results = new ArrayList<>();
    named.forEach(
        (key, name) -> {
          Map<String, Object> r = snapshotOne(key, name, upload);
          // a group whose topic was deleted meanwhile is left out, not reported as failed
          if (r.get("error") == null || groups.nameOf(key).isPresent()) {
            results.add(r);
          }
        });
    return Map.of("snapshots", results);
  }

  private Map<String, Object> snapshotOne(String key, GroupName name, boolean upload) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("group", name.group());
    r.put("groupId", key);
    try {
      long index = snapshotRequested(key);
      long term = raft.snapshotTerm(key);
      r.put("index", index);
      r.put("term", term);
      Path file = archiver.archiveOf(key, name, term, index);
      SnapshotName sn = new SnapshotName(name.group(), index, term, nodeId);
      r.put("file", sn.localPath());
      r.put("sizeBytes", Files.size(file));
      String error = null;
      if (upload) {
        error = uploader.upload(sn, file, metrics.state(name.group(), key)).orElse(null);
      }
      String storeKey = sn.storeKey(clusterId.get());
      boolean done = isUploaded(storeKey);
      r.put("uploaded", done);
      r.put("storeKey", done ? storeKey : null);
      r.put("error", error);
    } catch (IOException | RuntimeException e) {
      r.putIfAbsent("index", -1L);
      r.putIfAbsent("term", -1L);
      r.putIfAbsent("file", null);
      r.putIfAbsent("sizeBytes", 0L);
      r.put("uploaded", false);
      r.put("storeKey", null);
      r.put("error", e.getMessage());
    }
    return r;
  }

  /**
   * {@code POST /v1/actions/probe-store}: writes, reads back and deletes a probe object, without
   * the store's retries (a health check wants the truth now). An answer is due within {@code
   * timeout} whatever the store does (an endpoint that drops packets makes the SDK wait for its
   * connection timeout on every attempt), so a store that does not answer in time is reported as
   * failing, not left for the caller to time out.
   */
  @Override
  public Map<String, Object> probeStore(Duration timeout) {
    if (uploader == null) {
      throw new AdminException(409, "no snapshot store is configured; set --snapshot-store");
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("uri", uploader.store().uri().toString());
    CompletableFuture<Duration> probe =
        CompletableFuture.supplyAsync(uploader.store()::probe, prober);
    try {
      Duration rtt = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      r.put("ok", true);
      r.put("roundTripMs", rtt.toMillis());
      r.put("error", null);
    } catch (TimeoutException e) {
      probe.cancel(true);
      r.put("ok", false);
      r.put("roundTripMs", -1L);
      r.put(
          "error",
          "the store did not answer within "
              + timeout.toMillis()
              + " ms (an unreachable endpoint, or a network that drops packets) [CHR-3203]");
    } catch (ExecutionException e) {
      r.put("ok", false);
      r.put("roundTripMs", -1L);
      r.put("error", e.getCause() == null ? e.toString() : e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminException(503, "interrupted while probing the store");
    }
    return r;
  }

  private boolean isUploaded(String storeKey) {
    return uploader != null && uploader.isUploaded(storeKey);
  }

  private boolean isLeader(String groupKey) {
    return raft.statuses().stream().anyMatch(s -> s.groupId().equals(groupKey) && s.isLeader());
  }

  @Override
  public void close() {
    raft.onSnapshot(SnapshotListener.NONE);
    trigger.close();
    prober.shutdownNow();
    archiver.close();
    if (uploader != null) {
      uploader.close();
    }
  }

  /** Daemon threads named {@code name}, for the service's executors. */
  static ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
