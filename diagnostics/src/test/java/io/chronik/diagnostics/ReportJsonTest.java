package io.chronik.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldWriteExactlyTheDocumentedFieldsWhenSerialized() throws Exception {
    // given: a report with a finding, a node and a skipped check
    Selection selection = Selection.of("performance", List.of(), List.of(), false);
    Report report = Doctor.run(selection, Fixtures.input("three-one-down"));

    // when
    JsonNode json = JSON.readTree(JSON.writeValueAsString(ReportJson.of(report)));

    // then
    assertThat(paths(json)).containsExactlyElementsOf(ReportJson.FIELDS.keySet());
  }

  @Test
  void shouldWriteNullNodeAndEmptyStringsWhenFindingIsAboutCluster() throws Exception {
    // given
    Report report =
        Doctor.run(
            Selection.of(null, List.of("raft.quorum"), List.of(), false),
            Fixtures.input("three-healthy"));

    // when
    JsonNode check =
        JSON.readTree(JSON.writeValueAsString(ReportJson.of(report))).get("checks").get(0);

    // then
    assertThat(check.get("node").isNull()).isTrue();
    assertThat(check.get("code").asText()).isEmpty();
    assertThat(check.get("remedy").isTextual()).isTrue();
  }

  /** Field paths in document order, arrays as {@code name[]}, first element only. */
  private static List<String> paths(JsonNode node) {
    List<String> paths = new ArrayList<>();
    collect("", node, paths);
    return paths;
  }

  private static void collect(String prefix, JsonNode node, List<String> paths) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode child = node.get(name);
      String path = prefix + name;
      if (child.isObject()) {
        collect(path + ".", child, paths);
      } else if (child.isArray()) {
        if (!child.isEmpty() && child.get(0).isObject()) {
          collect(path + "[].", child.get(0), paths);
        }
      } else {
        paths.add(path);
      }
    }
  }
}
