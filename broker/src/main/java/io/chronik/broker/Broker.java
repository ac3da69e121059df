package io.chronik.broker;

import io.chronik.broker.admin.AdminServer;
import io.chronik.broker.admin.AdminView;
import io.chronik.broker.group.GroupCoordinator;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.KafkaApis;
import io.chronik.broker.kafka.KafkaServer;
import io.chronik.broker.log.LogConfig;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.metrics.BrokerMetrics;
import io.chronik.broker.partition.MetaOffsetStore;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupStatus;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.BindException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running chronik node: the Raft server with its groups, the Kafka listener and the admin HTTP
 * server. {@link #start} returns once the node serves Kafka requests; {@link #close} shuts it down
 * in the reverse order.
 *
 * <p>Start-up: check the data dir's identity and lock it; start the admin API (503 on /ready);
 * start Ratis, recovering every group on disk; join the metadata group; wait for its leader;
 * initialise the cluster id; reconcile the local partition groups with the metadata; wait until
 * every local group has a leader and has applied its log; bind the Kafka port; register the node's
 * addresses; report ready.
 */
public final class Broker implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Broker.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private final BrokerConfig config;
  private final Path dataDir;
  private final long startedAt = System.currentTimeMillis();
  private final BrokerMetrics metrics = new BrokerMetrics();
  private final Vertx vertx;
  private final ScheduledExecutorService timer;
  private final ExecutorService reconciler;
  private final ExecutorService adminWorker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "chronik-admin-actions");
            t.setDaemon(true);
            return t;
          });
  private NodeIdentity identity;
  private FileChannel lockChannel;
  private FileLock lock;
  private AdminServer admin;
  private ReplicaManager replicas;
  private RaftNode raft;
  private GroupCoordinator coordinator;
  private KafkaServer kafka;
  private final java.util.concurrent.atomic.AtomicReference<
          io.chronik.broker.kafka.RequestDispatcher>
      dispatcher = new java.util.concurrent.atomic.AtomicReference<>();
  private boolean freshDataDir;
  private volatile String notReady = "starting";
  private volatile boolean closed;

  private Broker(BrokerConfig config) {
    this.config = config;
    this.dataDir = config.dataDir().toAbsolutePath().normalize();
    this.vertx = Vertx.vertx();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "chronik-timer");
              t.setDaemon(true);
              return t;
            });
    this.reconciler =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "chronik-reconciler");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a node and waits until it serves Kafka requests.
   *
   * @throws ChronikException when the node cannot start (a taken port, a foreign data dir, ...)
   */
  public static Broker start(BrokerConfig config) {
    Broker broker = new Broker(config);
    try {
      broker.startUp();
      return broker;
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  private void startUp() {
    freshDataDir = !NodeIdentity.exists(dataDir);
    identity = NodeIdentity.loadOrCreate(dataDir, config.nodeId());
    lockDataDir();
    admin =
        await(
            AdminServer.start(vertx, config.bindHost(), config.adminPort(), new View()),
            "admin HTTP",
            config.adminPort());
    try {
      replicas = new ReplicaManager(dataDir.resolve("partitions"), config.nodeId(), logDefaults());
      raft =
          RaftNode.start(
              config.nodeId(),
              config.bindHost(),
              config.raftPort(),
              dataDir.resolve("raft"),
              RaftNode.Settings.defaults(),
              replicas,
              this::peerAddress);
      raft.ensureMetaGroup(metaMembers());
    } catch (IOException e) {
      if (rootCause(e) instanceof BindException) {
        throw portTaken("Raft", config.raftPort(), e);
      }
      throw new ChronikException(
          "CHR-1006",
          ChronikException.Kind.RUNTIME,
          "cannot start Raft on " + dataDir.resolve("raft") + ": " + e.getMessage(),
          "check the data dir's permissions and free space; the log above names the failing group",
          e);
    }
    notReady = "waiting for a metadata leader";
    waitFor(
        () -> raft.metaStatus().map(raft::isCaughtUp).orElse(false),
        "the metadata group to elect a leader and replay its log");
    initCluster();
    kafka =
        await(
            KafkaServer.start(
                vertx,
                config.bindHost(),
                config.kafkaPort(),
                dispatcher::get,
                metrics,
                config.socketRequestMaxBytes()),
            "Kafka",
            config.kafkaPort());
    register();
    coordinator = new GroupCoordinator(new MetaOffsetStore(raft), timer, 3000);
    raft.addListener(image -> reconciler.execute(() -> replicas.reconcile(image, raft)));
    replicas.reconcile(raft.image(), raft);
    notReady = "waiting for partition leaders";
    waitFor(this::partitionsReady, "every local partition to elect a leader and replay its log");
    metrics.bindGroups(raft::statuses, this::groupTags);
    metrics.bindElections(raft.journal());
    BrokerServices services =
        new BrokerServices(
            config.nodeId(),
            config,
            raft,
            replicas,
            raft,
            coordinator,
            vertx,
            () -> raft.metaStatus().map(GroupStatus::leaderId).orElse(-1));
    dispatcher.set(KafkaApis.create(services, metrics));
    timer.scheduleWithFixedDelay(
        () -> replicas.applyRetention(System.currentTimeMillis()), 30, 30, TimeUnit.SECONDS);
    notReady = null;
    LOGGER.info(
        "node {} of cluster {} ready: kafka {}:{}, raft {}, admin {}",
        config.nodeId(),
        identity.clusterId(),
        config.advertisedHost(),
        kafkaPort(),
        raftPort(),
        adminPort());
  }

  private LogConfig logDefaults() {
    LogConfig d = LogConfig.defaults();
    return new LogConfig(
        config.logSegmentBytes(),
        d.segmentMs(),
        config.retentionMs(),
        config.retentionBytes(),
        d.indexIntervalBytes());
  }

  private List<Integer> metaMembers() {
    if (config.peers().isEmpty()) {
      return List.of(config.nodeId());
    }
    return config.peers().stream().map(BrokerConfig.PeerAddress::nodeId).sorted().toList();
  }

  private String peerAddress(int nodeId) {
    for (BrokerConfig.PeerAddress p : config.peers()) {
      if (p.nodeId() == nodeId) {
        return p.host() + ":" + p.raftPort();
      }
    }
    if (nodeId == config.nodeId()) {
      return config.advertisedHost() + ":" + (raft == null ? config.raftPort() : raft.port());
    }
    BrokerInfo b = raft == null ? null : raft.image().brokers().get(nodeId);
    if (b != null) {
      return b.host() + ":" + b.raftPort();
    }
    throw new ChronikException(
        "CHR-1201",
        ChronikException.Kind.RUNTIME,
        "the Raft address of node " + nodeId + " is unknown",
        "list every node in --peers as ID@HOST:PORT");
  }

  private void initCluster() {
    MetadataImage image = raft.image();
    if (image.clusterId().isEmpty()) {
      MetaResult r =
          join(
              raft.submit(new MetaCommand.InitCluster(identity.clusterId())),
              "initialise the cluster id");
      if (!r.isOk()) {
        LOGGER.info("cluster id already set by another node: {}", r.message());
      }
    }
    String clusterId = raft.image().clusterId();
    if (!clusterId.equals(identity.clusterId()) && freshDataDir) {
      // a new node joins the cluster another node formed: take the cluster's id
      identity = identity.withClusterId(clusterId);
      try {
        identity.write(dataDir);
      } catch (IOException e) {
        throw new ChronikException(
            "CHR-1001",
            ChronikException.Kind.DATA,
            "cannot write " + dataDir.resolve("node.json") + ": " + e.getMessage(),
            "check that the data dir is writable",
            e);
      }
      LOGGER.info("joined cluster {}", clusterId);
    }
    if (!clusterId.equals(identity.clusterId())) {
      throw new ChronikException(
          "CHR-1002",
          ChronikException.Kind.DATA,
          "data dir "
              + dataDir
              + " belongs to cluster "
              + identity.clusterId()
              + ", but its Raft metadata says cluster "
              + clusterId,
          "point --data-dir at a directory of cluster "
              + clusterId
              + ", or start this node with an empty data dir");
    }
  }

  private void register() {
    BrokerInfo self =
        new BrokerInfo(
            config.nodeId(), config.advertisedHost(), kafka.port(), admin.port(), raft.port());
    if (!self.equals(raft.image().brokers().get(config.nodeId()))) {
      join(raft.submit(new MetaCommand.RegisterBroker(self)), "register this node's addresses");
    }
  }

  private boolean partitionsReady() {
    MetadataImage image = raft.image();
    for (var entry : image.allPartitions()) {
      if (entry.getValue().replicas().contains(config.nodeId())) {
        Optional<GroupStatus> s = raft.status(entry.getValue().groupId());
        if (s.isEmpty() || !raft.isCaughtUp(s.get())) {
          return false;
        }
      }
    }
    return true;
  }

  private Tags groupTags(String groupId) {
    return replicas
        .replicaOfGroup(groupId)
        .map(PartitionReplica::identity)
        .map(id -> Tags.of("topic", id.topic(), "partition", Integer.toString(id.partition())))
        .orElse(Tags.of("topic", "", "partition", ""));
  }

  private void lockDataDir() {
    try {
      lockChannel =
          FileChannel.open(
              dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = lockChannel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new ChronikException(
          "CHR-1004",
          ChronikException.Kind.UNAVAILABLE,
          "data dir " + dataDir + " is in use by another chronik process",
          "stop the other process, or give this one its own --data-dir");
    }
  }

  private void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new ChronikException(
            "CHR-1007",
            ChronikException.Kind.UNAVAILABLE,
            "timed out after " + STARTUP_TIMEOUT.toSeconds() + "s waiting for " + what,
            "check that a majority of the Raft peers is running and reachable; run 'chronik doctor'");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChronikException(
            "CHR-1008", ChronikException.Kind.RUNTIME, "interrupted while starting", "start again");
      }
    }
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> future, String what) {
    try {
      return future.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ChronikException(
          "CHR-1007",
          ChronikException.Kind.UNAVAILABLE,
          "cannot " + what + ": " + rootCause(e).getMessage(),
          "check that a majority of the Raft peers is running and reachable",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChronikException(
          "CHR-1008", ChronikException.Kind.RUNTIME, "interrupted while starting", "start again");
    }
  }

  private <T> T await(Future<T> future, String listener, int port) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw portTaken(listener, port, e);
    } catch (TimeoutException e) {
      throw portTaken(listener, port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChronikException(
          "CHR-1008", ChronikException.Kind.RUNTIME, "interrupted while starting", "start again");
    }
  }

  private ChronikException portTaken(String listener, int port, Throwable e) {
    return new ChronikException(
        "CHR-1005",
        ChronikException.Kind.UNAVAILABLE,
        "cannot listen for "
            + listener
            + " on "
            + config.bindHost()
            + ":"
            + port
            + ": "
            + rootCause(e).getMessage(),
        "another process uses the port; stop it or choose another port (0 picks a free one)",
        e);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  public int nodeId() {
    return config.nodeId();
  }

  /** The node id of the metadata group's leader as this node sees it, -1 when there is none. */
  public int metaLeaderId() {
    return raft == null ? -1 : raft.metaStatus().map(GroupStatus::leaderId).orElse(-1);
  }

  public String clusterId() {
    return identity.clusterId();
  }

  /** The bound Kafka port (the real one when 0 was asked for). */
  public int kafkaPort() {
    return kafka == null ? -1 : kafka.port();
  }

  public int raftPort() {
    return raft == null ? -1 : raft.port();
  }

  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  /** The host clients are told to use. */
  public String advertisedHost() {
    return config.advertisedHost();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    notReady = "shutting down";
    LOGGER.info("node {} shutting down", config.nodeId());
    quietly(
        () -> kafka.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS),
        kafka != null);
    quietly(() -> coordinator.close(), coordinator != null);
    quietly(() -> raft.close(), raft != null);
    quietly(() -> replicas.close(), replicas != null);
    quietly(
        () -> admin.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS),
        admin != null);
    reconciler.shutdownNow();
    adminWorker.shutdownNow();
    timer.shutdownNow();
    quietly(
        () -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS),
        true);
    quietly(() -> lock.release(), lock != null);
    quietly(() -> lockChannel.close(), lockChannel != null);
    LOGGER.info("node {} stopped", config.nodeId());
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(Step step, boolean when) {
    if (!when) {
      return;
    }
    try {
      step.run();
    } catch (Exception e) {
      LOGGER.warn("shutdown step failed: {}", e.toString());
    }
  }

  /** The admin API's view of this node. */
  private final class View implements AdminView {
    @Override
    public Optional<String> notReadyReason() {
      return Optional.ofNullable(notReady);
    }

    @Override
    public Map<String, Object> node() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nodeId", config.nodeId());
      m.put("clusterId", identity == null ? "" : identity.clusterId());
      m.put("ready", notReady == null);
      m.put("advertisedHost", config.advertisedHost());
      m.put("kafkaPort", kafkaPort());
      m.put("raftPort", raftPort());
      m.put("adminPort", adminPort());
      m.put("dataDir", dataDir.toString());
      m.put("uptimeMs", System.currentTimeMillis() - startedAt);
      m.put(
          "metaLeader",
          raft == null ? -1 : raft.metaStatus().map(GroupStatus::leaderId).orElse(-1));
      Map<String, Object> cfg = new LinkedHashMap<>();
      cfg.put("bind", config.bindHost());
      cfg.put("peers", config.peers().stream().map(Object::toString).toList());
      cfg.put("autoCreateTopics", config.autoCreateTopics());
      cfg.put("defaultPartitions", config.defaultPartitions());
      cfg.put("defaultReplicationFactor", config.defaultReplicationFactor());
      cfg.put("socketRequestMaxBytes", config.socketRequestMaxBytes());
      cfg.put("logSegmentBytes", config.logSegmentBytes());
      cfg.put("retentionMs", config.retentionMs());
      cfg.put("retentionBytes", config.retentionBytes());
      m.put("config", cfg);
      return m;
    }

    @Override
    public Map<String, Object> cluster() {
      Map<String, Object> m = new LinkedHashMap<>();
      if (raft == null) {
        m.put("clusterId", identity == null ? "" : identity.clusterId());
        m.put("metaLeader", -1);
        m.put("nodes", List.of());
        m.put("topics", List.of());
        return m;
      }
      MetadataImage image = raft.image();
      m.put("clusterId", image.clusterId());
      m.put("metaLeader", raft.metaStatus().map(GroupStatus::leaderId).orElse(-1));
      m.put(
          "nodes",
          image.brokers().values().stream()
              .sorted(java.util.Comparator.comparingInt(BrokerInfo::nodeId))
              .toList());
      List<Map<String, Object>> topics = new ArrayList<>();
      for (var topic : image.topics().values()) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", topic.name());
        t.put("topicId", topic.topicId());
        t.put("configs", topic.configs());
        List<Map<String, Object>> parts = new ArrayList<>();
        for (var p : topic.partitions()) {
          Map<String, Object> pm = new LinkedHashMap<>();
          pm.put("partition", p.partition());
          pm.put("groupId", p.groupId());
          pm.put("replicas", p.replicas());
          Optional<GroupStatus> s = raft.status(p.groupId());
          pm.put("leader", s.map(GroupStatus::leaderId).orElse(-1));
          pm.put("leaderEpoch", s.map(GroupStatus::term).orElse(-1L));
          parts.add(pm);
        }
        t.put("partitions", parts);
        topics.add(t);
      }
      m.put("topics", topics);
      return m;
    }

    @Override
    public List<Map<String, Object>> raftGroups() {
      List<Map<String, Object>> out = new ArrayList<>();
      if (raft == null) {
        return out;
      }
      for (GroupStatus s : raft.statuses()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("groupId", s.groupId());
        m.put("kind", s.kind());
        replicas
            .replicaOfGroup(s.groupId())
            .ifPresent(
                r -> {
                  m.put("topic", r.identity().topic());
                  m.put("partition", r.identity().partition());
                  m.put("highWatermark", r.highWatermark());
                  m.put("logStartOffset", r.log().logStartOffset());
                });
        m.put("role", s.role());
        m.put("leader", s.leaderId());
        m.put("term", s.term());
        m.put("commitIndex", s.commitIndex());
        m.put("appliedIndex", s.appliedIndex());
        m.put("logStartIndex", s.logStartIndex());
        m.put("logEndIndex", s.logEndIndex());
        m.put("snapshotIndex", s.snapshotIndex());
        m.put("followers", s.followers());
        out.add(m);
      }
      return out;
    }

    @Override
    public Optional<List<?>> elections(String groupId) {
      if (raft == null) {
        return Optional.empty();
      }
      boolean hosted = raft.statuses().stream().anyMatch(s -> s.groupId().equals(groupId));
      return hosted ? Optional.of(raft.journal().entries(groupId)) : Optional.empty();
    }

    @Override
    public java.util.concurrent.CompletableFuture<Map<String, Object>> transferLeader(
        Map<String, Object> request) {
      try {
        if (raft == null || notReady != null) {
          throw new io.chronik.broker.admin.AdminException(
              503, "node " + config.nodeId() + " is not ready: " + notReady);
        }
        if (!(request.get("to") instanceof Number to)) {
          throw new io.chronik.broker.admin.AdminException(
              400, "give \"to\": the node id of the new leader");
        }
        String groupKey;
        List<Integer> members;
        String what;
        if ("__meta".equals(request.get("group"))) {
          groupKey = "__meta";
          members = raft.members("__meta");
          what = "the metadata group";
        } else if (request.get("topic") instanceof String topic
            && request.get("partition") instanceof Number partition) {
          var info =
              raft.image()
                  .topic(topic)
                  .orElseThrow(
                      () ->
                          new io.chronik.broker.admin.AdminException(
                              404, "topic '" + topic + "' does not exist"));
          if (partition.intValue() < 0 || partition.intValue() >= info.partitions().size()) {
            throw new io.chronik.broker.admin.AdminException(
                404, "topic '" + topic + "' has no partition " + partition);
          }
          var assignment = info.partitions().get(partition.intValue());
          groupKey = assignment.groupId();
          members = assignment.replicas();
          what = topic + "-" + partition;
        } else {
          throw new io.chronik.broker.admin.AdminException(
              400, "give \"topic\" and \"partition\", or \"group\": \"__meta\"");
        }
        if (!members.contains(to.intValue())) {
          throw new io.chronik.broker.admin.AdminException(
              400, "node " + to + " is not a member of " + what + "; members: " + members);
        }
        return java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                raft.transferLeader(groupKey, members, to.intValue(), 10_000);
              } catch (IOException e) {
                throw new io.chronik.broker.admin.AdminException(409, e.getMessage());
              }
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("group", groupKey);
              out.put("target", what);
              out.put("leader", to.intValue());
              out.put("members", members);
              return out;
            },
            adminWorker);
      } catch (io.chronik.broker.admin.AdminException e) {
        return java.util.concurrent.CompletableFuture.failedFuture(e);
      } catch (IOException e) {
        return java.util.concurrent.CompletableFuture.failedFuture(
            new io.chronik.broker.admin.AdminException(500, e.getMessage()));
      }
    }

    @Override
    public String metrics() {
      return metrics.scrape();
    }
  }
}
