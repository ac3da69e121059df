package io.chronik.broker.snapshot.node;

import io.chronik.broker.ChronikException;
import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.admin.AdminException;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotManifest;
import io.chronik.broker.snapshot.SnapshotMetadata;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.broker.snapshot.store.ProgressListener;
import io.chronik.broker.snapshot.store.SnapshotStore;
import io.chronik.broker.snapshot.store.SnapshotStores;
import io.chronik.broker.snapshot.store.StoreObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does with its Raft snapshots. After a snapshot it writes the group's archive to
 * {@code <data-dir>/snapshots/<group>/} (off the state-machine thread), uploads it to the store
 * when this node leads the group, and keeps {@code retention-count} archives per group locally and
 * in the store. It runs the time trigger, takes snapshots on request and keeps the metrics.
 *
 * <p>A Raft snapshot is cheap (hard links), but an archive holds the whole group, compressed. So a
 * snapshot that Ratis takes because of the log threshold is archived only when the group's last
 * archive is older than the time threshold; a snapshot taken by the time trigger or on request is
 * always archived. The cost of archiving is then bounded by the time threshold, however fast the
 * log grows.
 *
 * <p>Invariants: an archive is written whole or not at all (written to a temp file, renamed); a
 * failed upload never deletes the local archive; retention never deletes a group's newest archive.
 * The state-machine thread only hard-links the snapshot's files into a staging directory, so a
 * snapshot that Ratis deletes meanwhile stays readable until its archive is written.
 */
public final class SnapshotService implements io.chronik.broker.admin.SnapshotAdmin, AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(SnapshotService.class);
  private static final String STAGING = ".staging";
  private static final String META_FILE = "metadata.json";
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** How Raft group keys map to snapshot group names. */
  public interface Groups {
    /** {@code meta} or {@code <topic>-<partition>}; empty when the group is unknown here. */
    Optional<GroupName> nameOf(String groupKey);
  }

  /** A group's snapshot name; topic and partition are null for the metadata group. */
  public record GroupName(String group, String topic, Integer partition) {}

  private final Path dataDir;
  private final int nodeId;
  private final Supplier<String> clusterId;
  private final SnapshotSettings settings;
  private final RaftNode raft;
  private final Groups groups;
  private final MeterRegistry registry;
  private final Instant startedAt = Instant.now();
  private final SnapshotStore store;
  private final ExecutorService archiver = daemon("chronik-snapshot-archiver");
  // a probe that hangs past its deadline must not hold up the next one
  private final ExecutorService prober =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "chronik-store-probe");
            t.setDaemon(true);
            return t;
          });
  private final ScheduledExecutorService trigger =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "chronik-snapshot-trigger");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, GroupState> states = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Path>> pending = new ConcurrentHashMap<>();
  private final Set<String> uploaded = ConcurrentHashMap.newKeySet();

  /** Groups whose next snapshot was asked for (time trigger, admin API): always archived. */
  private final Set<String> requested = ConcurrentHashMap.newKeySet();

  private final AtomicLong uploadFailures = new AtomicLong();
  private volatile Instant lastUploadAt;
  private volatile String lastUploadError;

  /** What this node knows about one group's snapshots. */
  private static final class GroupState {
    volatile String groupKey;
    volatile long lastIndex = -1;
    volatile long lastTerm = -1;
    volatile Instant lastAt;
    volatile Instant lastArchivedAt;
    volatile long sizeBytes;
    final AtomicLong created = new AtomicLong();
    Counter uploadFailures;
  }

  public SnapshotService(
      Path dataDir,
      int nodeId,
      Supplier<String> clusterId,
      SnapshotSettings settings,
      RaftNode raft,
      Groups groups,
      MeterRegistry registry) {
    this.dataDir = dataDir;
    this.nodeId = nodeId;
    this.clusterId = clusterId;
    this.settings = settings;
    this.raft = raft;
    this.groups = groups;
    this.registry = registry;
    this.store = settings.store() == null ? null : SnapshotStores.open(settings.store());
  }

  /**
   * Starts the time trigger (when snapshots are enabled) and listens for snapshots. What a restart
   * would forget is taken from the archives: each group's last snapshot (index, term, time, size)
   * from its newest local archive, and which archives are uploaded from the store's listing (in the
   * background; a store that does not answer leaves them shown as not uploaded, and they are
   * uploaded again when asked).
   */
  public void start() {
    recoverFromLocalArchives();
    if (store != null) {
      CompletableFuture.runAsync(this::recoverUploaded, prober);
    }
    raft.onSnapshot(this::snapshotTaken);
    if (settings.enabled()) {
      long period = Math.max(1, Math.min(30, settings.timeThresholdSecs() / 4));
      trigger.scheduleWithFixedDelay(this::timeTrigger, period, period, TimeUnit.SECONDS);
    }
  }

  // ---- at start

  private void recoverFromLocalArchives() {
    Path root = dataDir.resolve(SnapshotName.LOCAL_DIR);
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String group = dir.getFileName().toString();
        if (group.equals(STAGING)) {
          continue;
        }
        for (Path newest : localArchives(group)) {
          try {
            SnapshotMetadata m = SnapshotArchive.readManifest(newest).metadata();
            GroupState state = state(group, m.groupId());
            state.lastIndex = m.index();
            state.lastTerm = m.term();
            state.lastAt = m.createdAt();
            state.sizeBytes = Files.size(newest);
            break;
          } catch (IOException | RuntimeException e) {
            LOGGER.warn(
                "[{}] cannot read the head of archive {}, trying an older one: {}",
                group,
                newest.getFileName(),
                e.toString());
          }
        }
      }
    } catch (IOException e) {
      LOGGER.warn("cannot list the snapshot archives in {}: {}", root, e.toString());
    }
  }

  private void recoverUploaded() {
    try {
      for (StoreObject o : store.list(clusterId.get() + "/")) {
        if (SnapshotName.parse(o.key()).isPresent()) {
          uploaded.add(o.key());
        }
      }
    } catch (RuntimeException e) {
      LOGGER.warn(
          "cannot list {} to learn which archives are uploaded: {}", store.uri(), e.getMessage());
    }
  }

  // ---- after a snapshot (state-machine thread)

  private void snapshotTaken(String groupKey, long term, long index) {
    Optional<GroupName> name = groups.nameOf(groupKey);
    Optional<Path> source = raft.snapshotPath(groupKey, term, index);
    if (name.isEmpty() || source.isEmpty()) {
      return;
    }
    GroupState state = state(name.get().group(), groupKey);
    state.lastIndex = index;
    state.lastTerm = term;
    state.lastAt = Instant.now();
    state.created.incrementAndGet();
    if (!requested.remove(groupKey) && !archiveDue(state, name.get().group())) {
      LOGGER.debug(
          "[{}] snapshot at {}: the last archive is younger than {}s, not archived",
          name.get().group(),
          index,
          settings.timeThresholdSecs());
      return;
    }
    String id = name.get().group() + "@" + index;
    Path staging;
    try {
      staging = stage(source.get(), id);
    } catch (IOException e) {
      LOGGER.warn(
          "CHR-3301 [{}] cannot stage snapshot {} for its archive: {}",
          id,
          source.get(),
          e.toString());
      return;
    }
    CompletableFuture<Path> done = pending.computeIfAbsent(id, k -> new CompletableFuture<>());
    archiver.execute(() -> archive(name.get(), groupKey, term, index, staging, done));
  }

  /** Whether a log-threshold snapshot should be archived: the last archive is old enough. */
  private boolean archiveDue(GroupState state, String group) {
    Instant last = state.lastArchivedAt;
    if (last == null) {
      try {
        List<Path> archives = localArchives(group);
        if (!archives.isEmpty()) {
          last = Files.getLastModifiedTime(archives.get(0)).toInstant();
          state.lastArchivedAt = last;
        }
      } catch (IOException e) {
        LOGGER.debug("[{}] cannot list local archives: {}", group, e.toString());
      }
    }
    return last == null
        || Duration.between(last, Instant.now()).toSeconds() >= settings.timeThresholdSecs();
  }

  private Path stage(Path source, String id) throws IOException {
    Path staging = dataDir.resolve(SnapshotName.LOCAL_DIR).resolve(STAGING).resolve(id);
    deleteTree(staging);
    Files.createDirectories(staging);
    if (Files.isDirectory(source)) {
      try (Stream<Path> files = Files.list(source)) {
        for (Path f : files.toList()) {
          String n = f.getFileName().toString();
          if (Files.isRegularFile(f) && !n.endsWith(".md5") && !n.endsWith(".tmp")) {
            Files.createLink(staging.resolve(n), f);
          }
        }
      }
    } else {
      Files.createLink(staging.resolve(META_FILE), source);
    }
    return staging;
  }

  // ---- archiver thread

  private void archive(
      GroupName name,
      String groupKey,
      long term,
      long index,
      Path staging,
      CompletableFuture<Path> done) {
    String id = name.group() + "@" + index;
    try {
      SnapshotName sn = new SnapshotName(name.group(), index, term, nodeId);
      Path target = dataDir.resolve(sn.localPath());
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        Instant now = Instant.now();
        SnapshotMetadata metadata =
            name.topic() == null
                ? SnapshotMetadata.meta(clusterId.get(), groupKey, term, index, nodeId, now)
                : SnapshotMetadata.partition(
                    clusterId.get(),
                    groupKey,
                    name.topic(),
                    name.partition(),
                    term,
                    index,
                    nodeId,
                    now);
        SnapshotArchive.writeDirectory(target, metadata, staging, settings.compression());
        LOGGER.info("[{}] archive {} written ({} bytes)", id, target, Files.size(target));
      }
      GroupState state = state(name.group(), groupKey);
      state.sizeBytes = Files.size(target);
      state.lastArchivedAt = Instant.now();
      retainLocal(name.group());
      done.complete(target);
      if (store != null && isLeader(groupKey)) {
        upload(sn, target, state);
      }
    } catch (IOException | RuntimeException e) {
      LOGGER.warn("CHR-3301 [{}] cannot write the snapshot archive: {}", id, e.toString());
      done.completeExceptionally(e);
    } finally {
      pending.remove(id, done);
      try {
        deleteTree(staging);
      } catch (IOException e) {
        LOGGER.debug("cannot delete {}: {}", staging, e.toString());
      }
    }
  }

  /** Uploads an archive; a failure is counted and reported, and the local file stays. */
  private Optional<String> upload(SnapshotName name, Path file, GroupState state) {
    String key = name.storeKey(clusterId.get());
    if (uploaded.contains(key)) {
      return Optional.empty();
    }
    try {
      store.put(key, file, ProgressListener.NONE);
      uploaded.add(key);
      lastUploadAt = Instant.now();
      lastUploadError = null;
      LOGGER.info("[{}] uploaded to {} as {}", name.shortId(), store.uri(), key);
      retainStore(name.group());
      return Optional.empty();
    } catch (RuntimeException e) {
      uploadFailures.incrementAndGet();
      state.uploadFailures.increment();
      String code = e instanceof ChronikException c ? c.code() : "CHR-3204";
      lastUploadError = e.getMessage();
      LOGGER.warn(
          "{} [{}] upload to {} failed, the local archive stays: {}",
          code,
          name.shortId(),
          store.uri(),
          e.getMessage());
      return Optional.of(e.getMessage());
    }
  }

  private void retainLocal(String group) throws IOException {
    List<Path> archives = localArchives(group);
    for (Path old :
        archives.subList(Math.min(settings.retentionCount(), archives.size()), archives.size())) {
      Files.deleteIfExists(old);
      LOGGER.info("[{}] retention deleted archive {}", group, old.getFileName());
    }
  }

  private void retainStore(String group) {
    try {
      List<StoreObject> objects = new ArrayList<>(store.list(clusterId.get() + "/" + group + "/"));
      List<SnapshotName> names =
          objects.stream()
              .map(o -> SnapshotName.parse(o.key()))
              .flatMap(Optional::stream)
              .sorted(Comparator.reverseOrder())
              .toList();
      for (SnapshotName old :
          names.subList(Math.min(settings.retentionCount(), names.size()), names.size())) {
        store.delete(old.storeKey(clusterId.get()));
        uploaded.remove(old.storeKey(clusterId.get()));
        LOGGER.info("[{}] retention deleted {} from the store", group, old.fileName());
      }
    } catch (RuntimeException e) {
      LOGGER.warn("[{}] store retention failed: {}", group, e.getMessage());
    }
  }

  /** A group's local archives, newest first. */
  private List<Path> localArchives(String group) throws IOException {
    Path dir = dataDir.resolve(SnapshotName.LOCAL_DIR).resolve(group);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> SnapshotName.parse(group + "/" + p.getFileName()).isPresent())
          .sorted(
              Comparator.comparing(
                      (Path p) -> SnapshotName.parse(group + "/" + p.getFileName()).orElseThrow())
                  .reversed())
          .toList();
    }
  }

  // ---- time trigger

  private void timeTrigger() {
    try {
      for (GroupStatus status : raft.statuses()) {
        String key = status.groupId();
        Optional<GroupName> name = groups.nameOf(key);
        if (name.isEmpty() || status.appliedIndex() <= Math.max(status.snapshotIndex(), 0)) {
          continue;
        }
        GroupState state = state(name.get().group(), key);
        Instant last = state.lastAt == null ? startedAt : state.lastAt;
        if (Duration.between(last, Instant.now()).toSeconds() >= settings.timeThresholdSecs()) {
          LOGGER.info(
              "[{}] last snapshot is older than {}s: taking one",
              name.get().group(),
              settings.timeThresholdSecs());
          requested.add(key);
          try {
            raft.snapshotNow(key, WAIT.toMillis());
          } finally {
            requested.remove(key);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOGGER.warn("time-triggered snapshot failed: {}", e.toString());
    }
  }

  // ---- admin API

  /**
   * {@code chronik_snapshot_created_total} in Prometheus text, written by hand: Micrometer would
   * drop the {@code _created} part of the name.
   */
  public String createdExposition() {
    StringBuilder out =
        new StringBuilder(
            "# HELP chronik_snapshot_created_total Raft snapshots taken on this node\n"
                + "# TYPE chronik_snapshot_created_total counter\n");
    states.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                out.append("chronik_snapshot_created_total{group=\"")
                    .append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"} ")
                    .append((double) e.getValue().created.get())
                    .append('\n'));
    return out.toString();
  }

  /** {@code GET /v1/snapshots}. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeId", nodeId);
    m.put("clusterId", clusterId.get());
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("enabled", settings.enabled());
    s.put("logThreshold", settings.logThreshold());
    s.put("timeThresholdSecs", settings.timeThresholdSecs());
    s.put("compression", settings.compression().id());
    s.put("retentionCount", settings.retentionCount());
    s.put("store", store == null ? null : store.uri().toString());
    m.put("settings", s);
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("uri", store == null ? null : store.uri().toString());
    st.put("lastUploadAt", lastUploadAt == null ? null : lastUploadAt.toString());
    st.put("lastUploadError", lastUploadError);
    st.put("uploadFailures", uploadFailures.get());
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
    GroupState state = state(name.group(), status.groupId());
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
      for (Path file : localArchives(name.group())) {
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
    boolean isUploaded = uploaded.contains(key);
    a.put("uploaded", isUploaded);
    a.put("storeKey", isUploaded ? key : null);
    return a;
  }

  /**
   * {@code POST /v1/actions/snapshot}: snapshots the named group (or every group here) now, writes
   * its archive and uploads it when asked. Blocks; run it off the event loop.
   */
  public Map<String, Object> snapshotNow(String group, boolean upload) {
    if (upload && store == null) {
      throw new AdminException(409, "no snapshot store is configured; set --snapshot-store");
    }
    List<String> keys = new ArrayList<>();
    for (GroupStatus status : raft.statuses()) {
      Optional<GroupName> name = groups.nameOf(status.groupId());
      if (name.isPresent() && (group == null || group.equals(name.get().group()))) {
        keys.add(status.groupId());
      }
    }
    if (group != null && keys.isEmpty()) {
      throw new AdminException(
          404, "no Raft group " + group + " on this node; see GET /v1/snapshots");
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (String key : keys) {
      results.add(snapshotOne(key, groups.nameOf(key).orElseThrow(), upload));
    }
    return Map.of("snapshots", results);
  }

  private Map<String, Object> snapshotOne(String key, GroupName name, boolean upload) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("group", name.group());
    r.put("groupId", key);
    try {
      requested.add(key);
      long index;
      try {
        index = raft.snapshotNow(key, WAIT.toMillis());
      } finally {
        requested.remove(key);
      }
      long term = raft.snapshotTerm(key);
      r.put("index", index);
      r.put("term", term);
      Path file = archiveOf(key, name, term, index);
      SnapshotName sn = new SnapshotName(name.group(), index, term, nodeId);
      r.put("file", sn.localPath());
      r.put("sizeBytes", Files.size(file));
      String error = null;
      if (upload) {
        error = upload(sn, file, state(name.group(), key)).orElse(null);
      }
      String storeKey = sn.storeKey(clusterId.get());
      boolean done = uploaded.contains(storeKey);
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

  /** The local archive of a snapshot: written already, being written, or written now. */
  private Path archiveOf(String key, GroupName name, long term, long index) throws IOException {
    SnapshotName sn = new SnapshotName(name.group(), index, term, nodeId);
    Path target = dataDir.resolve(sn.localPath());
    CompletableFuture<Path> running = pending.get(name.group() + "@" + index);
    if (running != null) {
      return running.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }
    if (Files.exists(target)) {
      return target;
    }
    Path source =
        raft.snapshotPath(key, term, index)
            .orElseThrow(() -> new IOException("group " + key + " is not on this node"));
    String id = name.group() + "@" + index;
    Path staging = stage(source, id);
    CompletableFuture<Path> done = pending.computeIfAbsent(id, k -> new CompletableFuture<>());
    archiver.execute(() -> archive(name, key, term, index, staging, done));
    return done.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /**
   * {@code POST /v1/actions/probe-store}: writes, reads back and deletes a probe object, without
   * the store's retries (a health check wants the truth now). An answer is due within {@code
   * timeout} whatever the store does (an endpoint that drops packets makes the SDK wait for its
   * connection timeout on every attempt), so a store that does not answer in time is reported as
   * failing, not left for the caller to time out.
   */
  public Map<String, Object> probeStore(Duration timeout) {
    if (store == null) {
      throw new AdminException(409, "no snapshot store is configured; set --snapshot-store");
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("uri", store.uri().toString());
    CompletableFuture<Duration> probe = CompletableFuture.supplyAsync(store::probe, prober);
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

  private boolean isLeader(String groupKey) {
    return raft.statuses().stream().anyMatch(s -> s.groupId().equals(groupKey) && s.isLeader());
  }

  private GroupState state(String group, String groupKey) {
    return states.computeIfAbsent(
        group,
        g -> {
          GroupState s = new GroupState();
          s.groupKey = groupKey;
          s.uploadFailures =
              Counter.builder("chronik.snapshot.upload.failures")
                  .description("snapshot archive uploads that failed after their retries")
                  .tag("group", g)
                  .register(registry);
          Gauge.builder("chronik.snapshot.last.index", s, x -> x.lastIndex)
              .description("Raft index of the group's latest snapshot on this node")
              .tag("group", g)
              .register(registry);
          Gauge.builder(
                  "chronik.snapshot.age.seconds",
                  s,
                  x ->
                      x.lastAt == null
                          ? -1
                          : Duration.between(x.lastAt, Instant.now()).toMillis() / 1000.0)
              .description("seconds since the group's latest snapshot on this node, -1 if none")
              .tag("group", g)
              .register(registry);
          Gauge.builder("chronik.snapshot.size.bytes", s, x -> x.sizeBytes)
              .description("size of the group's latest snapshot archive")
              .tag("group", g)
              .register(registry);
          return s;
        });
  }

  @Override
  public void close() {
    raft.onSnapshot(io.chronik.broker.raft.SnapshotListener.NONE);
    trigger.shutdownNow();
    prober.shutdownNow();
    archiver.shutdown();
    try {
      archiver.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (store != null) {
      store.close();
    }
  }

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
