package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.LoopbackPorts;
import io.chronik.cli.CliRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** One {@code chronik standalone --raft} node run as a real process from the built executable. */
final class NodeProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path EXECUTABLE =
      Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();

  final int nodeId;
  final int kafkaPort;
  final int raftPort;
  final int adminPort;
  private final Path dir;
  private final Map<String, String> env;
  private String peers;
  private Process process;
  private int starts;

  NodeProcess(Path dir, int nodeId) throws IOException {
    this(dir, nodeId, Map.of());
  }

  /** A node whose process also gets {@code env} (settings such as CHRONIK_SNAPSHOT_*). */
  NodeProcess(Path dir, int nodeId, Map<String, String> env) throws IOException {
    this.dir = dir;
    this.env = Map.copyOf(env);
    this.nodeId = nodeId;
    this.kafkaPort = LoopbackPorts.free();
    this.raftPort = LoopbackPorts.free();
    this.adminPort = LoopbackPorts.free();
  }

  static String peers(List<NodeProcess> nodes) {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.nodeId + "@127.0.0.1:" + n.raftPort));
    return String.join(",", out);
  }

  /**
   * Starts nodes 1 to {@code size} as one cluster, each under {@code dir}, and waits until every
   * one is ready. Each node is added to {@code nodes} before any starts, so that the caller stops
   * them all even when one fails to start.
   */
  static void startCluster(Path dir, int size, List<NodeProcess> nodes) throws IOException {
    startCluster(dir, size, nodes, Map.of());
  }

  /** {@link #startCluster(Path, int, List)} with {@code env} added to every node's environment. */
  static void startCluster(Path dir, int size, List<NodeProcess> nodes, Map<String, String> env)
      throws IOException {
    for (int id = 1; id <= size; id++) {
      nodes.add(new NodeProcess(dir, id, env));
    }
    String peers = peers(nodes);
    for (NodeProcess n : nodes) {
      n.start(peers);
    }
    nodes.forEach(NodeProcess::awaitReady);
  }

  /** The Kafka addresses of the nodes that run, comma-separated. */
  static String liveBootstrap(List<NodeProcess> nodes) {
    return nodes.stream()
        .filter(NodeProcess::alive)
        .map(NodeProcess::bootstrap)
        .collect(Collectors.joining(","));
  }

  /** An admin client of the nodes that run, patient enough for a leader change. */
  static Admin admin(List<NodeProcess> nodes) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            liveBootstrap(nodes),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            60_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            30_000));
  }

  String bootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  String admin() {
    return "127.0.0.1:" + adminPort;
  }

  /** The node's data dir ({@code --data-dir}). */
  Path dataDir() {
    return dir.resolve("data" + nodeId);
  }

  Path log() {
    return dir.resolve("node" + nodeId + "-" + starts + ".log");
  }

  void start(String peerList) throws IOException {
    this.peers = peerList;
    starts++;
    ProcessBuilder pb =
        new ProcessBuilder(
                EXECUTABLE.toString(),
                "standalone",
                "--raft",
                "--node-id",
                Integer.toString(nodeId),
                "--peers",
                peers,
                "--data-dir",
                dataDir().toString(),
                "--kafka-port",
                Integer.toString(kafkaPort),
                "--raft-port",
                Integer.toString(raftPort),
                "--admin-port",
                Integer.toString(adminPort))
            .redirectErrorStream(true)
            .redirectOutput(log().toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("CHRONIK_HEAP", "384m");
    pb.environment().putAll(env);
    process = pb.start();
  }

  void restart() throws IOException {
    start(peers);
  }

  void awaitReady() {
    Path log = log();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
              if (!process.isAlive()) {
                throw new AssertionError("node " + nodeId + " exited:\n" + text);
              }
              return text.contains("chronik ready:");
            });
  }

  /** kill -9: no shutdown hook, no snapshot, no flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process hangs as a JVM in a long pause would, its sockets open. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** {@code chronik cluster status -o json} through this node's admin API. */
  JsonNode clusterStatus() throws IOException {
    CliRun run = CliRun.run("cluster", "status", "--admin", admin(), "-o", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  /** Every Raft group this node hosts, as its admin API ({@code /v1/raft/groups}) reports it. */
  List<JsonNode> raftGroups() throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + admin() + "/v1/raft/groups"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(r.body()).forEach(out::add);
    return out;
  }

  /** Waits until the process ends by itself; its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      String out = output();
      throw new AssertionError(
          "node "
              + nodeId
              + " still runs after "
              + timeout
              + "; its output ends with:\n"
              + out.substring(Math.max(0, out.length() - 6000)));
    }
    return process.exitValue();
  }

  /** Everything the current run printed (stdout and stderr). */
  String output() throws IOException {
    Path log = log();
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (alive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
