package io.chronik.diagnostics.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ErrorCatalogueTest {
  private static final Pattern CODE = Pattern.compile("CHR-\\d{4}");
  private static final Path ROOT = Path.of(System.getProperty("chronik.root", ".."));

  @Test
  void shouldUseTheCodeFormatWithoutDuplicatesWhenDefined() {
    // when
    List<String> codes = ErrorCatalogue.all().stream().map(ErrorCode::code).toList();

    // then
    assertThat(codes).isNotEmpty().doesNotHaveDuplicates().allMatch(c -> c.matches("CHR-\\d{4}"));
    assertThat(codes).isSorted();
  }

  @Test
  void shouldDocumentEveryEntryFullyWhenDefined() {
    // then
    assertThat(ErrorCatalogue.all())
        .allSatisfy(
            e -> {
              assertThat(e.title()).as(e.code()).isNotBlank();
              assertThat(e.raisedBy()).as(e.code()).isNotBlank();
              assertThat(e.cause()).as(e.code()).isNotBlank();
              assertThat(e.confirm()).as(e.code()).isNotBlank();
              assertThat(e.fix()).as(e.code()).isNotBlank();
              assertThat(e.exitCode()).as(e.code()).isIn(-1, 1, 64, 65, 69);
            });
  }

  @Test
  void shouldCatalogueEveryCodeThatSourcesOrDocsMentionWhenScanned() {
    // given: every CHR code in the main sources of every module and in the hand-written docs
    Map<String, Set<String>> found = new TreeMap<>();
    for (String module : List.of("broker", "diagnostics", "cli")) {
      scan(ROOT.resolve(module).resolve("src/main"), found);
    }
    scan(ROOT.resolve("docs"), found);
    scan(ROOT.resolve("scripts"), found);

    // when
    Set<String> missing = new TreeSet<>(found.keySet());
    ErrorCatalogue.all().forEach(e -> missing.remove(e.code()));

    // then
    assertThat(found)
        .as("codes found in %s", ROOT)
        .containsKeys("CHR-1001", "CHR-2001", "CHR-6001");
    assertThat(missing).as("codes used but not in ErrorCatalogue (used in %s)", found).isEmpty();
  }

  @Test
  void shouldCoverEveryCodeOfTheOriginalExitCodesTableWhenCompared() {
    // given: the codes docs/exit-codes.md listed before it was generated
    List<String> original =
        List.of(
            "CHR-1001",
            "CHR-1002",
            "CHR-1003",
            "CHR-1004",
            "CHR-1005",
            "CHR-1006",
            "CHR-1007",
            "CHR-1008",
            "CHR-1101",
            "CHR-1201",
            "CHR-2001",
            "CHR-2002",
            "CHR-2003",
            "CHR-2004",
            "CHR-2005",
            "CHR-3001",
            "CHR-6001",
            "CHR-6002",
            "CHR-6003",
            "CHR-6004");

    // then
    assertThat(original).allSatisfy(code -> assertThat(ErrorCatalogue.find(code)).isPresent());
  }

  @Test
  void shouldCoverTheCommonErrorsWhenDefined() {
    // then: quorum lost, not leader, log truncated, snapshot checksum, store access, disk full,
    // peer address unknown, Raft port refused
    assertThat(
            List.of(
                "CHR-1202",
                "CHR-1203",
                "CHR-3002",
                "CHR-3105",
                "CHR-3107",
                "CHR-3202",
                "CHR-2101",
                "CHR-1201",
                "CHR-1204"))
        .allSatisfy(code -> assertThat(ErrorCatalogue.find(code)).isPresent());
  }

  @Test
  void shouldDefineEveryNamedConstantWhenReferenced() throws IllegalAccessException {
    // given
    List<String> constants = new ArrayList<>();
    for (Field field : ErrorCatalogue.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        constants.add((String) field.get(null));
      }
    }

    // then
    assertThat(constants).isNotEmpty();
    assertThat(constants).allSatisfy(code -> assertThat(ErrorCatalogue.find(code)).isPresent());
  }

  @Test
  void shouldFindCodesWrittenLooselyWhenLookingUp() {
    // then
    assertThat(ErrorCatalogue.find("chr-1202")).isPresent();
    assertThat(ErrorCatalogue.find("1202")).isPresent();
    assertThat(ErrorCatalogue.find(" CHR1202 ")).isPresent();
    assertThat(ErrorCatalogue.find("CHR-9999")).isEmpty();
  }

  @Test
  void shouldSuggestCloseCodesWhenCodeIsUnknown() {
    // then
    assertThat(ErrorCatalogue.suggestions("CHR-1000"))
        .containsExactly("CHR-1001", "CHR-1002", "CHR-1003");
    assertThat(ErrorCatalogue.suggestions("CHR-1020")).contains("CHR-1002");
    assertThat(ErrorCatalogue.suggestions("CHR-9999")).isEmpty();
  }

  private static void scan(Path dir, Map<String, Set<String>> found) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().matches(".*\\.(java|md|sh|xml|properties)$"))
          .filter(f -> !f.endsWith("troubleshooting.md"))
          .forEach(
              f -> {
                Matcher m = CODE.matcher(read(f));
                while (m.find()) {
                  found
                      .computeIfAbsent(m.group(), k -> new TreeSet<>())
                      .add(ROOT.relativize(f).toString());
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
