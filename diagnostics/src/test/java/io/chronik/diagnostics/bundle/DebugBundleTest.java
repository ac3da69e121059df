package io.chronik.diagnostics.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.Doctor;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Report;
import io.chronik.diagnostics.ReportJson;
import io.chronik.diagnostics.Selection;
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
    Selection all = Selection.of(Selection.ALL, List.of(), List.of(), false);
    Report offline =
        Doctor.run(
            all,
            new CheckInput(
                new ClusterProbe(
                        bundle, bundle.timeout(), Clock.fixed(bundle.createdAt(), ZoneOffset.UTC))
                    .probe(bundle.seed(), all.extras()),
                Thresholds.defaults(),
                new NoLocalHost(),
                null));

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
