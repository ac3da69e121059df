package io.chronik.broker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A damaged archive is always caught, and the damage is named. */
class ArchiveCorruptionTest {
  @TempDir static Path tmp;

  /** Per compression: an archive with a payload of several chunks, and its head length. */
  private static final List<byte[]> ARCHIVES = new ArrayList<>();

  private static final List<Integer> HEADS = new ArrayList<>();

  @BeforeAll
  static void writeArchives() throws IOException {
    Path source = SnapshotFixtures.snapshotDir(tmp, 5 * 1024 * 1024);
    for (Compression c : Compression.values()) {
      Path archive = tmp.resolve(c.id() + ".chrsnap");
      SnapshotArchive.writeDirectory(archive, SnapshotFixtures.partitionMetadata(), source, c);
      byte[] bytes = Files.readAllBytes(archive);
      ARCHIVES.add(bytes);
      HEADS.add(SnapshotArchive.headLength(bytes));
    }
  }

  static Stream<Arguments> flips() {
    List<Arguments> args = new ArrayList<>();
    for (Compression c : Compression.values()) {
      for (String where :
          List.of(
              "magic",
              "version",
              "manifest-length",
              "manifest-crc",
              "header-crc",
              "manifest-start",
              "manifest-middle",
              "manifest-padding",
              "payload-start",
              "payload-middle",
              "payload-end")) {
        args.add(Arguments.of(c, where));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("flips")
  void shouldNameTheDamagedRegionWhenOneByteIsFlipped(Compression compression, String where)
      throws IOException {
    // given
    byte[] archive = ARCHIVES.get(compression.ordinal()).clone();
    int head = HEADS.get(compression.ordinal());
    int position = position(where, head, archive.length);
    archive[position] ^= 0x10;

    // when
    VerifyResult result = SnapshotArchive.verify(new ByteArrayInputStream(archive));

    // then
    assertThat(result.ok()).as("flip at %d (%s)", position, where).isFalse();
    ArchiveProblem first = result.problems().get(0);
    if (position < SnapshotArchive.HEADER_LENGTH) {
      assertThat(first.region()).isEqualTo("header");
      assertThat(first.error()).isIn(SnapshotError.HEADER_CORRUPT, SnapshotError.NOT_AN_ARCHIVE);
    } else if (position < head) {
      assertThat(first.error()).isEqualTo(SnapshotError.MANIFEST_CORRUPT);
      assertThat(first.message()).contains("manifest (bytes 24..");
    } else {
      assertThat(first.error()).isEqualTo(SnapshotError.PAYLOAD_CORRUPT);
      assertThat(first.start()).isLessThanOrEqualTo(position);
      assertThat(first.end()).isGreaterThan(position);
      assertThat(first.message()).contains("payload bytes " + first.start() + "..");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"NONE"})
  void shouldNameTheFileWhenAnUncompressedPayloadByteIsFlipped(Compression compression)
      throws IOException {
    // given
    byte[] archive = ARCHIVES.get(compression.ordinal()).clone();
    SnapshotManifest manifest = SnapshotArchive.readManifest(new ByteArrayInputStream(archive));
    SnapshotManifest.FileEntry log =
        manifest.files().stream().filter(f -> f.name().endsWith(".log")).findFirst().orElseThrow();
    int position = HEADS.get(compression.ordinal()) + (int) log.offset() + 12345;
    archive[position] ^= 0x01;

    // when
    VerifyResult result = SnapshotArchive.verify(new ByteArrayInputStream(archive));

    // then
    assertThat(result.problems())
        .extracting(ArchiveProblem::error, ArchiveProblem::subject)
        .contains(org.assertj.core.groups.Tuple.tuple(SnapshotError.FILE_CORRUPT, log.name()));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldCatchEveryFlippedByteWhenArchiveIsSmall(Compression compression) throws IOException {
    // given: a small archive, flipped at every single position in turn
    Path source = Files.createDirectories(tmp.resolve("small-" + compression.id()));
    SnapshotFixtures.writeMixed(source.resolve("a.log"), 3000, 7);
    Files.writeString(source.resolve("b.txt"), "hello snapshot");
    Path file = tmp.resolve("small-" + compression.id() + ".chrsnap");
    SnapshotArchive.writeDirectory(file, SnapshotFixtures.partitionMetadata(), source, compression);
    byte[] archive = Files.readAllBytes(file);

    // when
    List<Integer> missed = new ArrayList<>();
    for (int i = 0; i < archive.length; i++) {
      byte[] damaged = archive.clone();
      damaged[i] ^= (byte) (1 << (i % 8));
      if (SnapshotArchive.verify(new ByteArrayInputStream(damaged)).ok()) {
        missed.add(i);
      }
    }

    // then
    assertThat(missed).as("positions whose damage went unnoticed").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldReportTruncationWhenArchiveIsCut(Compression compression) throws IOException {
    // given
    byte[] archive = ARCHIVES.get(compression.ordinal());
    int head = HEADS.get(compression.ordinal());
    int[] cuts = {10, 30, head - 1, head + 5000, archive.length - 1};

    for (int cut : cuts) {
      // when
      VerifyResult result =
          SnapshotArchive.verify(new ByteArrayInputStream(Arrays.copyOf(archive, cut)));

      // then
      assertThat(result.problems()).as("cut at %d", cut).isNotEmpty();
      assertThat(result.problems().get(0).error())
          .as("cut at %d", cut)
          .isEqualTo(SnapshotError.LENGTH_MISMATCH);
      assertThat(result.problems().get(0).message()).contains("truncated");
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldReportTrailingBytesWhenArchiveHasMore(Compression compression) throws IOException {
    // given
    byte[] archive = ARCHIVES.get(compression.ordinal());
    byte[] longer = Arrays.copyOf(archive, archive.length + 3);

    // when
    VerifyResult result = SnapshotArchive.verify(new ByteArrayInputStream(longer));

    // then
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.error()).isEqualTo(SnapshotError.LENGTH_MISMATCH);
              assertThat(p.message()).contains("3 unexpected bytes after its payload");
            });
  }

  private static int position(String where, int head, int length) {
    return switch (where) {
      case "magic" -> 3;
      case "version" -> 11;
      case "manifest-length" -> 14;
      case "manifest-crc" -> 17;
      case "header-crc" -> 23;
      case "manifest-start" -> SnapshotArchive.HEADER_LENGTH;
      case "manifest-middle" -> (SnapshotArchive.HEADER_LENGTH + head) / 2;
      case "manifest-padding" -> head - 1;
      case "payload-start" -> head;
      case "payload-middle" -> (head + length) / 2;
      case "payload-end" -> length - 1;
      default -> throw new IllegalArgumentException(where);
    };
  }
}
