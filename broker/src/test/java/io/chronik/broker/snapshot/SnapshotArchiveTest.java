package io.chronik.broker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SnapshotArchiveTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldRoundTripEveryFileWhenCompressedWith(Compression compression) throws IOException {
    // given
    Path source = SnapshotFixtures.snapshotDir(tmp, 3 * 1024 * 1024 + 17);
    Path archive = tmp.resolve("snap.chrsnap");

    // when
    SnapshotManifest written =
        SnapshotArchive.writeDirectory(
            archive, SnapshotFixtures.partitionMetadata(), source, compression);
    VerifyResult verified = SnapshotArchive.verify(archive);
    SnapshotManifest extracted = SnapshotArchive.extract(archive, tmp.resolve("restored"));

    // then
    assertThat(verified.problems()).isEmpty();
    assertThat(verified.bytesRead()).isEqualTo(Files.size(archive));
    assertThat(extracted).isEqualTo(written);
    assertThat(written.compression()).isEqualTo(compression);
    assertThat(written.files())
        .extracting(SnapshotManifest.FileEntry::name)
        .containsExactly(
            "00000000000000000000.index",
            "00000000000000000000.log",
            "empty.txt",
            "state/leader-epoch-checkpoint");
    for (SnapshotManifest.FileEntry file : written.files()) {
      assertThat(tmp.resolve("restored").resolve(file.name()))
          .hasSameBinaryContentAs(source.resolve(file.name()));
    }
  }

  @Test
  void shouldKeepIdentityAndPropertiesWhenManifestIsRead() throws IOException {
    // given
    Path source = SnapshotFixtures.snapshotDir(tmp, 1000);
    Path archive = tmp.resolve("snap.chrsnap");
    SnapshotMetadata metadata = SnapshotFixtures.partitionMetadata();

    // when
    SnapshotArchive.writeDirectory(archive, metadata, source, Compression.ZSTD);
    SnapshotManifest manifest = SnapshotArchive.readManifest(archive);

    // then
    assertThat(manifest.metadata()).isEqualTo(metadata);
    assertThat(manifest.formatVersion()).isEqualTo(SnapshotArchive.FORMAT_VERSION);
    assertThat(manifest.kind()).isEqualTo(SnapshotKind.PARTITION);
    assertThat(manifest.properties()).containsEntry("logEndOffset", "99");
    assertThat(manifest.createdAt()).isEqualTo("2026-11-24T00:00:00Z");
    assertThat(manifest.uncompressedLength())
        .isEqualTo(manifest.files().stream().mapToLong(SnapshotManifest.FileEntry::size).sum());
    assertThat(manifest.archiveLength(SnapshotArchive.headLength(head(archive, 24)) - 24))
        .isEqualTo(Files.size(archive));
  }

  @Test
  void shouldReadManifestWhenOnlyTheHeadBytesAreGiven() throws IOException {
    // given
    Path source = SnapshotFixtures.snapshotDir(tmp, 2 * 1024 * 1024);
    Path archive = tmp.resolve("snap.chrsnap");
    SnapshotManifest written =
        SnapshotArchive.writeDirectory(
            archive, SnapshotFixtures.partitionMetadata(), source, Compression.LZ4);
    int headLength = SnapshotArchive.headLength(head(archive, SnapshotArchive.HEADER_LENGTH));

    // when: the payload is not there at all
    SnapshotManifest read =
        SnapshotArchive.readManifest(new ByteArrayInputStream(head(archive, headLength)));

    // then
    assertThat(read).isEqualTo(written);
    assertThat(headLength).isLessThan(8 * 1024);
    assertThat(Files.size(archive)).isGreaterThan(headLength + 1024 * 1024);
  }

  @Test
  void shouldLeaveTargetAbsentWhenExtractingCorruptArchive() throws IOException {
    // given
    Path archive = archiveOf(Compression.GZIP, 2 * 1024 * 1024);
    flip(archive, Files.size(archive) - 100);
    Path target = tmp.resolve("restore/data");

    // when / then
    assertThatThrownBy(() -> SnapshotArchive.extract(archive, target))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("CHR-3105");
    assertThat(target).doesNotExist();
    assertThat(listing(tmp.resolve("restore"))).isEmpty();
  }

  @Test
  void shouldLeaveEmptyTargetEmptyWhenExtractingCorruptArchive() throws IOException {
    // given
    Path archive = archiveOf(Compression.NONE, 1024 * 1024);
    flip(archive, Files.size(archive) / 2);
    Path target = Files.createDirectories(tmp.resolve("restore/data"));

    // when / then
    assertThatThrownBy(() -> SnapshotArchive.extract(archive, target))
        .isInstanceOf(SnapshotFormatException.class);
    assertThat(target).isEmptyDirectory();
    assertThat(listing(tmp.resolve("restore"))).containsExactly(target);
  }

  @Test
  void shouldRefuseToExtractWhenTargetIsNotEmpty() throws IOException {
    // given
    Path archive = archiveOf(Compression.NONE, 1000);
    Path target = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(target.resolve("node.json"), "{}");

    // when / then
    assertThatThrownBy(() -> SnapshotArchive.extract(archive, target))
        .isInstanceOf(DirectoryNotEmptyException.class);
    assertThat(listing(target)).containsExactly(target.resolve("node.json"));
  }

  @Test
  void shouldRefuseNewerFormatVersionWhenReadingOrVerifying() throws IOException {
    // given: a valid header that announces format version 2
    Path archive = archiveOf(Compression.NONE, 1000);
    byte[] bytes = Files.readAllBytes(archive);
    ArchiveHeader original = ArchiveHeader.decode(bytes);
    byte[] newer =
        new ArchiveHeader(2, original.manifestLength(), original.manifestCrc32c()).encode();
    System.arraycopy(newer, 0, bytes, 0, newer.length);
    Files.write(archive, bytes);

    // when / then
    assertThatThrownBy(() -> SnapshotArchive.readManifest(archive))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("CHR-3103")
        .hasMessageContaining("format version 2 is newer than this chronik reads (up to 1)");
    VerifyResult result = SnapshotArchive.verify(archive);
    assertThat(result.problems())
        .singleElement()
        .extracting(ArchiveProblem::error)
        .isEqualTo(SnapshotError.NEWER_FORMAT);
  }

  @Test
  void shouldSayNotAnArchiveWhenFileIsSomethingElse() throws IOException {
    // given
    Path other = SnapshotFixtures.writeMixed(tmp.resolve("segment.log"), 5000, 3);

    // when
    VerifyResult result = SnapshotArchive.verify(other);

    // then
    assertThat(result.ok()).isFalse();
    assertThat(result.problems().get(0).error()).isEqualTo(SnapshotError.NOT_AN_ARCHIVE);
    assertThat(result.problems().get(0).toString()).startsWith("CHR-3101: not a chronik snapshot");
  }

  @Test
  void shouldRejectNameOutsideBaseDirWhenWriting() throws IOException {
    // given
    Path base = Files.createDirectories(tmp.resolve("base"));
    Files.writeString(tmp.resolve("secret"), "x");

    // when / then
    assertThatThrownBy(
            () ->
                SnapshotArchive.write(
                    tmp.resolve("a.chrsnap"),
                    SnapshotFixtures.partitionMetadata(),
                    base,
                    List.of(Path.of("../secret")),
                    Compression.NONE))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("CHR-3108");
    assertThat(listing(tmp)).doesNotContain(tmp.resolve("a.chrsnap"));
  }

  @Test
  void shouldStreamLargeFilesWhenArchivingAndExtracting() throws IOException {
    // given: 64 MiB, far more than the buffers the archive code uses
    Path source = tmp.resolve("big");
    SnapshotFixtures.writeMixed(source.resolve("segment.log"), 64L * 1024 * 1024, 5);
    Path archive = tmp.resolve("big.chrsnap");

    // when
    SnapshotManifest manifest =
        SnapshotArchive.writeDirectory(
            archive, SnapshotFixtures.partitionMetadata(), source, Compression.LZ4);
    SnapshotArchive.extract(archive, tmp.resolve("out"));

    // then
    assertThat(manifest.uncompressedLength()).isEqualTo(64L * 1024 * 1024);
    assertThat(manifest.payloadChunkCrc32c()).hasSizeGreaterThan(32);
    assertThat(tmp.resolve("out/segment.log"))
        .hasSameBinaryContentAs(source.resolve("segment.log"));
  }

  private Path archiveOf(Compression compression, long segmentSize) throws IOException {
    Path source = SnapshotFixtures.snapshotDir(tmp, segmentSize);
    Path archive = tmp.resolve("snap-" + compression.id() + ".chrsnap");
    SnapshotArchive.writeDirectory(
        archive, SnapshotFixtures.partitionMetadata(), source, compression);
    return archive;
  }

  static byte[] head(Path archive, int length) throws IOException {
    try (InputStream in = Files.newInputStream(archive)) {
      return in.readNBytes(length);
    }
  }

  static void flip(Path file, long position) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) position] ^= 0x01;
    Files.write(file, bytes);
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    }
  }
}
