package io.chronik.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.snapshot.Compression;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotMetadata;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline snapshot commands on archives written by the real archive writer. */
class SnapshotCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /**
   * Writes the archive of {@code group} at (term, index) by node 1 of cluster c1 to {@code target}.
   */
  private Path archive(Path target, String group, long term, long index, Instant createdAt)
      throws IOException {
    Path source = tmp.resolve("source-" + group + "-" + index + "-" + System.nanoTime());
    Files.createDirectories(source);
    byte[] data = new byte[300_000];
    new Random(index).nextBytes(data);
    Files.write(source.resolve("00000000000000000000.log"), data);
    Files.writeString(source.resolve("state.json"), "{\"logEndOffset\":" + index + "}");
    SnapshotMetadata metadata =
        group.equals("meta")
            ? SnapshotMetadata.meta("c1", "g-meta", term, index, 1, createdAt)
            : SnapshotMetadata.partition(
                "c1",
                "g-" + group,
                group.substring(0, group.lastIndexOf('-')),
                Integer.parseInt(group.substring(group.lastIndexOf('-') + 1)),
                term,
                index,
                1,
                createdAt);
    Files.createDirectories(target.getParent());
    SnapshotArchive.writeDirectory(target, metadata, source, Compression.GZIP);
    return target;
  }

  private Path local(Path dataDir, String group, long term, long index) throws IOException {
    return archive(
        dataDir.resolve(new SnapshotName(group, index, term, 1).localPath()),
        group,
        term,
        index,
        Instant.now().minus(Duration.ofHours(2)));
  }

  private Path stored(Path storeRoot, String group, long term, long index) throws IOException {
    return archive(
        storeRoot.resolve(new SnapshotName(group, index, term, 1).storeKey("c1")),
        group,
        term,
        index,
        Instant.now().minus(Duration.ofHours(2)));
  }

  private static void flipByte(Path file, long fromEnd) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long at = raf.length() - fromEnd;
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0x01);
    }
  }

  private static long archivesUnder(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".chrsnap")).count();
    }
  }

  @Test
  void shouldListArchivesPerGroupWhenDataDirIsGiven() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    local(dataDir, "orders-0", 2, 200);
    local(dataDir, "orders-0", 1, 100);
    local(dataDir, "meta", 1, 40);

    // when
    CliRun run = CliRun.run("snapshot", "list", "--data-dir", dataDir.toString());

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines().get(0))
        .isEqualTo("GROUP     INDEX  TERM  NODE  SIZE     COMPRESSION  AGE  WHERE");
    assertThat(run.outLines().subList(1, 4))
        .extracting(l -> l.split("\\s+")[0] + "@" + l.split("\\s+")[1])
        .containsExactly("meta@40", "orders-0@100", "orders-0@200");
    assertThat(run.outLines().get(2)).contains("gzip").contains("2h").endsWith("local");
  }

  @Test
  void shouldMarkArchiveAsBothWhenDataDirAndStoreHoldIt() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    Path store = tmp.resolve("store");
    Path file = local(dataDir, "orders-0", 1, 100);
    Path key = store.resolve(new SnapshotName("orders-0", 100, 1, 1).storeKey("c1"));
    Files.createDirectories(key.getParent());
    Files.copy(file, key);
    stored(store, "orders-0", 1, 50);
    local(dataDir, "orders-0", 2, 150);

    // when
    CliRun run =
        CliRun.run(
            "snapshot",
            "list",
            "--data-dir",
            dataDir.toString(),
            "--store",
            store.toUri().toString(),
            "-o",
            "json");

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode snapshots = json(run).get("snapshots");
    assertThat(snapshots)
        .extracting(s -> s.get("id").asText() + " " + s.get("where").asText())
        .containsExactly("orders-0@50 store", "orders-0@100 both", "orders-0@150 local");
    JsonNode both = snapshots.get(1);
    assertThat(both.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly(
            "id",
            "group",
            "partitions",
            "index",
            "term",
            "node",
            "clusterId",
            "sizeBytes",
            "compression",
            "createdAt",
            "ageSeconds",
            "where",
            "local",
            "store",
            "error");
    assertThat(both.get("clusterId").asText()).isEqualTo("c1");
    assertThat(both.get("local").asText()).isEqualTo(file.toString());
    assertThat(both.get("store").asText())
        .endsWith("/c1/orders-0/00000000000000000100-1-n1.chrsnap");
    assertThat(both.get("ageSeconds").asLong()).isBetween(7000L, 7300L);
    assertThat(both.get("error").isNull()).isTrue();
  }

  @Test
  void shouldWarnAndListDamagedWhenArchiveHeadIsCorrupt() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    Path file = local(dataDir, "orders-0", 1, 100);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(30);
      raf.write('#');
    }

    // when
    CliRun run = CliRun.run("snapshot", "list", "--data-dir", dataDir.toString());

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines().get(1)).contains("damaged");
    assertThat(run.err()).startsWith("chronik: warning: orders-0@100 (").contains("CHR-3104");
  }

  @Test
  void shouldExitUsageWhenNoSourceIsGiven() {
    // when
    CliRun run = CliRun.run("snapshot", "list");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0)).contains("--data-dir DIR and/or --store URI");
  }

  @Test
  void shouldExitUsageNamingTheFixWhenFileStoreUriHasTwoSlashes() {
    // when
    CliRun run = CliRun.run("snapshot", "list", "--store", "file://relative/x");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: store URI file://relative/x")
        .contains("file:///absolute/path")
        .endsWith("[CHR-3205]")
        .doesNotContain("(CHR-3205)")
        .doesNotContain("IllegalArgumentException");
  }

  @Test
  void shouldPrintManifestWithoutPayloadWhenIdIsInspected() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    Path file = local(dataDir, "orders-3", 7, 4242);
    // damage the payload: inspect does not read it, so it must still succeed
    flipByte(file, 5);

    // when
    CliRun text =
        CliRun.run("snapshot", "inspect", "orders-3@4242", "--data-dir", dataDir.toString());
    CliRun json = CliRun.run("snapshot", "inspect", file.toString(), "-o", "json");

    // then
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("ARCHIVE         " + file)
        .contains("group           orders-3 (g-orders-3)")
        .contains("term            7")
        .contains("index           4242")
        .contains("compression     gzip")
        .contains("00000000000000000000.log  300000");
    assertThat(json.exitCode()).isZero();
    JsonNode archive = json(json).get("archives").get(0);
    assertThat(archive.get("id").asText()).isEqualTo("orders-3@4242");
    assertThat(archive.get("where").asText()).isEqualTo("file");
    assertThat(archive.get("manifest").get("topic").asText()).isEqualTo("orders");
    assertThat(archive.get("manifest").get("files")).hasSize(2);
  }

  @Test
  void shouldExitNotFoundWhenIdIsNotInSource() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    local(dataDir, "orders-0", 1, 100);

    // when
    CliRun run = CliRun.run("snapshot", "inspect", "orders-0@99", "--data-dir", dataDir.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines().get(0))
        .isEqualTo("chronik: error: no snapshot orders-0@99 in " + dataDir + " [CHR-7101]");
  }

  @Test
  void shouldExitDataErrorWhenInspectedFileIsNotAnArchive() throws IOException {
    // given
    Path file = Files.writeString(tmp.resolve("x.chrsnap"), "hello, this is not an archive at all");

    // when
    CliRun run = CliRun.run("snapshot", "inspect", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.errLines().get(0)).endsWith("[CHR-3101]").doesNotContain("(CHR-3101)");
  }

  @Test
  void shouldVerifyEveryArchiveWhenNoneIsNamed() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    local(dataDir, "orders-0", 1, 100);
    local(dataDir, "meta", 1, 40);

    // when
    CliRun run = CliRun.run("snapshot", "verify", "--data-dir", dataDir.toString());

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines()).hasSize(3);
    assertThat(run.outLines().get(0)).startsWith("ok       meta@40 (local) ");
    assertThat(run.outLines().get(2)).isEqualTo("verified 2 archives: 2 ok, 0 damaged");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void shouldExitDataErrorNamingFileAndRangeWhenPayloadByteIsFlipped() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    local(dataDir, "orders-0", 1, 100);
    Path bad = local(dataDir, "orders-0", 1, 200);
    flipByte(bad, 1000);

    // when
    CliRun run = CliRun.run("snapshot", "verify", "--data-dir", dataDir.toString(), "-o", "json");
    CliRun text =
        CliRun.run("snapshot", "verify", "orders-0@200", "--data-dir", dataDir.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    JsonNode doc = json(run);
    assertThat(doc.get("ok").asBoolean()).isFalse();
    JsonNode damaged = doc.get("archives").get(1);
    assertThat(damaged.get("ok").asBoolean()).isFalse();
    assertThat(damaged.get("location").asText()).isEqualTo(bad.toString());
    JsonNode problem = damaged.get("problems").get(0);
    assertThat(problem.get("code").asText()).isEqualTo("CHR-3105");
    assertThat(problem.get("region").asText()).isEqualTo("payload");
    assertThat(problem.get("start").asLong()).isLessThan(Files.size(bad) - 1000);
    assertThat(problem.get("end").asLong()).isGreaterThan(Files.size(bad) - 1000);
    assertThat(doc.get("archives").get(0).get("ok").asBoolean()).isTrue();
    assertThat(run.errLines().get(0))
        .isEqualTo("chronik: error: 1 archive is damaged: " + bad + " [CHR-7103]");

    assertThat(text.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(text.outLines().get(0)).isEqualTo("DAMAGED  orders-0@200 (local) " + bad);
    assertThat(text.outLines().get(1)).startsWith("  CHR-3105: ").contains("bytes");
  }

  @Test
  void shouldExitUsageWhenVerifyHasNeitherArchiveNorSource() {
    // when
    CliRun run = CliRun.run("snapshot", "verify");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void shouldKeepNewestPerGroupWhenPruned() throws IOException {
    // given
    Path store = tmp.resolve("store");
    for (long index : new long[] {100, 200, 300}) {
      stored(store, "orders-0", 1, index);
    }
    stored(store, "meta", 1, 40);

    // when
    CliRun dry =
        CliRun.run(
            "snapshot", "prune", "--store", store.toUri().toString(), "--keep", "1", "--dry-run");
    long afterDryRun = archivesUnder(store);
    CliRun run =
        CliRun.run(
            "snapshot",
            "prune",
            "--store",
            store.toUri().toString(),
            "--keep",
            "1",
            "--yes",
            "-o",
            "json");

    // then
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.outLines())
        .contains("would delete 2 of 4 archives in 2 groups; kept 2")
        .anyMatch(l -> l.startsWith("would delete orders-0@100 (store) "));
    assertThat(afterDryRun).isEqualTo(4);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(json(run).get("deleted").asInt()).isEqualTo(2);
    assertThat(archivesUnder(store)).isEqualTo(2);
    assertThat(store.resolve("c1/orders-0/00000000000000000300-1-n1.chrsnap")).exists();
    assertThat(store.resolve("c1/meta/00000000000000000040-1-n1.chrsnap")).exists();
  }

  @Test
  void shouldKeepNewestArchiveThatVerifiesWhenKeepIsZero() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    Path oldest = local(dataDir, "orders-0", 1, 100);
    Path good = local(dataDir, "orders-0", 1, 200);
    Path newestDamaged = local(dataDir, "orders-0", 1, 300);
    flipByte(newestDamaged, 10);

    // when
    CliRun run =
        CliRun.run(
            "snapshot",
            "prune",
            "--data-dir",
            dataDir.toString(),
            "--keep",
            "0",
            "--yes",
            "-o",
            "json");

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(good).exists();
    assertThat(oldest).doesNotExist();
    assertThat(newestDamaged).doesNotExist();
    JsonNode archives = json(run).get("groups").get(0).get("archives");
    assertThat(archives)
        .extracting(
            a ->
                a.get("id").asText()
                    + " "
                    + a.get("action").asText()
                    + " "
                    + a.get("reason").asText())
        .containsExactly(
            "orders-0@300 delete beyond the newest 0",
            "orders-0@200 keep the newest archive that verifies",
            "orders-0@100 delete beyond the newest 0");
  }

  @Test
  void shouldDeleteNothingOfGroupAndExitDataErrorWhenNoArchiveVerifies() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    flipByte(local(dataDir, "orders-0", 1, 100), 10);
    flipByte(local(dataDir, "orders-0", 1, 200), 10);
    local(dataDir, "meta", 1, 10);
    local(dataDir, "meta", 1, 20);

    // when
    CliRun run =
        CliRun.run("snapshot", "prune", "--data-dir", dataDir.toString(), "--keep", "0", "--yes");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: no archive of orders-0 verifies: nothing of it was deleted [CHR-7104]");
    assertThat(archivesUnder(dataDir)).isEqualTo(3);
    assertThat(dataDir.resolve("snapshots/meta/00000000000000000020-1-n1.chrsnap")).exists();
  }

  @Test
  void shouldNotClaimAGroupVerifiesWhenPruneDeletesNoneOfItsArchives() throws IOException {
    // given: the only archive of orders-0 is damaged; --keep 1 keeps it without reading it
    Path dataDir = tmp.resolve("data");
    flipByte(local(dataDir, "orders-0", 1, 100), 10);

    // when
    CliRun run =
        CliRun.run(
            "snapshot",
            "prune",
            "--data-dir",
            dataDir.toString(),
            "--keep",
            "1",
            "--dry-run",
            "-o",
            "json");

    // then: nothing to delete, nothing read, and the answer says so instead of 'it verifies'
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode group = JSON.readTree(run.out()).get("groups").get(0);
    assertThat(group.get("group").asText()).isEqualTo("orders-0");
    assertThat(group.has("noneVerifies")).isTrue();
    assertThat(group.get("noneVerifies").isNull()).isTrue();
  }

  @Test
  void shouldKeepYoungArchivesWhenOlderThanIsGiven() throws IOException {
    // given: archives two hours old
    Path dataDir = tmp.resolve("data");
    local(dataDir, "orders-0", 1, 100);
    local(dataDir, "orders-0", 1, 200);

    // when
    CliRun young =
        CliRun.run(
            "snapshot",
            "prune",
            "--data-dir",
            dataDir.toString(),
            "--keep",
            "0",
            "--older-than",
            "1d",
            "--yes");
    CliRun old =
        CliRun.run(
            "snapshot",
            "prune",
            "--data-dir",
            dataDir.toString(),
            "--keep",
            "0",
            "--older-than",
            "1h",
            "--yes");

    // then
    assertThat(young.outLines()).containsExactly("deleted 0 of 2 archives in 1 group; kept 2");
    assertThat(old.outLines().get(old.outLines().size() - 1))
        .isEqualTo("deleted 1 of 2 archives in 1 group; kept 1");
    assertThat(archivesUnder(dataDir)).isEqualTo(1);
  }

  @Test
  void shouldRefuseWithoutYesWhenStdinIsNotATerminal() throws IOException {
    // given
    Path dataDir = tmp.resolve("data");
    local(dataDir, "orders-0", 1, 100);
    local(dataDir, "orders-0", 1, 200);

    // when
    CliRun refused =
        CliRun.run("snapshot", "prune", "--data-dir", dataDir.toString(), "--keep", "1");
    CliRun declined =
        CliRun.withInput(
            "n\n", true, "snapshot", "prune", "--data-dir", dataDir.toString(), "--keep", "1");

    // then
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("[CHR-7006]");
    assertThat(declined.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(declined.err())
        .startsWith("Delete 1 snapshot archive (")
        .contains("chronik: aborted; nothing was deleted");
    assertThat(archivesUnder(dataDir)).isEqualTo(2);
  }

  private static JsonNode json(CliRun run) throws IOException {
    return JSON.readTree(run.out());
  }
}
