package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.store.StoreSettings;
import io.chronik.broker.snapshot.store.StoreTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot admin API, archives, upload to a file:// store, retention and metrics. */
class SnapshotAdminIT {
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
  void shouldWriteUploadAndRetainArchivesWhenSnapshotsAreRequested() throws Exception {
    // given: a node with a file:// store that keeps 2 archives per group
    Path storeDir = dir.resolve("store");
    Files.createDirectories(storeDir);
    StoreTarget store = new StoreTarget(storeDir.toUri(), StoreSettings.defaults());
    broker = start(SnapshotSettings.defaults().withStore(store).withRetentionCount(2));
    produce("orders", 50);

    // when: three snapshots with upload, with writes in between
    JsonNode first = post("/v1/actions/snapshot", "{\"group\":\"orders-0\",\"upload\":true}");
    produce("orders", 20);
    post("/v1/actions/snapshot", "{\"group\":\"orders-0\",\"upload\":true}");
    produce("orders", 20);
    JsonNode third = post("/v1/actions/snapshot", "{\"group\":\"orders-0\",\"upload\":true}");

    // then: each answer names an uploaded archive that verifies
    JsonNode s1 = first.get("snapshots").get(0);
    assertThat(s1.get("group").asText()).isEqualTo("orders-0");
    assertThat(s1.get("uploaded").asBoolean()).as(first.toString()).isTrue();
    assertThat(s1.get("error").isNull()).isTrue();
    JsonNode s3 = third.get("snapshots").get(0);
    assertThat(s3.get("index").asLong()).isGreaterThan(s1.get("index").asLong());
    Path archive = broker.dataDir().resolve(s3.get("file").asText());
    assertThat(SnapshotArchive.verify(archive).ok()).isTrue();
    assertThat(storeDir.resolve(s3.get("storeKey").asText())).exists();
    // retention: two archives of the group locally and in the store, the newest among them
    assertThat(count(broker.dataDir().resolve("snapshots/orders-0"))).isEqualTo(2);
    assertThat(count(storeDir.resolve(broker.clusterId()).resolve("orders-0"))).isEqualTo(2);

    // and: GET /v1/snapshots shows the settings, the store and the groups with their archives
    JsonNode status = get("/v1/snapshots");
    assertThat(status.get("clusterId").asText()).isEqualTo(broker.clusterId());
    assertThat(status.get("settings").get("retentionCount").asInt()).isEqualTo(2);
    assertThat(status.get("store").get("uri").asText()).startsWith("file:");
    assertThat(status.get("store").get("uploadFailures").asLong()).isZero();
    // no upload in progress once the action answered
    assertThat(status.get("store").has("uploading")).isTrue();
    assertThat(status.get("store").get("uploading").isNull()).isTrue();
    JsonNode orders = group(status, "orders-0");
    assertThat(orders.get("lastSnapshotIndex").asLong()).isEqualTo(s3.get("index").asLong());
    assertThat(orders.get("archives")).hasSize(2);
    assertThat(orders.get("archives").get(0).get("uploaded").asBoolean()).isTrue();
    assertThat(orders.get("archives").get(0).get("compression").asText()).isEqualTo("zstd");
    assertThat(group(status, "meta")).isNotNull();

    // and: the metrics
    String metrics = text("/metrics");
    assertThat(metrics)
        .contains("chronik_snapshot_created_total{group=\"orders-0\"}")
        .contains("chronik_snapshot_upload_failures_total{group=\"orders-0\"} 0.0")
        .contains("chronik_snapshot_last_index{group=\"orders-0\"} " + s3.get("index").asLong())
        .contains("chronik_snapshot_age_seconds{group=\"orders-0\"}")
        .contains("chronik_snapshot_size_bytes{group=\"orders-0\"}");
    JsonNode probe = post("/v1/actions/probe-store", "");
    assertThat(probe.get("ok").asBoolean()).as(probe.toString()).isTrue();
  }

  @Test
  void shouldKeepLastSnapshotAndUploadedFlagsWhenNodeRestarts() throws Exception {
    // given: an archive of orders-0 taken and uploaded
    Path storeDir = Files.createDirectories(dir.resolve("store"));
    StoreTarget store = new StoreTarget(storeDir.toUri(), StoreSettings.defaults());
    broker = start(SnapshotSettings.defaults().withStore(store));
    produce("orders", 30);
    JsonNode taken =
        post("/v1/actions/snapshot", "{\"group\":\"orders-0\",\"upload\":true}")
            .get("snapshots")
            .get(0);
    assertThat(taken.get("uploaded").asBoolean()).as(taken.toString()).isTrue();

    // when: the node restarts on the same data dir
    broker.close();
    broker = start(SnapshotSettings.defaults().withStore(store));

    // then: the group's last snapshot is known, from its newest archive
    JsonNode orders = group(get("/v1/snapshots"), "orders-0");
    JsonNode newest = orders.get("archives").get(0);
    assertThat(orders.get("lastSnapshotAt").isNull()).as(orders.toString()).isFalse();
    assertThat(orders.get("lastSnapshotAt").asText()).isEqualTo(newest.get("createdAt").asText());
    assertThat(newest.get("index").asLong()).isGreaterThanOrEqualTo(taken.get("index").asLong());
    // and: the archive uploaded before the restart is shown as uploaded
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode archives = group(get("/v1/snapshots"), "orders-0").get("archives");
              assertThat(archives)
                  .filteredOn(a -> a.get("file").asText().equals(taken.get("file").asText()))
                  .singleElement()
                  .satisfies(
                      a -> {
                        assertThat(a.get("uploaded").asBoolean()).as(a.toString()).isTrue();
                        assertThat(a.get("storeKey").asText())
                            .isEqualTo(taken.get("storeKey").asText());
                      });
            });
    assertThat(text("/metrics"))
        .doesNotContain("chronik_snapshot_age_seconds{group=\"orders-0\"} -1.0");
  }

  @Test
  void shouldArchiveAPartitionThatHoldsNoRecordsWhenASnapshotIsRequested() throws Exception {
    // given: a topic created but never written to
    broker = start(SnapshotSettings.defaults());
    try (Admin admin = TestBrokers.admin(broker)) {
      admin.createTopics(List.of(new NewTopic("empty", 1, (short) 1))).all().get();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> group(get("/v1/snapshots"), "empty-0") != null);

    // when
    JsonNode created = post("/v1/actions/snapshot", "{\"group\":\"empty-0\"}");

    // then: an archive of the empty partition, like any other group's
    JsonNode s = created.get("snapshots").get(0);
    assertThat(s.get("error").isNull()).as(created.toString()).isTrue();
    assertThat(s.get("index").asLong()).isNotNegative();
    assertThat(s.get("term").asLong()).isPositive();
    assertThat(Files.isRegularFile(dir.resolve("node").resolve(s.get("file").asText()))).isTrue();
  }

  @Test
  void shouldLeaveADeletedTopicOutWhenEveryGroupIsSnapshottedRightAfterTheDelete()
      throws Exception {
    // given: a topic deleted just now; its group may still be on the node for a moment
    broker = start(SnapshotSettings.defaults());
    produce("kept", 5);
    produce("gone", 5);
    try (Admin admin = TestBrokers.admin(broker)) {
      admin.deleteTopics(List.of("gone")).all().get();
    }

    // when
    JsonNode created = post("/v1/actions/snapshot", "{}");

    // then
    assertThat(created.get("snapshots").findValuesAsText("group"))
        .contains("meta", "kept-0")
        .doesNotContain("gone-0");
    assertThat(created.get("snapshots").findValues("error"))
        .as(created.toString())
        .allMatch(JsonNode::isNull);
  }

  @Test
  void shouldAnswerNotFoundAndConflictWhenTheRequestCannotBeServed() throws Exception {
    // given: no store
    broker = start(SnapshotSettings.defaults());

    // when
    HttpResponse<String> unknown = send("POST", "/v1/actions/snapshot", "{\"group\":\"nope-0\"}");
    HttpResponse<String> upload = send("POST", "/v1/actions/snapshot", "{\"upload\":true}");
    HttpResponse<String> probe = send("POST", "/v1/actions/probe-store", "");
    JsonNode all = post("/v1/actions/snapshot", "{}");

    // then
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).has("code")).isTrue();
    assertThat(upload.statusCode()).isEqualTo(409);
    assertThat(probe.statusCode()).isEqualTo(409);
    assertThat(all.get("snapshots").findValuesAsText("group")).contains("meta");
  }

  @Test
  void shouldSnapshotOnTimeWhenTheLastSnapshotIsOlderThanTheThreshold() throws Exception {
    // given: the log threshold is out of reach, the time threshold is 1 second
    broker =
        start(SnapshotSettings.defaults().withLogThreshold(1_000_000).withTimeThresholdSecs(1));

    // when
    produce("timed", 5);

    // then
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count(broker.dataDir().resolve("snapshots/timed-0")) > 0);
  }

  @Test
  void shouldArchiveLogThresholdSnapshotsOnceAPerTimeThresholdWhenTheLogGrowsFast()
      throws Exception {
    // given: a snapshot every 5 entries, an archive at most every hour
    broker = start(SnapshotSettings.defaults().withLogThreshold(5).withTimeThresholdSecs(3600));

    // when: 40 entries, so about 8 Raft snapshots
    produce("busy", 40);

    // then: the Raft log was compacted several times, but only the first snapshot was archived
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> group(get("/v1/snapshots"), "busy-0").get("lastSnapshotIndex").asLong() >= 30);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count(broker.dataDir().resolve("snapshots/busy-0")) == 1);
    long firstArchive = count(broker.dataDir().resolve("snapshots/busy-0"));

    // and: a requested snapshot is archived at once, whatever the age of the last archive
    produce("busy", 1);
    JsonNode created = post("/v1/actions/snapshot", "{\"group\":\"busy-0\"}");
    assertThat(created.get("snapshots").get(0).get("error").isNull()).isTrue();
    assertThat(count(broker.dataDir().resolve("snapshots/busy-0"))).isEqualTo(firstArchive + 1);
  }

  @Test
  void shouldTakeNoSnapshotWhenSnapshotsAreDisabled() throws Exception {
    // given
    broker =
        start(
            SnapshotSettings.defaults()
                .withEnabled(false)
                .withLogThreshold(1)
                .withTimeThresholdSecs(1));

    // when
    produce("quiet", 20);

    // then
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> group(get("/v1/snapshots"), "quiet-0").get("lastSnapshotIndex").asLong() == -1);
  }

  private Broker start(SnapshotSettings snapshots) {
    return Broker.start(
        TestBrokers.config(dir.resolve("node")).toBuilder().snapshots(snapshots).build());
  }

  private void produce(String topic, int count) throws Exception {
    try (KafkaProducer<String, String> p = TestBrokers.producer(broker, Map.of())) {
      for (String v : TestBrokers.values(count, topic + "-")) {
        p.send(new ProducerRecord<>(topic, v)).get();
      }
    }
  }

  private static JsonNode group(JsonNode status, String name) {
    for (JsonNode g : status.get("groups")) {
      if (g.get("group").asText().equals(name)) {
        return g;
      }
    }
    return null;
  }

  private static long count(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".chrsnap")).count();
    }
  }

  private JsonNode get(String path) throws Exception {
    return JSON.readTree(send("GET", path, null).body());
  }

  private String text(String path) throws Exception {
    return send("GET", path, null).body();
  }

  private JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> r = send("POST", path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.adminPort() + path))
            .timeout(Duration.ofSeconds(120));
    b =
        "GET".equals(method)
            ? b.GET()
            : b.POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
