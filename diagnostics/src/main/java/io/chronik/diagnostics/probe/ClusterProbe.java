package io.chronik.diagnostics.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Takes a {@link ClusterSnapshot} from one admin address.
 *
 * <p>Two rounds, each bounded by the timeout. First the seed: its {@code /v1/cluster}, {@code
 * /v1/node}, {@code /v1/raft/groups}, {@code /ready}, {@code /metrics} and {@code /v1/snapshots},
 * concurrently. Then every other node the cluster names (registered nodes, partition replicas, Raft
 * peers), all endpoints of all nodes concurrently. A run therefore takes at most about twice the
 * timeout. A node that does not answer, or answers only in part, stays in the snapshot with its
 * errors.
 *
 * <p>When asked ({@link #probingStore}), a third round has one node (the seed, else the first that
 * answered) probe its snapshot store ({@code POST /v1/actions/probe-store}: it writes, reads and
 * deletes a small object), waiting up to {@value #STORE_PROBE_TIMEOUT_FACTOR} times the timeout: an
 * unreachable store takes the node a while to give up on.
 */
public final class ClusterProbe {

  /** What a run may ask for besides every node's base endpoints and election journals. */
  public enum Extra {
    /** every node's {@code /v1/probe/peers}: each node connects to its peers' ports */
    PEER_PROBE,
    /** a TCP connection from this host to every node's advertised Kafka address */
    ADVERTISED_KAFKA,
    /** every node's {@code /v1/replicas}: its partition replicas and their last batches */
    REPLICAS
  }

  /** How many of each replica's last batches a run compares. */
  public static final int REPLICA_BATCHES = 5;

  /** The path of the replica state, with the number of batches asked for. */
  public static String replicasPath() {
    return "/v1/replicas?batches=" + REPLICA_BATCHES;
  }

  /** The path of the peer probe, with the connect timeout the nodes use. */
  public static String peerProbePath(Duration timeout) {
    long ms = Math.max(100, Math.min(1000, timeout.toMillis() / 2));
    return "/v1/probe/peers?timeoutMs=" + ms;
  }

  /** How many times the timeout the store probe may take. */
  static final int STORE_PROBE_TIMEOUT_FACTOR = 3;

  /** Slack on top of the transport's own timeout before an answer is given up. */
  private static final Duration GRACE = Duration.ofMillis(200);

  private final AdminTransport transport;
  private final Duration timeout;
  private final Clock clock;
  private final boolean probeStore;

  public ClusterProbe(AdminTransport transport, Duration timeout, Clock clock) {
    this(transport, timeout, clock, false);
  }

  private ClusterProbe(
      AdminTransport transport, Duration timeout, Clock clock, boolean probeStore) {
    this.transport = transport;
    this.timeout = timeout;
    this.clock = clock;
    this.probeStore = probeStore;
  }

  /** The same probe, which also has one node probe its snapshot store when {@code probe}. */
  public ClusterProbe probingStore(boolean probe) {
    return new ClusterProbe(transport, timeout, clock, probe);
  }

  /** Probes the cluster that {@code seedAdmin} ({@code host:port}) belongs to. */
  public ClusterSnapshot probe(String seedAdmin) {
    return probe(seedAdmin, Set.of());
  }

  /** Probes the cluster, and also what {@code extras} names. */
  public ClusterSnapshot probe(String seedAdmin, Set<Extra> extras) {
    Instant takenAt = clock.instant();
    CompletableFuture<Fetched<ClusterInfo>> clusterFuture =
        fetch(seedAdmin, "/v1/cluster", AdminAnswers::parseCluster);
    CompletableFuture<NodeSnapshot> seedFuture =
        node(seedAdmin, NodeSnapshot.UNKNOWN_ID, extras, null);
    Fetched<ClusterInfo> cluster = clusterFuture.join();
    NodeSnapshot seed = seedFuture.join();

    int seedId = seed.info().ok() ? seed.info().get().nodeId() : idByAdmin(cluster, seedAdmin);
    if (seedId != NodeSnapshot.UNKNOWN_ID) {
      seed = seed.withNodeId(seedId);
    }
    List<CompletableFuture<NodeSnapshot>> others = new ArrayList<>();
    List<NodeSnapshot> nodes = new ArrayList<>();
    nodes.add(seed);
    // the seed's registered Kafka address is known only now; connect while the others answer
    CompletableFuture<Fetched<Double>> seedKafka = null;
    if (seedId != NodeSnapshot.UNKNOWN_ID
        && cluster.ok()
        && extras.contains(Extra.ADVERTISED_KAFKA)) {
      Optional<ClusterInfo.Node> registered = cluster.get().node(seedId);
      if (registered.isPresent()) {
        seedKafka = kafkaFromHere(registered.get());
      }
    }
    if (cluster.ok()) {
      Set<Integer> registered = new TreeSet<>();
      for (ClusterInfo.Node n : cluster.get().nodes()) {
        registered.add(n.nodeId());
        if (n.nodeId() != seedId) {
          others.add(node(n.admin(), n.nodeId(), extras, n));
        }
      }
      for (int id : namedNodes(cluster.get(), seed)) {
        if (!registered.contains(id) && id != seedId) {
          nodes.add(NodeSnapshot.unregistered(id));
        }
      }
    }
    for (CompletableFuture<NodeSnapshot> f : others) {
      nodes.add(cluster.ok() ? impostorChecked(f.join(), cluster.get()) : f.join());
    }
    if (seedKafka != null) {
      nodes.set(0, seed.withKafkaFromHere(seedKafka.join()));
    }
    nodes.sort(Comparator.comparingInt(NodeSnapshot::nodeId));
    Fetched<StoreProbe> store = probeStore ? probeStore(seed, nodes) : null;
    return new ClusterSnapshot(seedAdmin, cluster, nodes, takenAt, store);
  }

  /**
   * The node, or, when what answered at its registered address says it is another node or of
   * another cluster (a node of another cluster started on this node's ports), a node that did not
   * answer: that node's Raft groups, topics and readiness are not this cluster's.
   */
  private static NodeSnapshot impostorChecked(NodeSnapshot node, ClusterInfo cluster) {
    if (!node.info().ok()) {
      return node;
    }
    NodeInfo info = node.info().get();
    boolean otherCluster =
        info.clusterId() != null
            && cluster.clusterId() != null
            && !info.clusterId().equals(cluster.clusterId());
    if (!otherCluster && info.nodeId() == node.nodeId()) {
      return node;
    }
    return NodeSnapshot.unanswered(
        node.nodeId(),
        node.admin(),
        "the admin API at "
            + node.admin()
            + " answers for node "
            + info.nodeId()
            + " of cluster "
            + info.clusterId()
            + ", not for node "
            + node.nodeId()
            + " of cluster "
            + cluster.clusterId()
            + ": another node runs on the address node "
            + node.nodeId()
            + " registered; stop it, or start node "
            + node.nodeId()
            + " with its own data dir");
  }

  /** Has the seed, else the first node that answered, probe its snapshot store. */
  private Fetched<StoreProbe> probeStore(NodeSnapshot seed, List<NodeSnapshot> nodes) {
    NodeSnapshot node =
        seed.reachable()
            ? seed
            : nodes.stream().filter(NodeSnapshot::reachable).findFirst().orElse(null);
    if (node == null) {
      return Fetched.failed("no node answered, so none could probe the store");
    }
    Duration wait = timeout.multipliedBy(STORE_PROBE_TIMEOUT_FACTOR);
    String path = "/v1/actions/probe-store";
    CompletableFuture<AdminResponse> response;
    try {
      // the node bounds the probe itself, so that a store that does not answer is a failed
      // probe (CRIT) rather than a node that did not answer (UNKNOWN)
      long waitMs = wait.toMillis();
      long marginMs = Math.min(waitMs / 2, Math.max(1000, waitMs / 5));
      long nodeTimeoutMs = Math.max(1, waitMs - marginMs);
      response = transport.post(node.admin(), path, "{\"timeoutMs\": " + nodeTimeoutMs + "}", wait);
    } catch (RuntimeException e) {
      return Fetched.failed(describe(e, wait));
    }
    return response
        .handle(
            (r, e) -> {
              if (e != null) {
                return Fetched.<StoreProbe>failed(
                    node.label() + ": " + path + ": " + describe(e, wait));
              }
              try {
                return Fetched.of(AdminAnswers.parseStoreProbe(node, r));
              } catch (RuntimeException bad) {
                return Fetched.<StoreProbe>failed(
                    node.label()
                        + ": "
                        + Objects.requireNonNullElse(
                            bad.getMessage(), bad.getClass().getSimpleName()));
              }
            })
        .completeOnTimeout(
            Fetched.failed(node.label() + ": " + path + ": no answer within " + human(wait)),
            wait.plus(GRACE).toMillis(),
            TimeUnit.MILLISECONDS)
        .join();
  }

  /** Every node id the cluster metadata or the seed's Raft configuration mentions. */
  private static Set<Integer> namedNodes(ClusterInfo cluster, NodeSnapshot seed) {
    Set<Integer> ids = new TreeSet<>();
    cluster.topics().forEach(t -> t.partitions().forEach(p -> ids.addAll(p.replicas())));
    // the metadata group's configuration is the membership; the peers flag only the first one
    List<Integer> metaMembers =
        seed.groups().ok()
            ? seed.groups().get().stream()
                .filter(RaftGroup::isMeta)
                .findFirst()
                .map(RaftGroup::members)
                .orElse(List.of())
            : List.of();
    if (!metaMembers.isEmpty()) {
      ids.addAll(metaMembers);
    } else if (seed.info().ok() && seed.info().get().config() != null) {
      for (String peer : seed.info().get().config().peers()) {
        int at = peer.indexOf('@');
        try {
          ids.add(Integer.parseInt(peer.substring(0, Math.max(at, 0)).strip()));
        } catch (NumberFormatException e) {
          // not ID@HOST:PORT: nothing to learn from it
        }
      }
    }
    return ids;
  }

  private static int idByAdmin(Fetched<ClusterInfo> cluster, String admin) {
    if (!cluster.ok()) {
      return NodeSnapshot.UNKNOWN_ID;
    }
    return cluster.get().nodes().stream()
        .filter(n -> n.admin().equals(admin))
        .mapToInt(ClusterInfo.Node::nodeId)
        .findFirst()
        .orElse(NodeSnapshot.UNKNOWN_ID);
  }

  private CompletableFuture<NodeSnapshot> node(
      String admin, int nodeId, Set<Extra> extras, ClusterInfo.Node registered) {
    long started = System.nanoTime();
    long sentAt = clock.millis();
    CompletableFuture<Long> answeredIn = new CompletableFuture<>();
    CompletableFuture<Fetched<TimedInfo>> timedInfo =
        fetch(admin, "/v1/node", r -> new TimedInfo(AdminAnswers.parseNode(r), r))
            .whenComplete(
                (f, e) ->
                    answeredIn.complete(
                        f == null || !f.ok()
                            ? -1L
                            // a recorded answer says how long it took; else measure here
                            : f.get().response().timed()
                                ? f.get().response().receivedAtMs() - f.get().response().sentAtMs()
                                : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
    CompletableFuture<Fetched<NodeInfo>> info =
        timedInfo.thenApply(
            f -> f.ok() ? Fetched.of(f.get().info()) : Fetched.<NodeInfo>failed(f.error()));
    CompletableFuture<ClockReading> clockReading =
        timedInfo.thenApply(f -> f.ok() ? f.get().clock(sentAt, clock.millis()) : null);
    CompletableFuture<Fetched<Map<String, List<Election>>>> elections =
        fetch(admin, "/v1/raft/elections", AdminAnswers::parseElections);
    CompletableFuture<Fetched<PeerProbe>> peers =
        extras.contains(Extra.PEER_PROBE)
            ? fetch(admin, peerProbePath(timeout), AdminAnswers::parsePeerProbe)
            : CompletableFuture.completedFuture(Fetched.failed(NodeSnapshot.NOT_PROBED));
    CompletableFuture<Fetched<Double>> kafka =
        registered != null && extras.contains(Extra.ADVERTISED_KAFKA)
            ? kafkaFromHere(registered)
            : CompletableFuture.completedFuture(Fetched.failed(NodeSnapshot.NOT_PROBED));
    CompletableFuture<Fetched<ReplicasInfo>> replicas =
        extras.contains(Extra.REPLICAS)
            ? fetch(admin, replicasPath(), AdminAnswers::parseReplicas)
            : CompletableFuture.completedFuture(Fetched.failed(NodeSnapshot.NOT_PROBED));
    CompletableFuture<Fetched<List<RaftGroup>>> groups =
        fetch(admin, "/v1/raft/groups", AdminAnswers::parseGroups);
    CompletableFuture<Fetched<Readiness>> ready = fetch(admin, "/ready", AdminAnswers::parseReady);
    CompletableFuture<Fetched<PrometheusMetrics>> metrics =
        fetch(admin, "/metrics", AdminAnswers::parseMetrics);
    CompletableFuture<Fetched<SnapshotsInfo>> snapshots =
        fetch(admin, "/v1/snapshots", AdminAnswers::parseSnapshots);
    return CompletableFuture.allOf(
            info,
            groups,
            ready,
            metrics,
            snapshots,
            elections,
            peers,
            kafka,
            clockReading,
            replicas)
        .thenApply(
            v ->
                new NodeSnapshot(
                    nodeId,
                    admin,
                    info.join(),
                    groups.join(),
                    ready.join(),
                    metrics.join(),
                    answeredIn.join(),
                    snapshots.join(),
                    elections.join(),
                    peers.join(),
                    kafka.join(),
                    clockReading.join(),
                    replicas.join()));
  }

  /** {@code /v1/node} with the timing of its answer. */
  private record TimedInfo(NodeInfo info, AdminResponse response) {
    /** The node's clock against ours; null when the node does not say. */
    ClockReading clock(long sentAt, long receivedAt) {
      if (info.clockMs() == null || info.clockMs() <= 0) {
        return null;
      }
      return response.timed()
          ? new ClockReading(info.clockMs(), response.sentAtMs(), response.receivedAtMs())
          : new ClockReading(info.clockMs(), sentAt, Math.max(sentAt, receivedAt));
    }
  }

  /** Opens a connection from this host to the node's advertised Kafka address. */
  private CompletableFuture<Fetched<Double>> kafkaFromHere(ClusterInfo.Node node) {
    CompletableFuture<Double> connecting;
    try {
      connecting = transport.tcpConnect(node.host(), node.kafkaPort(), timeout);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(Fetched.failed(describe(e, timeout)));
    }
    return connecting
        .handle(
            (ms, e) ->
                e == null
                    ? Fetched.of(ms)
                    : unwrap(e) instanceof UnsupportedOperationException
                        ? Fetched.<Double>failed(NodeSnapshot.NOT_PROBED)
                        : Fetched.<Double>failed(describe(e, timeout)))
        .completeOnTimeout(
            Fetched.failed("no answer within " + human(timeout)),
            timeout.plus(GRACE).toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private <T> CompletableFuture<Fetched<T>> fetch(
      String admin, String path, Function<AdminResponse, T> parse) {
    CompletableFuture<AdminResponse> response;
    try {
      response = transport.get(admin, path, timeout);
    } catch (RuntimeException e) {
      // a malformed address fails before any I/O
      return CompletableFuture.completedFuture(Fetched.failed(describe(e, timeout)));
    }
    return response
        .handle(
            (r, e) -> {
              if (e != null) {
                return Fetched.<T>failed(describe(e, timeout));
              }
              try {
                return Fetched.of(parse.apply(r));
              } catch (RuntimeException bad) {
                return Fetched.<T>failed(
                    Objects.requireNonNullElse(bad.getMessage(), bad.getClass().getSimpleName()));
              }
            })
        .completeOnTimeout(
            Fetched.failed("no answer within " + human(timeout)),
            timeout.plus(GRACE).toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * A transport failure in the words an operator uses ({@code connection refused}, {@code no answer
   * within 5s}), never an exception's class name where a message says more.
   */
  public static String describe(Throwable failure, Duration timeout) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (e instanceof UnsupportedOperationException) {
      return e.getMessage();
    }
    if (root instanceof SocketTimeoutException) {
      return "connect timed out after " + human(timeout);
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "connect timed out after " + human(timeout);
    }
    if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
      return "no answer within " + human(timeout);
    }
    if (e instanceof ConnectException || root instanceof ConnectException) {
      return "connection refused";
    }
    if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
      return "unknown host";
    }
    if (e instanceof IllegalArgumentException) {
      return "bad address: " + e.getMessage();
    }
    if (e instanceof IOException) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.contains("header parser received no bytes")
          || message.contains("EOF reached")
          || message.contains("closed")) {
        return "the connection closed without an HTTP answer: is this the admin port (not the"
            + " Kafka or Raft port)?";
      }
      return message.isEmpty() ? e.getClass().getSimpleName() : message;
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
