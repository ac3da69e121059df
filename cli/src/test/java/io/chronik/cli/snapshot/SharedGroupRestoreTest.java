package io.chronik.cli.snapshot;

import static io.chronik.cli.snapshot.RestoreArgs.restoreArgs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.meta.MetaCodec;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.snapshot.Compression;
import io.chronik.broker.snapshot.RestoreMarker;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotManifest;
import io.chronik.broker.snapshot.SnapshotMetadata;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.cli.CliRun;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronik snapshot list|verify|restore} on a store of a cluster whose topic {@code orders}
 * has five partitions in groups of two ({@code --partitions-per-group 2}): groups {@code
 * orders-0..1}, {@code orders-2..3} (shared) and {@code orders-4} (one partition, the old layout).
 */
class SharedGroupRestoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER = "c1";
  private static final List<Integer> REPLICAS = List.of(1, 2, 3);

  @TempDir Path tmp;

  @Test
  void shouldPlanOneArchivePerGroupWhenPartitionsShareRaftGroups() throws IOException {
    // given
    Path store = storeOfSharedGroups();

    // when
    CliRun dry = restore(store, tmp.resolve("node1"), "--dry-run");

    // then
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    JsonNode groups = JSON.readTree(dry.out()).get("groups");
    assertThat(groups.findValuesAsText("group"))
        .containsExactly("meta", "orders-0..1", "orders-2..3", "orders-4");
    assertThat(groups.findValuesAsText("groupId"))
        .containsExactly("g-meta", "g-orders-a", "g-orders-b", "g-orders-c");
    assertThat(partitions(groups.get(0))).isEmpty();
    assertThat(partitions(groups.get(1))).containsExactly(0, 1);
    assertThat(partitions(groups.get(3))).containsExactly(4);
    assertThat(tmp.resolve("node1")).doesNotExist();
  }

  @Test
  void shouldLayOutEveryPartitionOfASharedGroupAsItsOwnBaseWhenRestored() throws IOException {
    // given
    Path store = storeOfSharedGroups();
    Path target = tmp.resolve("node1");

    // when
    CliRun run = restore(store, target);

    // then: each partition has the base a one-partition group would have, from its own dir
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (int p = 0; p < 5; p++) {
      Path base = RestoreMarker.partitionBase(target, "orders-" + p);
      assertThat(base.resolve("partition.state")).hasContent("state of partition " + p);
      assertThat(base.resolve("00000000000000000000.log")).exists();
      assertThat(base.resolve("group.state")).doesNotExist();
    }
    // and: the partitions of a group share one leader-epoch base, the highest of theirs
    assertThat(epochBase(target, 0)).isEqualTo(9).isEqualTo(epochBase(target, 1));
    assertThat(epochBase(target, 2)).isEqualTo(7).isEqualTo(epochBase(target, 3));
    assertThat(epochBase(target, 4)).isEqualTo(7);
    try (Stream<Path> restored = Files.list(target.resolve(RestoreMarker.DIR))) {
      assertThat(restored.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("meta", "partitions");
    }
    RestoreMarker marker = RestoreMarker.read(target).orElseThrow();
    assertThat(marker.groups())
        .extracting(RestoreMarker.Group::group, RestoreMarker.Group::partitions)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("meta", List.of()),
            org.assertj.core.groups.Tuple.tuple("orders-0..1", List.of(0, 1)),
            org.assertj.core.groups.Tuple.tuple("orders-2..3", List.of(2, 3)),
            org.assertj.core.groups.Tuple.tuple("orders-4", List.of(4)));
  }

  @Test
  void shouldSayTheSourceHoldsNoArchiveOfAGroupWhenItsArchiveWasNeverUploaded() throws IOException {
    // given: the store lacks orders-2..3's archive altogether; nothing in it is damaged
    Path store = storeOfSharedGroups();
    Files.delete(store.resolve(new SnapshotName("orders-2..3", 500, 7, 1).storeKey(CLUSTER)));
    Path target = tmp.resolve("node1");

    // when
    CliRun run = restore(store, target);

    // then: the error says what is missing and how to get it, not that something is damaged
    assertThat(run.exitCode()).as(run.err()).isEqualTo(65);
    assertThat(run.err())
        .contains("holds no archive of orders-2..3")
        .contains("snapshot create --upload")
        .contains("CHR-7107")
        .doesNotContain("damage");
    assertThat(target).doesNotExist();
  }

  @Test
  void shouldWriteNothingAndNameTheGroupWhenAFileOfOnePartitionOfASharedArchiveIsDamaged()
      throws IOException {
    // given: the only archive of orders-2..3 has a flipped byte in partition 3's segment
    Path store = storeOfSharedGroups();
    Path archive = store.resolve(new SnapshotName("orders-2..3", 500, 7, 1).storeKey(CLUSTER));
    SnapshotManifest manifest = SnapshotArchive.readManifest(archive);
    SnapshotManifest.FileEntry log =
        manifest.files().stream()
            .filter(f -> f.name().equals("3/00000000000000000000.log"))
            .findFirst()
            .orElseThrow();
    long head = Files.size(archive) - manifest.payloadLength();
    flip(archive, head + log.offset() + 1000);
    Path target = tmp.resolve("node1");

    // when
    CliRun verify =
        CliRun.run("snapshot", "verify", "--store", store.toUri().toString(), "-o", "json");
    CliRun run = restore(store, target);

    // then: verify names the file in its partition's directory, with the group's partitions
    assertThat(verify.exitCode()).as(verify.err()).isEqualTo(65);
    JsonNode damaged = null;
    for (JsonNode a : JSON.readTree(verify.out()).get("archives")) {
      if (!a.get("ok").asBoolean()) {
        damaged = a;
      }
    }
    assertThat(damaged).isNotNull();
    assertThat(damaged.get("id").asText()).isEqualTo("orders-2..3@500");
    assertThat(partitions(damaged)).containsExactly(2, 3);
    assertThat(damaged.get("problems").findValuesAsText("subject"))
        .contains("3/00000000000000000000.log");
    // and: restore refuses before writing anything
    assertThat(run.exitCode()).as(run.err()).isEqualTo(65);
    assertThat(run.err()).contains("CHR-7107").contains("orders-2..3").contains("damaged");
    assertThat(target).doesNotExist();
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".node1"));
    }
  }

  @Test
  void shouldListASharedGroupWithItsPartitionsWhenTheStoreIsListed() throws IOException {
    // given
    Path store = storeOfSharedGroups();

    // when
    CliRun json = CliRun.run("snapshot", "list", "--store", store.toUri().toString(), "-o", "json");
    CliRun text =
        CliRun.run("snapshot", "inspect", "orders-0..1@500", "--store", store.toUri().toString());

    // then
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode rows = JSON.readTree(json.out()).get("snapshots");
    assertThat(rows.findValuesAsText("id"))
        .containsExactly("meta@40", "orders-0..1@500", "orders-2..3@500", "orders-4@500");
    assertThat(partitions(rows.get(0))).isEmpty();
    assertThat(partitions(rows.get(1))).containsExactly(0, 1);
    assertThat(partitions(rows.get(3))).containsExactly(4);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("orders-0..1 (g-orders-a)").contains("0,1 (a directory");
  }

  @Test
  void shouldRefuseAnArchiveWhoseFileNameLeavesTheTargetWhenVerifiedOrRestored()
      throws IOException {
    // given: the store's archive of orders-0..1 names a file "../..." (its manifest CRC matches)
    Path store = storeOfSharedGroups();
    Path archive = store.resolve(new SnapshotName("orders-0..1", 500, 7, 1).storeKey(CLUSTER));
    rewriteManifest(archive, "0/00000000000000000000.log", "../0000000000000000000.log");
    Path target = tmp.resolve("node1");

    // when
    CliRun verify = CliRun.run("snapshot", "verify", archive.toString());
    CliRun run = restore(store, target);

    // then: one clear line each, exit 65, nothing written anywhere
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(65);
    assertThat(verify.out()).contains("CHR-3108").contains("'../0000000000000000000.log'");
    assertThat(verify.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(65);
    assertThat(run.err()).contains("CHR-7107").contains("orders-0..1").contains("CHR-3108");
    assertThat(target).doesNotExist();
    assertThat(tmp.resolve("0000000000000000000.log")).doesNotExist();
    assertThat(store.resolve(CLUSTER).resolve("0000000000000000000.log")).doesNotExist();
  }

  @Test
  void shouldExitWithUsageCodeWhenNodeIdIsNotInTheSnapshotsCluster() throws IOException {
    // given: the cluster's replicas are on nodes 1, 2 and 3
    Path store = storeOfSharedGroups();
    Path target = tmp.resolve("node5");

    // when
    CliRun run = CliRun.run(restoreArgs(store.toUri().toString(), target, 5));

    // then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(64);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: node 5 is not a node of cluster c1")
        .endsWith("[CHR-7112]");
    assertThat(target).doesNotExist();
  }

  @Test
  void shouldExitWithUsageCodeWhenPeersLackAReplicaOfTheCluster() throws IOException {
    // given: the cluster's replicas are on nodes 1, 2 and 3
    Path store = storeOfSharedGroups();
    Path target = tmp.resolve("node1");

    // when
    CliRun run =
        CliRun.run(
            restoreArgs(
                store.toUri().toString(),
                target,
                1,
                "--peers",
                "1@127.0.0.1:9093,2@127.0.0.1:9094"));

    // then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(64);
    assertThat(run.errLines().get(0))
        .contains("has a replica on node 3, which is not in --peers")
        .endsWith("[CHR-7112]");
    assertThat(target).doesNotExist();
  }

  // ---- helpers

  /**
   * Replaces {@code from} by {@code to} (same length) in an archive's manifest and fixes the
   * manifest CRC in the header (bytes 16..19) and the header's own CRC (bytes 20..23): damage that
   * only the manifest's rules can catch.
   */
  private static void rewriteManifest(Path archive, String from, String to) throws IOException {
    assertThat(to).hasSameSizeAs(from);
    byte[] bytes = Files.readAllBytes(archive);
    java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(bytes);
    int length = header.getInt(12);
    String json = new String(bytes, 24, length, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).contains(from);
    byte[] changed = json.replace(from, to).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(changed, 0, bytes, 24, length);
    java.util.zip.CRC32C manifestCrc = new java.util.zip.CRC32C();
    manifestCrc.update(bytes, 24, length);
    header.putInt(16, (int) manifestCrc.getValue());
    java.util.zip.CRC32C headerCrc = new java.util.zip.CRC32C();
    headerCrc.update(bytes, 0, 20);
    header.putInt(20, (int) headerCrc.getValue());
    Files.write(archive, bytes);
  }

  private CliRun restore(Path store, Path target, String... more) {
    String[] extra = Stream.concat(Stream.of("-o", "json"), Stream.of(more)).toArray(String[]::new);
    return CliRun.run(restoreArgs(store.toUri().toString(), target, 1, extra));
  }

  /** The store: the metadata image and the archives of the three groups of topic orders. */
  private Path storeOfSharedGroups() throws IOException {
    Path store = Files.createDirectories(tmp.resolve("store"));
    MetadataImage image =
        new MetadataImage(
            CLUSTER,
            Map.of(),
            Map.of(
                "orders",
                new TopicInfo(
                    "orders",
                    "t-orders",
                    List.of(
                        new PartitionAssignment(0, "g-orders-a", REPLICAS),
                        new PartitionAssignment(1, "g-orders-a", REPLICAS),
                        new PartitionAssignment(2, "g-orders-b", REPLICAS),
                        new PartitionAssignment(3, "g-orders-b", REPLICAS),
                        new PartitionAssignment(4, "g-orders-c", REPLICAS)),
                    Map.of())),
            Map.of(),
            1000L,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            java.util.Set.of());
    Path metaDir = Files.createDirectories(tmp.resolve("meta-source"));
    Files.write(metaDir.resolve("metadata.json"), MetaCodec.encode(image));
    write(store, SnapshotMetadata.meta(CLUSTER, "g-meta", 1, 40, 1, Instant.now()), metaDir);
    write(store, group("g-orders-a", List.of(0, 1)), groupDir("a", List.of(0, 1), Map.of(1, 9)));
    write(store, group("g-orders-b", List.of(2, 3)), groupDir("b", List.of(2, 3), Map.of()));
    // a one-partition group keeps its files at the top, as before shared groups
    Path single = Files.createDirectories(tmp.resolve("single"));
    partitionFiles(single, 4, 0);
    write(store, group("g-orders-c", List.of(4)), single);
    return store;
  }

  private static SnapshotMetadata group(String groupId, List<Integer> partitions) {
    return SnapshotMetadata.group(
        CLUSTER, groupId, "orders", partitions, 7, 500, 1, Instant.parse("2026-11-24T00:00:00Z"));
  }

  private static void write(Path store, SnapshotMetadata metadata, Path source) throws IOException {
    Path file = store.resolve(SnapshotName.of(metadata).storeKey(CLUSTER));
    Files.createDirectories(file.getParent());
    SnapshotArchive.writeDirectory(file, metadata, source, Compression.NONE);
  }

  /** A group snapshot as the broker writes it: {@code <p>/} per partition, group.state last. */
  private Path groupDir(String name, List<Integer> partitions, Map<Integer, Integer> epochs)
      throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("group-" + name));
    StringBuilder state = new StringBuilder();
    for (int p : partitions) {
      partitionFiles(dir.resolve(Integer.toString(p)), p, epochs.getOrDefault(p, 0));
      state.append(p).append('\n');
    }
    Files.writeString(dir.resolve("group.state"), state);
    return dir;
  }

  private static void partitionFiles(Path dir, int partition, int lastEpoch) throws IOException {
    Files.createDirectories(dir);
    byte[] data = new byte[50_000];
    new Random(partition).nextBytes(data);
    Files.write(dir.resolve("00000000000000000000.log"), data);
    Files.writeString(dir.resolve("leader-epoch-checkpoint"), "0\n1\n" + lastEpoch + " 0\n");
    Files.writeString(dir.resolve("partition.state"), "state of partition " + partition);
  }

  private static int epochBase(Path dataDir, int partition) throws IOException {
    return RestoreMarker.readEpochBase(RestoreMarker.partitionBase(dataDir, "orders-" + partition));
  }

  private static List<Integer> partitions(JsonNode node) {
    List<Integer> out = new java.util.ArrayList<>();
    node.get("partitions").forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0x01);
    }
  }
}
