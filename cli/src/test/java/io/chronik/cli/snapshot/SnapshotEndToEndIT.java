package io.chronik.cli.snapshot;

import static io.chronik.cli.snapshot.RestoreArgs.restoreArgs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.broker.snapshot.store.StoreSettings;
import io.chronik.broker.snapshot.store.StoreTarget;
import io.chronik.cli.CliRun;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The snapshot commands end to end against a real node started in this JVM: the node snapshots and
 * uploads ({@code chronik snapshot create --upload}), and {@code list}, {@code verify}, {@code
 * prune} and {@code scripts/backup.sh} then work on what it wrote, on its disk and in its store (a
 * {@code file://} directory, and S3 through s3proxy on loopback).
 */
class SnapshotEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "backups";
  private static final Path EXECUTABLE =
      Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();

  @RegisterExtension final S3ProxyExtension s3Proxy = TestS3.proxy();

  @TempDir Path dir;
  private Broker broker;

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldCreateListVerifyAndPruneWhenNodeUploadsToFileStore() throws Exception {
    // given: a node that keeps 5 archives per group, locally and in a file:// store
    Path storeDir = Files.createDirectories(dir.resolve("store"));
    String store = storeDir.toUri().toString();
    broker = start(new StoreTarget(storeDir.toUri(), StoreSettings.defaults()));
    String admin = "127.0.0.1:" + broker.adminPort();
    produce("orders", 40);

    // when: two snapshots with upload, with writes in between
    CliRun first = CliRun.run("snapshot", "create", "--upload", "--admin", admin, "-o", "json");
    produce("orders", 20);
    CliRun second = CliRun.run("snapshot", "create", "--upload", "--admin", admin, "-o", "json");

    // then: every group of the node was snapshotted and uploaded, each time
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    Map<String, Long> firstIndexes = uploadedIndexes(first);
    Map<String, Long> newest = uploadedIndexes(second);
    assertThat(newest.keySet()).containsExactly("meta", "orders-0");
    assertThat(newest.get("orders-0")).isGreaterThan(firstIndexes.get("orders-0"));

    // when
    CliRun list =
        CliRun.run(
            "snapshot",
            "list",
            "--data-dir",
            broker.dataDir().toString(),
            "--store",
            store,
            "-o",
            "json");
    CliRun verifyLocal =
        CliRun.run("snapshot", "verify", "--data-dir", broker.dataDir().toString());
    CliRun verifyStore = CliRun.run("snapshot", "verify", "--store", store);

    // then: the archives of both runs are on the node and in the store, and all verify
    assertThat(list.exitCode()).as(list.err()).isZero();
    Map<String, String> where = new TreeMap<>();
    for (JsonNode s : JSON.readTree(list.out()).get("snapshots")) {
      assertThat(s.get("clusterId").asText()).isEqualTo(broker.clusterId());
      assertThat(s.get("error").isNull()).as(s.toString()).isTrue();
      where.put(s.get("id").asText(), s.get("where").asText());
    }
    for (Map<String, Long> run : List.of(firstIndexes, newest)) {
      run.forEach((group, index) -> assertThat(where).containsEntry(group + "@" + index, "both"));
    }
    assertThat(verifyLocal.exitCode()).as(verifyLocal.out() + verifyLocal.err()).isZero();
    assertThat(verifyLocal.outLines()).last().asString().endsWith(", 0 damaged");
    assertThat(verifyStore.exitCode()).as(verifyStore.out() + verifyStore.err()).isZero();
    assertThat(verifyStore.outLines())
        .last()
        .isEqualTo(
            "verified "
                + storeArchives(storeDir).size()
                + " archives: "
                + storeArchives(storeDir).size()
                + " ok, 0 damaged");

    // when
    CliRun prune = CliRun.run("snapshot", "prune", "--store", store, "--keep", "1", "--yes");

    // then: the store keeps the newest archive of each group, the node's disk is untouched
    assertThat(prune.exitCode()).as(prune.out() + prune.err()).isZero();
    assertThat(storeArchives(storeDir)).containsExactlyInAnyOrderElementsOf(keys(newest));
    assertThat(localArchives(broker.dataDir())).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void shouldSnapshotUploadAndPruneWhenBackupScriptRunsAgainstNode() throws Exception {
    // given: a node with a file:// store that already holds an older archive of every group
    Path storeDir = Files.createDirectories(dir.resolve("store"));
    String store = storeDir.toUri().toString();
    broker = start(new StoreTarget(storeDir.toUri(), StoreSettings.defaults()));
    String admin = "127.0.0.1:" + broker.adminPort();
    produce("orders", 30);
    Map<String, Long> older =
        uploadedIndexes(
            CliRun.run("snapshot", "create", "--upload", "--admin", admin, "-o", "json"));
    produce("orders", 30);

    // when
    BackupScript.Result result =
        BackupScript.run(
            Map.of("CHRONIK_BIN", EXECUTABLE.toString()),
            "-a",
            admin,
            "-s",
            store,
            "-k",
            "1",
            "-t",
            "60s");

    // then: a new archive of every group was uploaded, and only those are left in the store
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.err()).isEmpty();
    List<String> left = storeArchives(storeDir);
    assertThat(left).hasSize(2).doesNotContainAnyElementsOf(keys(older));
    Map<String, Long> newest = new TreeMap<>();
    for (String key : left) {
      SnapshotName name = SnapshotName.parse(key.substring(key.indexOf('/') + 1)).orElseThrow();
      newest.put(name.group(), name.index());
    }
    assertThat(newest.keySet()).containsExactly("meta", "orders-0");
    assertThat(newest.get("orders-0")).isGreaterThan(older.get("orders-0"));
    assertThat(result.out()).contains("orders-0");
  }

  @Test
  void shouldUploadToS3WhenNodeStoreIsS3() throws Exception {
    // given: a node whose store is an S3 bucket (s3proxy), with endpoint and keys as settings
    String bucket = "s3://" + BUCKET + "/chronik";
    try (S3Client s3 = TestS3.client(s3Proxy)) {
      s3.createBucket(b -> b.bucket(BUCKET));
      StoreSettings settings =
          StoreSettings.builder()
              .endpoint(s3Proxy.getUri())
              .region("us-east-1")
              .pathStyle(true)
              .credentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY)
              .build();
      broker = start(new StoreTarget(URI.create(bucket), settings));
      String admin = "127.0.0.1:" + broker.adminPort();
      produce("orders", 25);

      // when
      CliRun create = CliRun.run("snapshot", "create", "--upload", "--admin", admin, "-o", "json");
      CliRun list =
          CliRun.run(TestS3.env(s3Proxy), "snapshot", "list", "--store", bucket, "-o", "json");
      CliRun verify = CliRun.run(TestS3.env(s3Proxy), "snapshot", "verify", "--store", bucket);

      // then
      assertThat(create.exitCode()).as(create.out() + create.err()).isZero();
      Map<String, Long> uploaded = uploadedIndexes(create);
      assertThat(uploaded.keySet()).containsExactly("meta", "orders-0");
      assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents())
          .extracting(S3Object::key)
          .containsExactlyInAnyOrderElementsOf(
              keys(uploaded).stream().map(k -> "chronik/" + k).toList());
      assertThat(list.exitCode()).as(list.err()).isZero();
      assertThat(JSON.readTree(list.out()).get("snapshots"))
          .extracting(s -> s.get("id").asText() + " " + s.get("where").asText())
          .containsExactlyInAnyOrder(
              "meta@" + uploaded.get("meta") + " store",
              "orders-0@" + uploaded.get("orders-0") + " store");
      assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
      assertThat(verify.outLines()).last().isEqualTo("verified 2 archives: 2 ok, 0 damaged");
    }
  }

  @Test
  void shouldBackUpAndRestoreAPartitionNeverWrittenToWhenTheNodeIsRestored() throws Exception {
    // given: a node with one topic written to and one only created
    Path storeDir = Files.createDirectories(dir.resolve("store"));
    broker = start(new StoreTarget(storeDir.toUri(), StoreSettings.defaults()));
    String admin = "127.0.0.1:" + broker.adminPort();
    produce("orders", 10);
    try (Admin kafka = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
      kafka.createTopics(List.of(new NewTopic("quiet", 1, (short) 1))).all().get();
    }

    // when: the node is backed up, loses its data dir and is restored from the store
    CliRun create = CliRun.run("snapshot", "create", "--upload", "--admin", admin, "-o", "json");
    Map<String, Long> uploaded = uploadedIndexes(create);
    broker.close();
    broker = null;
    Path restored = dir.resolve("restored");
    CliRun plan = restore(storeDir, restored, "--dry-run", "-o", "json");
    CliRun restore = restore(storeDir, restored);
    broker =
        Broker.start(
            BrokerConfig.defaults().withDataDir(restored).withPorts(0, 0, 0).toBuilder().build());

    // then: both partitions are back, the empty one empty, and it takes writes
    assertThat(uploaded).containsOnlyKeys("meta", "orders-0", "quiet-0");
    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
    Map<String, JsonNode> groups = new TreeMap<>();
    JSON.readTree(plan.out()).get("groups").forEach(g -> groups.put(g.get("group").asText(), g));
    assertThat(groups.get("orders-0").get("logEndOffset").asLong()).isEqualTo(10);
    assertThat(groups.get("quiet-0").get("logEndOffset").asLong()).isZero();
    assertThat(groups.get("quiet-0").get("logEndOffset").isNull()).isFalse();
    assertThat(groups.get("meta").get("logEndOffset").isNull()).isTrue();
    assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
    produce("quiet", 3);
    try (Admin kafka = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
      Map<TopicPartition, OffsetSpec> latest =
          Map.of(
              new TopicPartition("orders", 0), OffsetSpec.latest(),
              new TopicPartition("quiet", 0), OffsetSpec.latest());
      Map<TopicPartition, Long> ends = new HashMap<>();
      kafka.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
      assertThat(ends)
          .containsEntry(new TopicPartition("orders", 0), 10L)
          .containsEntry(new TopicPartition("quiet", 0), 3L);
    }
  }

  // ---- helpers

  /** {@code chronik snapshot restore} of node 1 from a file store into {@code target}. */
  private static CliRun restore(Path storeDir, Path target, String... more) {
    return CliRun.run(restoreArgs(storeDir.toUri().toString(), target, 1, more));
  }

  private String bootstrap() {
    return "127.0.0.1:" + broker.kafkaPort();
  }

  private Broker start(StoreTarget store) {
    SnapshotSettings snapshots = SnapshotSettings.defaults().withStore(store).withRetentionCount(5);
    return Broker.start(
        BrokerConfig.defaults().withDataDir(dir.resolve("node")).withPorts(0, 0, 0).toBuilder()
            .snapshots(snapshots)
            .build());
  }

  private void produce(String topic, int count) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.kafkaPort());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** group → index of every snapshot that {@code create -o json} reports as uploaded. */
  private static Map<String, Long> uploadedIndexes(CliRun create) throws IOException {
    assertThat(create.exitCode()).as(create.out() + create.err()).isZero();
    Map<String, Long> indexes = new TreeMap<>();
    for (JsonNode s : JSON.readTree(create.out()).get("snapshots")) {
      assertThat(s.get("uploaded").asBoolean()).as(s.toString()).isTrue();
      assertThat(s.get("error").isNull()).as(s.toString()).isTrue();
      indexes.put(s.get("group").asText(), s.get("index").asLong());
    }
    return indexes;
  }

  /** The store keys ({@code <cluster>/<group>/<file>}) of the snapshots named. */
  private List<String> keys(Map<String, Long> indexes) {
    List<String> keys = new ArrayList<>();
    indexes.forEach(
        (group, index) ->
            keys.add(
                new SnapshotName(group, index, term(group, index), broker.nodeId())
                    .storeKey(broker.clusterId())));
    return keys;
  }

  /** The term of a local archive, read from its file name. */
  private long term(String group, long index) {
    return localArchives(broker.dataDir()).stream()
        .map(p -> SnapshotName.parse(group + "/" + p.getFileName()))
        .flatMap(java.util.Optional::stream)
        .filter(n -> n.group().equals(group) && n.index() == index)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no local archive of " + group + "@" + index))
        .term();
  }

  private static List<String> storeArchives(Path storeDir) throws IOException {
    try (Stream<Path> files = Files.walk(storeDir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".chrsnap"))
          .map(f -> storeDir.relativize(f).toString().replace('\\', '/'))
          .toList();
    }
  }

  private static List<Path> localArchives(Path dataDir) {
    try (Stream<Path> files = Files.walk(dataDir.resolve(SnapshotName.LOCAL_DIR))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".chrsnap"))
          .filter(f -> !f.toString().contains("/.staging/"))
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
