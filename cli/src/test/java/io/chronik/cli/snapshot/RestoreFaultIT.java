package io.chronik.cli.snapshot;

import static io.chronik.cli.snapshot.RestoreArgs.restoreArgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.snapshot.store.StoreSettings;
import io.chronik.broker.snapshot.store.StoreTarget;
import io.chronik.cli.CliRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronik snapshot restore} failing halfway for real, after every archive verified: the
 * store changes while the operator reads the confirmation question (an archive deleted, truncated,
 * or replaced by another group's), the store directory disappears, the disk refuses a write in the
 * middle of a partition's extraction (a file size limit, as a full disk would), the target's name
 * is taken. Each time: one clear error line and a hint, the documented exit code, the target
 * exactly as before, and no temporary sibling left behind.
 */
class RestoreFaultIT {
  private static final String TOPIC = "orders";

  @TempDir static Path shared;
  private static Path pristineStore;
  private static String clusterId;

  @TempDir Path dir;
  private Path store;

  @BeforeAll
  static void uploadSnapshots() throws Exception {
    // a node with two partitions, 3 MiB in each and 0.5 MiB more in partition 0 (so that their
    // archives differ in size), every group snapshotted into a store
    pristineStore = Files.createDirectories(shared.resolve("store"));
    SnapshotSettings snapshots =
        SnapshotSettings.defaults()
            .withStore(new StoreTarget(pristineStore.toUri(), StoreSettings.defaults()));
    try (Broker broker =
        Broker.start(
            BrokerConfig.defaults()
                .withDataDir(shared.resolve("node"))
                .withPorts(0, 0, 0)
                .toBuilder()
                .snapshots(snapshots)
                .build())) {
      String bootstrap = "127.0.0.1:" + broker.kafkaPort();
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
      }
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
      Random random = new Random(42);
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 6144 + 512; i++) {
          byte[] value = new byte[1024];
          random.nextBytes(value);
          int partition = i < 6144 ? i % 2 : 0;
          sent.add(producer.send(new ProducerRecord<>(TOPIC, partition, null, value)));
        }
        for (java.util.concurrent.Future<?> f : sent) {
          f.get(120, TimeUnit.SECONDS);
        }
      }
      CliRun create =
          CliRun.run(
              "snapshot", "create", "--upload", "--admin", "127.0.0.1:" + broker.adminPort());
      assertThat(create.exitCode()).as(create.out() + create.err()).isZero();
      clusterId = broker.clusterId();
    }
  }

  @BeforeEach
  void copyStore() throws IOException {
    store = dir.resolve("store");
    copyTree(pristineStore, store);
  }

  @Test
  void shouldLeaveAnEmptyTargetEmptyWhenTheDiskRefusesAWriteHalfway() throws Exception {
    // given: an empty data dir, and a file size limit of 2 MiB (as a nearly full disk): the
    // metadata group extracts, the partitions' 3 MiB segments do not
    Path target = Files.createDirectories(dir.resolve("data"));

    // when
    // (CHRONIK_LOG_LEVEL=info: the log then shows the metadata group extracted before the failure)
    List<String> command =
        new ArrayList<>(
            List.of("bash", "-c", "ulimit -f 2048; exec \"$0\" \"$@\"", executable().toString()));
    command.addAll(List.of(restoreArgs(store.toUri().toString(), target, 1)));
    ProcessBuilder restore =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    restore.environment().put("CHRONIK_LOG_LEVEL", "info");
    Process p = restore.start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("err.txt"));

    // then
    assertThat(p.exitValue()).as(err).isEqualTo(1);
    // (the other lines are the log: the metadata group was extracted before the failure)
    List<String> told =
        err.lines().filter(l -> l.startsWith("chronik: ") || l.startsWith("hint: ")).toList();
    assertThat(told).as(err).hasSize(2);
    assertThat(err).contains("Extracted snapshot of group __meta");
    assertThat(told.get(0))
        .contains("CHR-7110")
        .contains("cannot extract ")
        .contains("/orders-")
        .contains("File too large")
        .contains(target + " is unchanged");
    assertThat(told.get(1)).contains("fix the cause (space, permissions)");
    assertThat(err).doesNotContain("\tat ");
    assertThat(target).isEmptyDirectory();
    assertNoTemporarySiblings();
    // and: once the disk has room, the same restore fills the same (empty) directory
    CliRun again = restore(target);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(target.resolve("node.json")).isRegularFile();
    assertThat(target.resolve("restored.json")).isRegularFile();
    assertNoTemporarySiblings();
  }

  @Test
  void shouldKeepTheOldDataDirByteForByteWhenAnArchiveIsDeletedWhileTheOperatorConfirms()
      throws Exception {
    // given: an old data dir, replaced only with --force after a confirmation
    Path target = oldDataDir();
    Map<String, String> before = tree(target);

    // when: while the question waits, retention deletes the partition's archives from the store
    CliRun run = restoreConfirmedAfter(target, () -> forEachArchive("orders-1", Files::delete));

    // then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(errorLine(run))
        .contains("cannot extract ")
        .contains("/orders-1/")
        .contains(target + " is unchanged");
    assertThat(run.err()).contains("the store changed during the restore");
    assertThat(tree(target)).isEqualTo(before);
    assertNoTemporarySiblings();
  }

  @Test
  void shouldKeepTheOldDataDirByteForByteWhenAnArchiveIsTruncatedWhileTheOperatorConfirms()
      throws Exception {
    // given
    Path target = oldDataDir();
    Map<String, String> before = tree(target);

    // when: the partition's archives lose their second half
    CliRun run =
        restoreConfirmedAfter(
            target,
            () ->
                forEachArchive(
                    "orders-1",
                    a -> {
                      byte[] bytes = Files.readAllBytes(a);
                      Files.write(a, java.util.Arrays.copyOf(bytes, bytes.length / 2));
                    }));

    // then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(65);
    assertThat(errorLine(run))
        .contains("cannot extract ")
        .contains("/orders-1/")
        .contains(target + " is unchanged");
    assertThat(run.err()).contains("the store changed during the restore");
    assertThat(tree(target)).isEqualTo(before);
    assertNoTemporarySiblings();
  }

  @Test
  void shouldKeepTheOldDataDirByteForByteWhenAnArchiveIsReplacedByAnotherGroupsWhileConfirming()
      throws Exception {
    // given
    Path target = oldDataDir();
    Map<String, String> before = tree(target);
    Path other = archives("orders-0").get(0);

    // when: every archive of orders-1 now holds orders-0's bytes (a valid archive, the wrong one,
    // and a larger one: the store's listing still gives the old size)
    CliRun run =
        restoreConfirmedAfter(
            target,
            () ->
                forEachArchive(
                    "orders-1", a -> Files.copy(other, a, StandardCopyOption.REPLACE_EXISTING)));

    // then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(65);
    assertThat(errorLine(run))
        .contains("CHR-7111")
        .contains("changed in the store after it was verified")
        .contains(target + " is unchanged");
    assertThat(tree(target)).isEqualTo(before);
    assertNoTemporarySiblings();
  }

  @Test
  void shouldKeepTheOldDataDirByteForByteWhenTheStoreDirectoryIsRemovedWhileConfirming()
      throws Exception {
    // given
    Path target = oldDataDir();
    Map<String, String> before = tree(target);

    // when
    CliRun run = restoreConfirmedAfter(target, () -> deleteTree(store));

    // then
    assertThat(run.exitCode()).as(run.err()).isIn(1, 69);
    assertThat(errorLine(run)).contains("cannot extract ").contains(target + " is unchanged");
    assertThat(run.err()).contains("the store changed during the restore");
    assertThat(tree(target)).isEqualTo(before);
    assertNoTemporarySiblings();
  }

  @Test
  void shouldLeaveAFileAloneWhenTheDataDirNameIsTakenByIt() throws Exception {
    // given: the name is taken by a file, and a path below a file
    Path file = Files.writeString(dir.resolve("data"), "not a directory");

    // when
    CliRun taken = restore(file, "--force", "--yes");
    CliRun below = restore(file.resolve("sub"), "--force", "--yes");

    // then
    assertThat(taken.exitCode()).as(taken.err()).isEqualTo(64);
    assertThat(errorLine(taken)).contains("exists and is not a directory");
    assertThat(below.exitCode()).as(below.err()).isEqualTo(1);
    assertThat(errorLine(below)).contains("CHR-7110").contains("is unchanged");
    assertThat(Files.readString(file)).isEqualTo("not a directory");
    assertNoTemporarySiblings();
  }

  @Test
  void shouldLeaveAnEmptyTargetWhenItsParentIsNotWritable() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root writes anywhere");
    // given
    Path parent = Files.createDirectories(dir.resolve("locked"));
    Path target = Files.createDirectories(parent.resolve("data"));
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // when
      CliRun run = restore(target);

      // then
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertThat(errorLine(run)).contains("CHR-7110").contains(target + " is unchanged");
      assertThat(target).isEmptyDirectory();
    } finally {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  // ---- helpers

  /** A restore with --force that asks on a terminal; {@code meanwhile} runs before the answer. */
  private CliRun restoreConfirmedAfter(Path target, IoAction meanwhile) {
    InputStream operator =
        new InputStream() {
          private InputStream answer;

          @Override
          public int read() throws IOException {
            return answer().read();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return answer().read(b, off, len);
          }

          private InputStream answer() throws IOException {
            if (answer == null) {
              meanwhile.run();
              answer = new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8));
            }
            return answer;
          }
        };
    return CliRun.withInput(
        operator, true, restoreArgs(store.toUri().toString(), target, 1, "--force"));
  }

  private CliRun restore(Path target, String... more) {
    return CliRun.run(restoreArgs(store.toUri().toString(), target, 1, more));
  }

  /** A data dir of the same cluster with some old content. */
  private Path oldDataDir() throws IOException {
    Path target = Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        target.resolve("node.json"),
        "{\"formatVersion\":1,\"clusterId\":\"" + clusterId + "\",\"nodeId\":1}");
    Path part = Files.createDirectories(target.resolve("partitions").resolve("orders-0"));
    byte[] old = new byte[70_000];
    new Random(7).nextBytes(old);
    Files.write(part.resolve("00000000000000000000.log"), old);
    Files.writeString(target.resolve("keep.txt"), "old data");
    return target;
  }

  /** The error line (after the question, which a terminal ends with the operator's Enter). */
  private static String errorLine(CliRun run) {
    List<String> lines =
        run.errLines().stream()
            .filter(l -> l.contains("chronik: error: "))
            .map(l -> l.substring(l.indexOf("chronik: error: ")))
            .toList();
    assertThat(lines).as(run.err()).hasSize(1);
    return lines.get(0);
  }

  private void assertNoTemporarySiblings() throws IOException {
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".data.") || n.contains(".restore-"));
    }
  }

  private List<Path> archives(String group) throws IOException {
    try (Stream<Path> files = Files.list(store.resolve(clusterId).resolve(group))) {
      return files.sorted().toList();
    }
  }

  private void forEachArchive(String group, IoConsumer action) throws IOException {
    List<Path> all = archives(group);
    assertThat(all).isNotEmpty();
    for (Path a : all) {
      action.accept(a);
    }
  }

  /** Every file under {@code root} → the SHA-256 of its bytes. */
  private static Map<String, String> tree(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted().toList()) {
        String name = root.relativize(p).toString();
        out.put(
            name,
            Files.isDirectory(p)
                ? "dir"
                : HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }

  private static Path executable() {
    return Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted().toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  @FunctionalInterface
  private interface IoConsumer {
    void accept(Path p) throws IOException;
  }
}
