package io.chronik.broker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Archives of Raft groups that carry several partitions: a directory per partition. */
class SharedGroupArchiveTest {
  private static final String LOG_0 = "0/00000000000000000000.log";

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldRoundTripEveryPartitionDirWhenTheGroupCarriesSeveralPartitions(Compression compression)
      throws IOException {
    // given: a group snapshot of partitions 0 and 1, laid out as GroupReplicas writes it
    Path source = groupSnapshot(tmp.resolve("group"), List.of(0, 1));
    Path archive = tmp.resolve("shared.chrsnap");

    // when
    SnapshotManifest written =
        SnapshotArchive.writeDirectory(archive, sharedMetadata(), source, compression);
    VerifyResult verified = SnapshotArchive.verify(archive);
    SnapshotManifest extracted = SnapshotArchive.extract(archive, tmp.resolve("restored"));

    // then
    assertThat(verified.problems()).isEmpty();
    assertThat(extracted).isEqualTo(written);
    assertThat(written.partitions()).containsExactly(0, 1);
    assertThat(written.metadata()).isEqualTo(sharedMetadata());
    assertThat(written.files())
        .extracting(SnapshotManifest.FileEntry::name)
        .contains(LOG_0, "1/00000000000000000000.log", "0/partition.state", "group.state");
    for (SnapshotManifest.FileEntry file : written.files()) {
      assertThat(tmp.resolve("restored").resolve(file.name()))
          .hasSameBinaryContentAs(source.resolve(file.name()));
    }
  }

  @Test
  void shouldNameTheFileInsideAPartitionDirWhenOneOfItsBytesIsFlipped() throws IOException {
    // given: an uncompressed archive, one byte of partition 1's segment flipped
    Path archive = tmp.resolve("shared.chrsnap");
    SnapshotManifest manifest =
        SnapshotArchive.writeDirectory(
            archive,
            sharedMetadata(),
            groupSnapshot(tmp.resolve("group"), List.of(0, 1)),
            Compression.NONE);
    byte[] bytes = Files.readAllBytes(archive);
    SnapshotManifest.FileEntry log =
        manifest.files().stream()
            .filter(f -> f.name().equals("1/00000000000000000000.log"))
            .findFirst()
            .orElseThrow();
    int head = SnapshotArchive.headLength(java.util.Arrays.copyOf(bytes, ArchiveHeader.LENGTH));
    bytes[head + (int) log.offset() + 100] ^= 0x10;

    // when
    VerifyResult result = SnapshotArchive.verify(new ByteArrayInputStream(bytes));

    // then
    assertThat(result.ok()).isFalse();
    assertThat(result.problems())
        .extracting(ArchiveProblem::error, ArchiveProblem::subject)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                SnapshotError.FILE_CORRUPT, "1/00000000000000000000.log"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../0000000000000000000.log", "/tmp/00000000000000000.log"})
  void shouldRefuseToExtractWhenAnEntryNameLeavesTheTarget(String evil) throws IOException {
    // given: a well-formed archive whose manifest (with a valid CRC) names a file outside
    assertThat(evil).hasSameSizeAs(LOG_0);
    Path archive = tmp.resolve("evil.chrsnap");
    SnapshotArchive.writeDirectory(
        archive,
        sharedMetadata(),
        groupSnapshot(tmp.resolve("group"), List.of(0, 1)),
        Compression.NONE);
    byte[] bytes = rewriteManifest(Files.readAllBytes(archive), LOG_0, evil);
    Path target = tmp.resolve("deep/target");

    // when / then
    assertThatThrownBy(() -> SnapshotArchive.extract(new ByteArrayInputStream(bytes), target))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("file name '" + evil + "'");
    assertThat(SnapshotArchive.verify(new ByteArrayInputStream(bytes)).ok()).isFalse();
    assertThat(target).doesNotExist();
    assertThat(tmp.resolve("deep/0000000000000000000.log")).doesNotExist();
    try (Stream<Path> left = Files.list(tmp.resolve("deep"))) {
      assertThat(left.toList()).isEmpty();
    }
  }

  @Test
  void shouldRefuseAFileOutsideEveryPartitionDirWhenTheGroupCarriesSeveral() throws IOException {
    // given: a shared archive whose manifest moves a file out of its partition's directory
    Path archive = tmp.resolve("stray.chrsnap");
    SnapshotArchive.writeDirectory(
        archive,
        sharedMetadata(),
        groupSnapshot(tmp.resolve("group"), List.of(0, 1)),
        Compression.NONE);
    byte[] bytes =
        rewriteManifest(Files.readAllBytes(archive), LOG_0, "7/00000000000000000000.log");

    // when / then
    assertThatThrownBy(() -> SnapshotArchive.readManifest(new ByteArrayInputStream(bytes)))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("7/00000000000000000000.log")
        .hasMessageContaining("none of their directories");
  }

  @Test
  void shouldRefuseToWriteWhenASharedSnapshotHasAFileOutsideItsPartitionDirs() throws IOException {
    // given: a stray file at the top of a group snapshot of partitions 0 and 1
    Path source = groupSnapshot(tmp.resolve("group"), List.of(0, 1));
    Files.writeString(source.resolve("stray.txt"), "?");
    Path archive = tmp.resolve("stray.chrsnap");

    // when / then
    assertThatThrownBy(
            () ->
                SnapshotArchive.writeDirectory(archive, sharedMetadata(), source, Compression.NONE))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("stray.txt");
    assertThat(archive).doesNotExist();
  }

  @Test
  void shouldReadAnArchiveWithoutPartitionsAsItsOnePartitionWhenWrittenBeforeSharedGroups()
      throws IOException {
    // given: a one-partition archive whose manifest lacks "partitions" (as before this release)
    Path archive = tmp.resolve("old.chrsnap");
    SnapshotArchive.writeDirectory(
        archive,
        SnapshotFixtures.partitionMetadata(),
        SnapshotFixtures.snapshotDir(tmp, 1000),
        Compression.GZIP);
    byte[] bytes = rewriteManifest(Files.readAllBytes(archive), "\"partitions\":[0],", "");

    // when
    SnapshotManifest manifest = SnapshotArchive.readManifest(new ByteArrayInputStream(bytes));
    VerifyResult verified = SnapshotArchive.verify(new ByteArrayInputStream(bytes));

    // then
    assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\"partitions\"");
    assertThat(manifest.partitions()).containsExactly(0);
    assertThat(SnapshotName.of(manifest.metadata()).group()).isEqualTo("orders-0");
    assertThat(verified.problems()).isEmpty();
  }

  @Test
  void shouldWriteAnEmptyPartitionListWhenTheSnapshotIsTheMetadataGroups() throws IOException {
    // given
    Path source = Files.createDirectories(tmp.resolve("meta"));
    Files.writeString(source.resolve("metadata.json"), "{}");
    Path archive = tmp.resolve("meta.chrsnap");

    // when
    SnapshotManifest manifest =
        SnapshotArchive.writeDirectory(
            archive,
            SnapshotMetadata.meta("c", "__meta", 1, 5, 1, Instant.now()),
            source,
            Compression.NONE);

    // then
    assertThat(manifest.partitions()).isEmpty();
    assertThat(new String(Files.readAllBytes(archive), StandardCharsets.UTF_8))
        .contains("\"partitions\":[]");
  }

  // ---- helpers

  static SnapshotMetadata sharedMetadata() {
    return SnapshotMetadata.group(
        "cluster-1",
        "group-orders-0..1",
        "orders",
        List.of(0, 1),
        7,
        4242,
        1,
        Instant.parse("2026-11-24T00:00:00Z"));
  }

  /** A group snapshot dir as GroupReplicas writes it: a dir per partition, group.state last. */
  static Path groupSnapshot(Path dir, List<Integer> partitions) throws IOException {
    StringBuilder state = new StringBuilder();
    for (int p : partitions) {
      Path own = dir.resolve(Integer.toString(p));
      SnapshotFixtures.writeMixed(own.resolve("00000000000000000000.log"), 200_000 + p, 10 + p);
      Files.writeString(own.resolve("leader-epoch-checkpoint"), "0\n1\n0 0\n");
      Files.writeString(own.resolve("partition.state"), "state of " + p);
      state.append(p).append('\n');
    }
    Files.writeString(dir.resolve("group.state"), state);
    return dir;
  }

  /**
   * The archive with {@code from} replaced by {@code to} in its manifest (padded with spaces to the
   * reserved length) and the header's manifest CRC made to match: damage a CRC cannot catch.
   */
  static byte[] rewriteManifest(byte[] archive, String from, String to) {
    ArchiveHeader header =
        ArchiveHeader.decode(java.util.Arrays.copyOf(archive, ArchiveHeader.LENGTH));
    int length = header.manifestLength();
    String json =
        new String(archive, ArchiveHeader.LENGTH, length, StandardCharsets.UTF_8).stripTrailing();
    assertThat(json).contains(from);
    byte[] changed = json.replace(from, to).getBytes(StandardCharsets.UTF_8);
    assertThat(changed.length).isLessThanOrEqualTo(length);
    byte[] padded = java.util.Arrays.copyOf(changed, length);
    java.util.Arrays.fill(padded, changed.length, length, (byte) ' ');
    byte[] out = archive.clone();
    byte[] newHeader =
        new ArchiveHeader(
                header.formatVersion(), length, (int) ArchiveHeader.crc(padded, padded.length))
            .encode();
    System.arraycopy(newHeader, 0, out, 0, ArchiveHeader.LENGTH);
    System.arraycopy(padded, 0, out, ArchiveHeader.LENGTH, length);
    return out;
  }
}
