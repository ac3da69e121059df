package io.chronik.diagnostics.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Doctor;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Report;
import io.chronik.diagnostics.ReportJson;
import io.chronik.diagnostics.Selection;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.local.NoLocalHost;
import io.chronik.diagnostics.probe.AdminTransport;
import io.chronik.diagnostics.probe.ClusterProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebugBundleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shouldGiveTheCollectedFindingsOfflineWhenNodeWasDown() throws Exception {
    // given: a cluster whose node 3 refuses connections, collected into a bundle
    Map.Entry<String, AdminTransport> cluster = Fixtures.transport("three-one-down");
    Path zip = dir.resolve("b.zip");
    DebugBundle.Collected collected =
        DebugBundle.collect(
            cluster.getValue(), cluster.getKey(), Duration.ofMillis(300), 100, "test", zip);

    // when
    BundleTransport bundle = BundleTransport.open(zip);
    Report offline = offline(zip, Selection.of(Selection.ALL, List.of(), List.of(), false));

    // then
    JsonNode atCollection = JSON.readTree(DebugBundle.collectedReport(zip));
    JsonNode replayed = JSON.readTree(JSON.writeValueAsString(ReportJson.of(offline)));
    assertThat(replayed).isEqualTo(atCollection);
    assertThat(collected.failures()).isPositive();
    assertThat(offline.findings())
        .anySatisfy(
            f -> {
              assertThat(f.result().id()).isEqualTo("node.reachable");
              assertThat(f.result().summary())
                  .isEqualTo("node 3 did not answer at 10.0.0.3:9644: connection refused");
            });
    assertThat(bundle.seed()).isEqualTo("10.0.0.1:9644");
  }

  /** The report of the checks against the bundle, probing the store as doctor --bundle does. */
  private static Report offline(Path zip, Selection selection) throws java.io.IOException {
    BundleTransport bundle = BundleTransport.open(zip);
    return Doctor.run(
        selection,
        new CheckInput(
            new ClusterProbe(
                    bundle, bundle.timeout(), Clock.fixed(bundle.createdAt(), ZoneOffset.UTC))
                .probingStore(true)
                .probe(bundle.seed(), selection.extras()),
            Thresholds.defaults(),
            new NoLocalHost(),
            null));
  }

  private static CheckResult storeFinding(Report report) {
    return report.findings().stream()
        .map(f -> f.result())
        .filter(r -> r.id().equals("snapshot.store-reachable"))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @CsvSource({
    "snapshots-fresh, node 1 wrote, read and deleted a probe object in s3://backups/chronik",
    "snapshots-no-store, node 1 has no snapshot store"
  })
  void shouldRecordStoreProbeAndReplayItWhenBundleIsCollected(String fixture, String summary)
      throws Exception {
    // given
    Map.Entry<String, AdminTransport> cluster = Fixtures.transport(fixture);
    Path zip = dir.resolve("b.zip");

    // when
    DebugBundle.Collected collected =
        DebugBundle.collect(
            cluster.getValue(), cluster.getKey(), Duration.ofMillis(300), 100, "test", zip);
    Report replayed =
        offline(
            zip, Selection.of("snapshots", List.of("snapshot.store-reachable"), List.of(), false));

    // then: the probe is in the bundle, and both reports are OK
    assertThat(storeFinding(collected.report()).status()).isEqualTo(Status.OK);
    assertThat(storeFinding(collected.report()).summary()).startsWith(summary);
    assertThat(storeFinding(replayed).status()).isEqualTo(Status.OK);
    assertThat(storeFinding(replayed).summary()).startsWith(summary);
    assertThat(replayed.verdict()).isEqualTo(Status.OK);
    assertThat(JSON.readTree(DebugBundle.collectedReport(zip)).get("checks"))
        .anySatisfy(
            c -> {
              assertThat(c.get("id").asText()).isEqualTo("snapshot.store-reachable");
              assertThat(c.get("status").asText()).isEqualTo("OK");
            });
  }

  @Test
  void shouldSayBundleHoldsNoStoreProbeWhenCollectedWithoutOne() throws Exception {
    // given: a bundle whose manifest has no store probe, as an older chronik collected it
    Map.Entry<String, AdminTransport> cluster = Fixtures.transport("snapshots-fresh");
    Path zip = dir.resolve("b.zip");
    DebugBundle.collect(
        cluster.getValue(), cluster.getKey(), Duration.ofMillis(300), 100, "test", zip);
    Path old = dir.resolve("old.zip");
    withoutStoreProbe(zip, old);

    // when
    Report replayed =
        offline(
            old, Selection.of("snapshots", List.of("snapshot.store-reachable"), List.of(), false));

    // then
    CheckResult store = storeFinding(replayed);
    assertThat(store.status()).isEqualTo(Status.UNKNOWN);
    assertThat(store.details()).contains("not in the bundle");
    assertThat(store.remedy()).contains("the bundle holds no store probe by this node");
  }

  /** Copies the bundle, leaving the store probe out of its manifest. */
  private static void withoutStoreProbe(Path from, Path to) throws java.io.IOException {
    try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(from.toFile());
        java.util.zip.ZipOutputStream out =
            new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
      for (java.util.zip.ZipEntry e : java.util.Collections.list(in.entries())) {
        byte[] bytes = in.getInputStream(e).readAllBytes();
        if (e.getName().equals(DebugBundle.MANIFEST)) {
          com.fasterxml.jackson.databind.node.ObjectNode manifest =
              (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(bytes);
          com.fasterxml.jackson.databind.node.ArrayNode kept = JSON.createArrayNode();
          manifest
              .get("exchanges")
              .forEach(
                  x -> {
                    if (!x.get("path").asText().contains("probe-store")) {
                      kept.add(x);
                    }
                  });
          manifest.set("exchanges", kept);
          bytes = JSON.writeValueAsBytes(manifest);
        }
        out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
  }

  @Test
  void shouldRefuseFileWhenItIsNotABundle() throws Exception {
    // given
    Path notZip = Files.writeString(dir.resolve("x.zip"), "hello");

    // then
    assertThatThrownBy(() -> BundleTransport.open(notZip)).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void shouldRedactSecretsWhenBodiesAreStored() {
    // given
    String body =
        "{\"config\": {\"peers\": [\"1@h:1\"], \"s3SecretKey\": \"abc\", \"token\": \"t0k\"},"
            + " \"lines\": [\"connecting with password=hunter2 to s3\", \"plain line\"]}";

    // when
    String stored = Redaction.body(body);

    // then
    assertThat(stored)
        .contains("\"s3SecretKey\" : \"<redacted>\"", "\"token\" : \"<redacted>\"")
        .contains("password=<redacted> to s3", "1@h:1", "plain line")
        .doesNotContain("abc", "t0k", "hunter2");
    assertThat(Redaction.text("CHRONIK_ADMIN_TOKEN=xyz other=1"))
        .isEqualTo("CHRONIK_ADMIN_TOKEN=<redacted> other=1");
  }
}
