package io.chronik.broker;

import io.chronik.broker.admin.AdminException;
import io.chronik.broker.admin.RecentLogLines;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.replication.GroupStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The admin API's diagnostics endpoints, which {@code chronik doctor} and {@code chronik debug
 * bundle} read:
 *
 * <ul>
 *   <li>{@code GET /v1/raft/elections}: the election journal of every group hosted here, by group.
 *   <li>{@code GET /v1/probe/peers?timeoutMs=N}: this node opens a TCP connection to every peer's
 *       Raft, Kafka and admin port, from its own side, and reports each round trip or error.
 *   <li>{@code GET /v1/logs?lines=N}: the last lines this process logged ({@link RecentLogLines}).
 *   <li>{@code GET /v1/replicas?batches=N}: every partition replica hosted here, with its offsets,
 *       its Raft indexes and the stored headers (offsets, CRC) of its last N batches below the high
 *       watermark, for comparing replicas ({@code chronik doctor consistency}).
 * </ul>
 *
 * <p>The peer probe never blocks an event loop: connections are Vert.x's, each bounded by the
 * timeout, all concurrent.
 */
final class NodeDiagnostics {
  static final int DEFAULT_PROBE_TIMEOUT_MS = 1_000;
  static final int MAX_PROBE_TIMEOUT_MS = 10_000;
  static final int DEFAULT_LOG_LINES = 200;
  static final int DEFAULT_BATCHES = 5;
  static final int MAX_BATCHES = 50;

  private final Broker broker;
  private final Vertx vertx;

  NodeDiagnostics(Broker broker, Vertx vertx) {
    this.broker = broker;
    this.vertx = vertx;
  }

  Optional<CompletableFuture<Object>> answer(String path, Map<String, String> query) {
    try {
      return switch (path) {
        case "/v1/raft/elections" -> Optional.of(CompletableFuture.completedFuture(elections()));
        case "/v1/probe/peers" ->
            Optional.of(
                probePeers(
                    intParam(
                        query, "timeoutMs", DEFAULT_PROBE_TIMEOUT_MS, 1, MAX_PROBE_TIMEOUT_MS)));
        case "/v1/logs" ->
            Optional.of(
                CompletableFuture.completedFuture(
                    logs(intParam(query, "lines", DEFAULT_LOG_LINES, 1, RecentLogLines.CAPACITY))));
        case "/v1/replicas" -> {
          int batches = intParam(query, "batches", DEFAULT_BATCHES, 0, MAX_BATCHES);
          yield Optional.of(
              CompletableFuture.supplyAsync(() -> replicas(batches), broker.adminWorker()));
        }
        default -> Optional.empty();
      };
    } catch (AdminException e) {
      return Optional.of(CompletableFuture.failedFuture(e));
    }
  }

  /** Every hosted group's leader changes, oldest first, by group id. */
  Map<String, Object> elections() {
    Map<String, Object> out = new TreeMap<>();
    if (broker.raft() == null) {
      return out;
    }
    for (GroupStatus s : broker.raft().statuses()) {
      out.put(s.groupId(), broker.raft().journal().entries(s.groupId()));
    }
    return out;
  }

  /**
   * Every partition replica hosted here: its Raft view (role, leader, term, commit and applied
   * index) and its log (start and end offset, high watermark, the last {@code batches} batches
   * below the high watermark, read from the segments). A replica whose log cannot be read has an
   * {@code error} and no batches. Reads segment files: run off the event loop.
   */
  Map<String, Object> replicas(int batches) {
    List<Map<String, Object>> replicas = new ArrayList<>();
    if (broker.raft() != null) {
      for (GroupStatus s : broker.raft().statuses()) {
        broker
            .replicas()
            .group(s.groupId())
            .ifPresent(g -> g.all().forEach(r -> replicas.add(replica(s, r, batches))));
      }
    }
    replicas.sort(
        java.util.Comparator.comparing((Map<String, Object> m) -> (String) m.get("topic"))
            .thenComparing(m -> (Integer) m.get("partition")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", broker.config().nodeId());
    out.put("batches", batches);
    out.put("replicas", replicas);
    return out;
  }

  private static Map<String, Object> replica(
      GroupStatus s, io.chronik.broker.partition.PartitionReplica r, int batches) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", r.identity().topic());
    m.put("partition", r.identity().partition());
    m.put("groupId", s.groupId());
    m.put("role", s.role());
    m.put("leader", s.leaderId());
    m.put("term", s.term());
    m.put("commitIndex", s.commitIndex());
    m.put("appliedIndex", s.appliedIndex());
    List<Map<String, Object>> last = new ArrayList<>();
    String error = null;
    long highWatermark = -1;
    long start = -1;
    long end = -1;
    try {
      // the high watermark first: the batches read are then all below it
      highWatermark = r.highWatermark();
      start = r.log().logStartOffset();
      end = r.log().logEndOffset();
      for (io.chronik.broker.log.BatchSummary b : r.log().lastBatches(highWatermark, batches)) {
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("baseOffset", b.baseOffset());
        batch.put("lastOffset", b.lastOffset());
        batch.put("leaderEpoch", b.leaderEpoch());
        batch.put("crc", b.crc());
        batch.put("crcValid", b.crcValid());
        batch.put("sizeBytes", b.sizeBytes());
        last.add(batch);
      }
    } catch (RuntimeException e) {
      error = "cannot read the partition log: " + e.getMessage();
      last.clear();
    }
    m.put("logStartOffset", start);
    m.put("logEndOffset", end);
    m.put("highWatermark", highWatermark);
    m.put("lastBatches", last);
    m.put("error", error);
    return m;
  }

  Map<String, Object> logs(int lines) {
    RecentLogLines tail = RecentLogLines.process();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", broker.config().nodeId());
    out.put("fed", tail.fed());
    out.put("capacity", RecentLogLines.CAPACITY);
    out.put("lines", tail.last(lines));
    return out;
  }

  /** One port of one peer to connect to. */
  private record Target(int nodeId, String port, String host, int portNumber, String source) {}

  CompletableFuture<Object> probePeers(int timeoutMs) {
    List<Target> targets = targets();
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(timeoutMs));
    List<CompletableFuture<Map<String, Object>>> results = new ArrayList<>();
    for (Target t : targets) {
      results.add(connect(client, t, timeoutMs));
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .handle(
            (v, e) -> {
              client.close();
              Map<Integer, List<Map<String, Object>>> byPeer = new TreeMap<>();
              for (int i = 0; i < targets.size(); i++) {
                byPeer
                    .computeIfAbsent(targets.get(i).nodeId(), id -> new ArrayList<>())
                    .add(results.get(i).join());
              }
              List<Map<String, Object>> peers = new ArrayList<>();
              byPeer.forEach(
                  (id, ports) -> {
                    Map<String, Object> peer = new LinkedHashMap<>();
                    peer.put("nodeId", id);
                    peer.put("targets", ports);
                    peers.add(peer);
                  });
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("from", broker.config().nodeId());
              out.put("timeoutMs", timeoutMs);
              out.put("peers", peers);
              return out;
            });
  }

  private CompletableFuture<Map<String, Object>> connect(
      NetClient client, Target t, int timeoutMs) {
    long started = System.nanoTime();
    CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
    Future<io.vertx.core.net.NetSocket> connecting;
    try {
      connecting = client.connect(t.portNumber(), t.host());
    } catch (RuntimeException e) {
      done.complete(result(t, -1, String.valueOf(e.getMessage())));
      return done;
    }
    connecting.onComplete(
        ar -> {
          double ms = (System.nanoTime() - started) / 1e6;
          if (ar.succeeded()) {
            ar.result().close();
            done.complete(result(t, ms, ""));
          } else {
            done.complete(result(t, -1, describe(ar.cause(), timeoutMs)));
          }
        });
    return done;
  }

  private static Map<String, Object> result(Target t, double rttMs, String error) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("port", t.port());
    m.put("address", t.host() + ":" + t.portNumber());
    m.put("source", t.source());
    m.put("ok", error.isEmpty());
    m.put("rttMs", rttMs < 0 ? -1.0 : Math.round(rttMs * 1000) / 1000.0);
    m.put("error", error);
    return m;
  }

  private static String describe(Throwable e, int timeoutMs) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("connection refused")) {
      return "connection refused";
    }
    if (message.contains("timed out") || message.contains("timeout")) {
      return "no answer within " + timeoutMs + " ms";
    }
    if (message.contains("unresolved") || message.contains("unknown host")) {
      return "unknown host";
    }
    if (message.contains("no route")) {
      return "no route to host";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * What to connect to: for each other node, its Raft port at the address this node uses for it
   * (its {@code --peers} entry, else the registered one), and its registered Kafka and admin ports.
   */
  private List<Target> targets() {
    int self = broker.config().nodeId();
    Map<Integer, BrokerInfo> registered =
        broker.raft() == null ? Map.of() : broker.raft().image().brokers();
    TreeMap<Integer, Boolean> ids = new TreeMap<>();
    registered.keySet().forEach(id -> ids.put(id, true));
    broker.config().peers().forEach(p -> ids.put(p.nodeId(), true));
    List<Target> targets = new ArrayList<>();
    for (int id : ids.keySet()) {
      if (id == self) {
        continue;
      }
      Optional<BrokerConfig.PeerAddress> peer =
          broker.config().peers().stream().filter(p -> p.nodeId() == id).findFirst();
      BrokerInfo info = registered.get(id);
      if (peer.isPresent()) {
        targets.add(new Target(id, "raft", peer.get().host(), peer.get().raftPort(), "peers"));
      } else if (info != null) {
        targets.add(new Target(id, "raft", info.host(), info.raftPort(), "registered"));
      }
      if (info != null) {
        targets.add(new Target(id, "kafka", info.host(), info.kafkaPort(), "registered"));
        targets.add(new Target(id, "admin", info.host(), info.adminPort(), "registered"));
      }
    }
    return targets;
  }

  private static int intParam(Map<String, String> query, String name, int dflt, int min, int max) {
    String value = query.get(name);
    if (value == null || value.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n < min || n > max) {
        throw new AdminException(
            400, name + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new AdminException(400, name + " must be a number, got '" + value + "'");
    }
  }
}
