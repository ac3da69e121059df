package io.chronik.broker;

import io.chronik.broker.admin.AdminServer;
import io.chronik.broker.group.GroupCoordinator;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.KafkaApis;
import io.chronik.broker.kafka.KafkaServer;
import io.chronik.broker.metrics.BrokerMetrics;
import io.chronik.broker.partition.GroupReplicas;
import io.chronik.broker.partition.LogCleanerService;
import io.chronik.broker.partition.MetaOffsetStore;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupStatus;
import io.chronik.broker.snapshot.RestoreMarker;
import io.chronik.broker.snapshot.node.SnapshotGroups;
import io.chronik.broker.snapshot.node.SnapshotService;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running chronik node: the Raft server with its groups, the Kafka listener and the admin HTTP
 * server. {@link #start} returns once the node is ready (it serves Kafka requests from before that,
 * see below); {@link #close} shuts it down in the reverse order.
 *
 * <p>Start-up, in this order (the class that does a step in brackets): check the data dir's
 * identity and lock it ({@link NodeIdentity}, {@link DataDirLock}); refuse a data dir marked as
 * removed ({@link RemovalGuard}); read a restore marker ({@link RestoreCompletion}); start the
 * admin API, 503 on /ready ({@link ListenerBinding}); refuse a one-node metadata group that lost
 * its Raft storage ({@link LostRaftStorage}); start Ratis, recovering every group on disk ({@link
 * RaftStart}); a --join node waits to be added, then the node joins the metadata group ({@link
 * ClusterJoin}); wait for its leader and replay ({@link CatchUpWait}); initialise the cluster id;
 * bind the Kafka port; register the node's addresses ({@link ClusterJoin}); refuse a one-node
 * partition group that lost its Raft storage ({@link LostRaftStorage}); reconcile the local
 * partition groups with the metadata; start the Kafka APIs (before, the Kafka port closes every
 * connection) and the {@link LeadershipReporter}; wait until every local group has a leader and has
 * applied its log ({@link CatchUpWait}); on a restored data dir, finish the restore and only then
 * start the Kafka APIs; start the other periodic tasks (retention, {@link NodeConditions}) and the
 * snapshot service; report ready. Every wait is a {@link StartupWait}. The Kafka APIs start before
 * the partitions have caught up because Raft hands a group that has caught up back to this node,
 * its preferred leader, at once: that group must be served even while another still replays or
 * waits for its quorum.
 *
 * <p>This class is the façade the CLI and the tests use, and the composition root that owns every
 * part and closes it.
 */
public final class Broker implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Broker.class);

  private final BrokerConfig config;
  private final Path dataDir;
  private final long startedAt = System.currentTimeMillis();
  private final BrokerMetrics metrics = new BrokerMetrics();
  private final Vertx vertx;
  private final ScheduledExecutorService timer;

  /** How long close waits for a reconcile under way, before and after interrupting it. */
  private static final long RECONCILE_STOP_SECONDS = 10;

  private final ExecutorService reconciler;
  private final ExecutorService adminWorker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "chronik-admin-actions");
            t.setDaemon(true);
            return t;
          });
  private NodeIdentity identity;
  private final DataDirLock dataDirLock;
  private AdminServer admin;
  private ReplicaManager replicas;
  private RaftNode raft;
  private GroupCoordinator coordinator;
  private KafkaServer kafka;
  private SnapshotService snapshots;
  private LogCleanerService cleaner;
  private final java.util.concurrent.atomic.AtomicReference<
          io.chronik.broker.kafka.RequestDispatcher>
      dispatcher = new java.util.concurrent.atomic.AtomicReference<>();
  private boolean freshDataDir;
  private RestoreMarker restored;
  private volatile String notReady = "starting";
  private volatile boolean closed;
  private final RemovalGuard removalGuard;
  private final LostRaftStorage lostStorage;

  private Broker(BrokerConfig config) {
    this.config = config;
    this.dataDir = config.dataDir().toAbsolutePath().normalize();
    this.removalGuard = new RemovalGuard(config.nodeId(), dataDir);
    this.lostStorage = new LostRaftStorage(config.nodeId(), dataDir);
    this.dataDirLock = new DataDirLock(dataDir);
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
    // a founding node derives the metadata group id; a --join node learns it when it is added
    identity =
        NodeIdentity.loadOrCreate(
            dataDir,
            config.nodeId(),
            clusterId ->
                config.join() ? null : MetaGroupIds.forFounders(config.peers(), clusterId));
    dataDirLock.acquire();
    removalGuard.refuseMarked();
    restored = RestoreCompletion.readMarker(dataDir);
    admin =
        ListenerBinding.await(
            AdminServer.start(
                vertx, config.bindHost(), config.adminPort(), new NodeAdminView(this)),
            "admin HTTP",
            config.bindHost(),
            config.adminPort());
    RaftStart raftStart = new RaftStart(config, dataDir);
    ClusterJoin cluster;
    try {
      replicas =
          new ReplicaManager(
              dataDir.resolve("partitions"), config.nodeId(), raftStart.logDefaults());
      if (!freshDataDir && restored == null && !config.join()) {
        lostStorage.refuseLostMetadata(
            identity.metaGroup(), raftStart.metaMembers(), replicas.identities());
      }
      raft = raftStart.start(identity, replicas);
      cluster = new ClusterJoin(config, dataDir, raft, removalGuard);
      if (config.join() && !raft.isMetaMember()) {
        notReady = "waiting to be added to a cluster";
        cluster.awaitAddition(() -> closed);
        freshDataDir = true;
      }
      raft.ensureMetaGroup(raftStart.metaMembers());
      identity = cluster.recordMetaGroup(identity);
    } catch (IOException | java.util.concurrent.CompletionException e) {
      // Ratis starts the groups on disk in parallel and reports a group's failure to start (its
      // state machine refused its data) as a CompletionException
      throw raftStart.failed(e);
    }
    notReady = "waiting for a metadata leader";
    CatchUpWait catchUp = new CatchUpWait(config.nodeId(), raft, dataDir);
    java.util.concurrent.ScheduledFuture<?> foreignPeers =
        timer.scheduleWithFixedDelay(cluster::warnOfOtherClusters, 10, 10, TimeUnit.SECONDS);
    catchUp.metadata(
        () -> {
          removalGuard.refuseIfRemoved(raft.image(), identity);
          removalGuard.refuseIfDroppedWhileDown(raft, raft.image(), identity);
        });
    foreignPeers.cancel(false);
    identity = cluster.initCluster(identity, freshDataDir);
    kafka =
        ListenerBinding.await(
            KafkaServer.start(
                vertx,
                config.bindHost(),
                config.kafkaPort(),
                dispatcher::get,
                metrics,
                config.socketRequestMaxBytes()),
            "Kafka",
            config.bindHost(),
            config.kafkaPort());
    removalGuard.refuseIfRemoved(raft.image(), identity);
    cluster.register(identity, kafka.port(), admin.port());
    raft.addListener(
        image ->
            removalGuard.watch(image, identity, raft, reason -> notReady = reason, this::close));
    // a removal applied between the check above and the listener
    removalGuard.watch(raft.image(), identity, raft, reason -> notReady = reason, this::close);
    coordinator = new GroupCoordinator(new MetaOffsetStore(raft), timer, 3000);
    // the group APIs take the stored groups over at their first request on a new metadata leader;
    // this takes them over even when no member asks (a member that died meanwhile is expired), and
    // gives them up within a second once this node no longer leads
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            if (!closed) {
              coordinator.coordinate(raft.metaLeaderTerm());
            }
          } catch (RuntimeException e) {
            LOGGER.warn("taking the consumer groups over or giving them up failed", e);
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
    lostStorage.refuseLostPartitions(raft.image(), replicas.identities(), replicas::restoredBase);
    raft.addListener(image -> reconcileLater(() -> replicas.reconcile(image, raft)));
    replicas.reconcile(raft.image(), raft);
    // a join that failed is tried again without waiting for the next metadata change
    timer.scheduleWithFixedDelay(
        () -> {
          if (!closed && replicas.joinRetryDue(System.currentTimeMillis())) {
            reconcileLater(() -> replicas.reconcile(raft.image(), raft));
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
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
            () -> raft.metaStatus().map(GroupStatus::leaderId).orElse(-1),
            raft::metaLeaderTerm,
            metrics);
    if (restored == null) {
      // serve while the partitions catch up: see the class comment
      dispatcher.set(KafkaApis.create(services, metrics));
    }
    timer.scheduleWithFixedDelay(
        new LeadershipReporter(config.nodeId(), raft, replicas), 1, 1, TimeUnit.SECONDS);
    notReady = "waiting for partition leaders";
    catchUp.partitions();
    if (restored != null) {
      RestoreCompletion.finish(dataDir, config.nodeId(), raft, adminWorker);
      dispatcher.set(KafkaApis.create(services, metrics));
    }
    timer.scheduleWithFixedDelay(
        () -> replicas.applyRetention(System.currentTimeMillis()),
        config.retentionCheckIntervalMs(),
        config.retentionCheckIntervalMs(),
        TimeUnit.MILLISECONDS);
    cleaner =
        new LogCleanerService(
            replicas,
            config.logCleanerIntervalMs(),
            config.logCleanerIoMaxBytesPerSecond(),
            metrics.registry());
    cleaner.start();
    timer.scheduleWithFixedDelay(
        raft.preferredLeaderWatch(new PeerReadiness(raft::image, System::currentTimeMillis)),
        1,
        1,
        TimeUnit.SECONDS);
    timer.scheduleWithFixedDelay(
        new io.chronik.broker.membership.BrokerFencing(config.nodeId(), raft::metaStatus, raft),
        1,
        1,
        TimeUnit.SECONDS);
    timer.scheduleWithFixedDelay(
        () -> removalGuard.watchExpelled(identity, raft, reason -> notReady = reason, this::close),
        1,
        1,
        TimeUnit.SECONDS);
    snapshots =
        new SnapshotService(
            dataDir,
            config.nodeId(),
            () -> identity.clusterId(),
            config.snapshots(),
            raft,
            new SnapshotGroups(raft, replicas),
            metrics.registry());
    snapshots.start();
    metrics.addExposition(snapshots::createdExposition);
    NodeConditions conditions =
        new NodeConditions(
            raft::statuses,
            id -> replicas.group(id).map(GroupReplicas::name).orElse(id),
            dataDir,
            System::currentTimeMillis);
    timer.scheduleWithFixedDelay(conditions::run, 2, 2, TimeUnit.SECONDS);
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

  /**
   * Completes, with the error to report (CHR-1009, exit 65), once this node learned from the
   * metadata that it was removed from the cluster and has stopped itself. Never completes
   * otherwise.
   */
  public java.util.concurrent.CompletableFuture<ChronikException> removal() {
    return removalGuard.removal();
  }

  /** Counts a membership action that runs on this node: a removed node waits for it to end. */
  void membershipActionStarted() {
    removalGuard.membershipActionStarted();
  }

  void membershipActionEnded() {
    removalGuard.membershipActionEnded();
  }

  private Tags groupTags(String groupId) {
    return replicas
        .group(groupId)
        .map(g -> Tags.of("topic", g.first().identity().topic(), "partition", g.partitionsTag()))
        .orElse(Tags.of("topic", "", "partition", ""));
  }

  public int nodeId() {
    return config.nodeId();
  }

  BrokerConfig config() {
    return config;
  }

  NodeIdentity identity() {
    return identity;
  }

  RaftNode raft() {
    return raft;
  }

  ReplicaManager replicas() {
    return replicas;
  }

  BrokerMetrics metrics() {
    return metrics;
  }

  SnapshotService snapshots() {
    return snapshots;
  }

  ExecutorService adminWorker() {
    return adminWorker;
  }

  Vertx vertx() {
    return vertx;
  }

  /** Why the node does not serve Kafka requests yet, or null when it does. */
  String notReady() {
    return notReady;
  }

  long startedAt() {
    return startedAt;
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
    // before the logs close: a cleaning in progress ends first
    quietly(() -> cleaner.close(), cleaner != null);
    // before the groups and logs close, and long before the data dir lock goes: a reconcile
    // joins and leaves groups and deletes partition dirs
    quietly(this::stopReconciler, true);
    quietly(() -> snapshots.close(), snapshots != null);
    quietly(() -> raft.close(), raft != null);
    quietly(() -> replicas.close(), replicas != null);
    quietly(
        () -> admin.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS),
        admin != null);
    adminWorker.shutdownNow();
    timer.shutdownNow();
    quietly(
        () -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS),
        true);
    quietly(dataDirLock::release, true);
    quietly(dataDirLock::closeChannel, true);
    LOGGER.info("node {} stopped", config.nodeId());
  }

  /** Runs {@code reconcile} on the reconciler thread, unless the node is shutting down. */
  private void reconcileLater(Runnable reconcile) {
    try {
      reconciler.execute(reconcile);
    } catch (RejectedExecutionException e) {
      LOGGER.debug("metadata change not reconciled: the node is shutting down");
    }
  }

  /**
   * Lets a reconcile under way finish (up to 10 s, then it is interrupted) and takes no more, so
   * that none runs on once the node is closed.
   */
  private void stopReconciler() throws InterruptedException {
    reconciler.shutdown();
    if (!reconciler.awaitTermination(RECONCILE_STOP_SECONDS, TimeUnit.SECONDS)) {
      LOGGER.warn(
          "a reconcile of the partition groups did not end within {} s of shutdown; interrupting it",
          RECONCILE_STOP_SECONDS);
      reconciler.shutdownNow();
      reconciler.awaitTermination(RECONCILE_STOP_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Whether the thread that reconciles the partition groups has ended (a closed node). */
  boolean reconcilerStopped() {
    return reconciler.isTerminated();
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
}
