package io.chronik.broker.snapshot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.ChronikException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

  @Test
  void shouldMapSeedS3VariablesWhenBackendIsS3() {
    // given
    Map<String, String> env =
        Map.of(
            "OBJECT_STORE_BACKEND", "s3",
            "S3_BUCKET", "backups",
            "S3_PREFIX", "/chronik/prod/",
            "S3_REGION", "eu-west-1",
            "S3_ENDPOINT", "http://minio:9000",
            "S3_PATH_STYLE", "true",
            "S3_ACCESS_KEY", "AKIA",
            "S3_SECRET_KEY", "s3cr3t");

    // when
    StoreTarget target = StoreSettings.fromEnvironment(env).orElseThrow();

    // then
    assertThat(target.uri()).isEqualTo(URI.create("s3://backups/chronik/prod"));
    StoreSettings s = target.settings();
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(s.pathStyle()).isTrue();
    assertThat(s.accessKey()).isEqualTo("AKIA");
    assertThat(s.secretKey()).isEqualTo("s3cr3t");
    assertThat(s.toString()).doesNotContain("s3cr3t").doesNotContain("AKIA");
  }

  @Test
  void shouldUseGcsBucketWhenBackendIsGcs() {
    // when
    StoreTarget target =
        StoreSettings.fromEnvironment(
                Map.of("OBJECT_STORE_BACKEND", "gcs", "GCS_BUCKET", "gbackups", "S3_PREFIX", "c1"))
            .orElseThrow();

    // then
    assertThat(target.uri()).isEqualTo(URI.create("gs://gbackups/c1"));
  }

  @Test
  void shouldMapAzureVariablesWhenBackendIsAzure() {
    // when
    StoreTarget target =
        StoreSettings.fromEnvironment(
                Map.of(
                    "OBJECT_STORE_BACKEND", "azure",
                    "AZURE_CONTAINER", "snaps",
                    "AZURE_ACCOUNT_NAME", "acct",
                    "AZURE_ACCOUNT_KEY", "a2V5",
                    "AZURE_ENDPOINT", "http://127.0.0.1:10000/acct"))
            .orElseThrow();

    // then
    assertThat(target.uri()).isEqualTo(URI.create("azure://snaps"));
    assertThat(target.settings().azureAccountName()).isEqualTo("acct");
    assertThat(target.settings().azureAccountKey()).isEqualTo("a2V5");
    assertThat(target.settings().azureEndpoint())
        .isEqualTo(URI.create("http://127.0.0.1:10000/acct"));
    assertThat(target.settings().toString()).doesNotContain("a2V5");
  }

  @Test
  void shouldPreferExplicitStoreUriWhenBothAreSet() {
    // when
    StoreTarget target =
        StoreSettings.fromEnvironment(
                Map.of(
                    "CHRONIK_SNAPSHOT_STORE", "file:///var/backups/chronik",
                    "OBJECT_STORE_BACKEND", "s3",
                    "S3_BUCKET", "ignored"))
            .orElseThrow();

    // then
    assertThat(target.uri()).isEqualTo(URI.create("file:///var/backups/chronik"));
  }

  @Test
  void shouldConfigureNoStoreWhenBackendIsLocalOrUnset() {
    assertThat(StoreSettings.fromEnvironment(Map.of("OBJECT_STORE_BACKEND", "local"))).isEmpty();
    assertThat(StoreSettings.fromEnvironment(Map.of())).isEmpty();
  }

  @Test
  void shouldFailWithUsageErrorWhenBucketIsMissing() {
    assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("OBJECT_STORE_BACKEND", "s3")))
        .isInstanceOfSatisfying(
            ChronikException.class,
            e -> {
              assertThat(e.code()).isEqualTo("CHR-3205");
              assertThat(e.kind()).isEqualTo(ChronikException.Kind.USAGE);
              assertThat(e.getMessage()).contains("needs S3_BUCKET");
            });
  }

  @Test
  void shouldFailWithUsageErrorWhenBackendOrSchemeIsUnknown() {
    assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("OBJECT_STORE_BACKEND", "ftp")))
        .hasMessageContaining("not one of s3|gcs|azure|local");
    assertThatThrownBy(
            () -> SnapshotStores.open(URI.create("ftp://host/x"), StoreSettings.defaults()))
        .hasMessageContaining("CHR-3205");
  }

  @Test
  void shouldRefuseFileUriWithUsageErrorWhenItNamesAHost() {
    // when / then: file://tmp/store names the host 'tmp', not the directory /tmp/store
    assertThatThrownBy(() -> SnapshotStores.parseUri("file://relative/x"))
        .isInstanceOfSatisfying(
            ChronikException.class,
            e -> {
              assertThat(e.code()).isEqualTo("CHR-3205");
              assertThat(e.kind()).isEqualTo(ChronikException.Kind.USAGE);
              assertThat(e.getMessage()).contains("file://relative/x").contains("file:///");
            });
    assertThatThrownBy(
            () -> SnapshotStores.open(URI.create("file://relative/x"), StoreSettings.defaults()))
        .isInstanceOfSatisfying(
            ChronikException.class, e -> assertThat(e.code()).isEqualTo("CHR-3205"));
    assertThatThrownBy(() -> SnapshotStores.parseUri("file:relative/x"))
        .isInstanceOfSatisfying(
            ChronikException.class, e -> assertThat(e.getMessage()).contains("file:///"));
  }

  @Test
  void shouldAcceptFileUriWhenItHasThreeSlashes() {
    // when
    URI uri = SnapshotStores.parseUri("file:///tmp/store");

    // then
    assertThat(uri).isEqualTo(URI.create("file:///tmp/store"));
  }

  @Test
  void shouldSplitBucketAndPrefixWhenParsingStoreUri() {
    // when
    StoreLocation location = StoreLocation.of(URI.create("s3://my.bucket/a/b/"));

    // then
    assertThat(location.bucket()).isEqualTo("my.bucket");
    assertThat(location.prefix()).isEqualTo("a/b");
    assertThat(location.key("g/1.chrsnap")).isEqualTo("a/b/g/1.chrsnap");
    assertThat(location.relative("a/b/g/1.chrsnap")).isEqualTo("g/1.chrsnap");
    assertThatThrownBy(() -> location.key("../escape"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
