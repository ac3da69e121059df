package io.chronik.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.snapshot.store.RetryPolicy;
import io.chronik.broker.snapshot.store.StoreSettings;
import io.chronik.broker.snapshot.store.StoreTarget;
import io.chronik.cli.CliRun;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshots playbook of {@code chronik doctor} against real nodes: a healthy node with a store,
 * a node whose store cannot be reached or does not answer, and a node whose snapshots of a group
 * fail.
 */
class DoctorSnapshotsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Broker broker;

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldExitZeroWhenSnapshotsAndStoreAreHealthy() throws Exception {
    // given
    Path store = Files.createDirectories(dir.resolve("store"));
    broker =
        start(
            SnapshotSettings.defaults()
                .withStore(new StoreTarget(store.toUri(), StoreSettings.defaults())));
    produce("orders", 10);

    // when
    CliRun run = CliRun.run("doctor", "snapshots", "--admin", admin(), "-o", "json");

    // then
    assertThat(run.exitCode()).as(run.out()).isZero();
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("verdict").asText()).isEqualTo("OK");
    JsonNode probe = check(json, "snapshot.store-reachable");
    assertThat(probe.get("status").asText()).isEqualTo("OK");
    assertThat(probe.get("summary").asText())
        .contains("wrote, read and deleted a probe object in " + store.toUri());
    assertThat(check(json, "snapshot.fresh").get("status").asText()).isEqualTo("OK");
  }

  @Test
  void shouldGiveOkVerdictFromDebugBundleWhenSnapshotsAndStoreAreHealthy() throws Exception {
    // given
    Path store = Files.createDirectories(dir.resolve("store"));
    broker =
        start(
            SnapshotSettings.defaults()
                .withStore(new StoreTarget(store.toUri(), StoreSettings.defaults())));
    produce("orders", 10);
    Path zip = dir.resolve("b.zip");

    // when
    CliRun collected = CliRun.run("debug", "bundle", "-o", zip.toString(), "--admin", admin());
    CliRun offline = CliRun.run("doctor", "all", "--bundle", zip.toString(), "-o", "json");

    // then: the store probe is in the bundle, and nothing is left unchecked
    assertThat(collected.exitCode()).as(collected.err()).isZero();
    assertThat(DebugBundleFiles.entries(zip))
        .hasEntrySatisfying(
            "nodes/127.0.0.1_" + broker.adminPort() + "/post-v1-actions-probe-store.json",
            body -> assertThat(body).contains("\"ok\" : true"));
    JsonNode json = JSON.readTree(offline.out());
    assertThat(json.get("counts").get("unknown").asInt()).as(offline.out()).isZero();
    JsonNode probe = check(json, "snapshot.store-reachable");
    assertThat(probe.get("status").asText()).isEqualTo("OK");
    assertThat(probe.get("summary").asText())
        .contains("wrote, read and deleted a probe object in " + store.toUri());
    JsonNode atCollection = JSON.readTree(DebugBundleFiles.report(zip));
    assertThat(json.get("checks")).isEqualTo(atCollection.get("checks"));
    assertThat(collected.out())
        .contains("doctor's verdict then: " + atCollection.get("verdict").asText());
    assertThat(offline.exitCode()).isEqualTo(atCollection.get("exitCode").asInt());
  }

  @Test
  void shouldExitCriticalWithErrorAndRemedyWhenStoreIsUnreachable() throws Exception {
    // given: an S3 store on a loopback port nobody listens on
    String endpoint = "http://127.0.0.1:" + closedPort();
    broker = start(SnapshotSettings.defaults().withStore(s3Store(endpoint)));

    // when
    CliRun run = CliRun.run("doctor", "snapshots", "--admin", admin(), "-o", "json");

    // then
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("verdict").asText()).isEqualTo("CRITICAL");
    JsonNode probe = check(json, "snapshot.store-reachable");
    assertThat(probe.get("status").asText()).isEqualTo("CRIT");
    assertThat(probe.get("summary").asText())
        .startsWith("node 1 cannot use its snapshot store s3://backups/chronik: ")
        .contains("probe in s3://backups/chronik failed");
    assertThat(probe.get("remedy").asText())
        .contains("fix the endpoint, bucket or credentials of s3://backups/chronik");
    assertThat(probe.get("code").asText()).isEqualTo(ErrorCatalogue.STORE_UNREACHABLE);
  }

  @Test
  void shouldBeCriticalNotUnknownWhenStoreDoesNotAnswerWithinTheTimeout() throws Exception {
    // given: an endpoint that accepts connections and never answers (a hung store)
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      broker =
          start(
              SnapshotSettings.defaults()
                  .withStore(s3Store("http://127.0.0.1:" + silent.getLocalPort())));

      // when
      long start = System.nanoTime();
      CliRun run =
          CliRun.run(
              "doctor",
              "--check",
              "snapshot.store-reachable",
              "--admin",
              admin(),
              "--timeout",
              "2s",
              "-o",
              "json");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // then: the node answers that the store did not, within doctor's wait (3 x --timeout)
      assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
      JsonNode probe = check(JSON.readTree(run.out()), "snapshot.store-reachable");
      assertThat(probe.get("status").asText()).isEqualTo("CRIT");
      assertThat(probe.get("summary").asText()).contains("did not answer within");
      assertThat(took).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void shouldWarnNamingTheGroupWhenItsSnapshotsFail() throws Exception {
    // given: a node that snapshots every group with new entries each second
    broker = start(SnapshotSettings.defaults().withTimeThresholdSecs(1));
    produce("stale", 5);
    String groupId =
        await().atMost(Duration.ofSeconds(60)).until(() -> groupId("stale-0"), id -> id != null);
    // and: the group's snapshot directory is replaced by a file, so its snapshots fail
    Path sm = broker.dataDir().resolve("raft").resolve(groupId).resolve("sm");
    assertThat(sm).isDirectory();
    Files.move(sm, sm.resolveSibling("sm.moved"));
    Files.writeString(sm, "not a directory");
    produce("stale", 5);

    // when: the node has been up, or the last snapshot is older, than threshold plus grace
    JsonNode fresh =
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () ->
                    check(
                        JSON.readTree(
                            CliRun.run(
                                    "doctor",
                                    "--check",
                                    "snapshot.fresh",
                                    "--admin",
                                    admin(),
                                    "-o",
                                    "json")
                                .out()),
                        "snapshot.fresh"),
                c -> !c.get("status").asText().equals("OK"));
    CliRun run = CliRun.run("doctor", "--check", "snapshot.fresh", "--admin", admin());

    // then
    assertThat(fresh.get("status").asText()).as(fresh.toString()).isEqualTo("WARN");
    assertThat(fresh.get("summary").asText())
        .isEqualTo("node 1: 1 group's last snapshot is older than the 1s threshold");
    assertThat(fresh.get("details").asText()).startsWith("stale-0 ");
    assertThat(fresh.get("remedy").asText()).contains("chronik snapshot create --admin " + admin());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("stale-0");
  }

  // ---- helpers

  private Broker start(SnapshotSettings snapshots) {
    return Broker.start(
        BrokerConfig.defaults().withDataDir(dir.resolve("node")).withPorts(0, 0, 0).toBuilder()
            .snapshots(snapshots)
            .build());
  }

  private String admin() {
    return "127.0.0.1:" + broker.adminPort();
  }

  private static StoreTarget s3Store(String endpoint) {
    return new StoreTarget(
        URI.create("s3://backups/chronik"),
        StoreSettings.builder()
            .endpoint(URI.create(endpoint))
            .region("us-east-1")
            .pathStyle(true)
            .credentials("chronik-access", "chronik-secret")
            .retry(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)))
            .build());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void produce(String topic, int count) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.kafkaPort());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "v" + i)).get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** The Raft group id of a group from GET /v1/snapshots, or null while it is not there. */
  private String groupId(String group) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + admin() + "/v1/snapshots"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    for (JsonNode g : JSON.readTree(r.body()).get("groups")) {
      if (g.get("group").asText().equals(group)) {
        return g.get("groupId").asText();
      }
    }
    return null;
  }

  private static JsonNode check(JsonNode report, String id) {
    for (JsonNode c : report.get("checks")) {
      if (c.get("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no " + id + " in " + report);
  }
}
