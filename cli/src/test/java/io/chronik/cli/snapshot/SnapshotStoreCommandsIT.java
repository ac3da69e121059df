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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The snapshot commands against an S3 store (s3proxy in-process on an ephemeral loopback port),
 * configured the way an operator does it: a store URI and the broker's S3_* variables.
 */
class SnapshotStoreCommandsIT {
  private static final String BUCKET = "backups";
  private static final String STORE = "s3://" + BUCKET + "/chronik";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final S3ProxyExtension s3Proxy = TestS3.proxy();

  @TempDir Path tmp;
  private S3Client s3;

  @BeforeEach
  void createBucket() {
    s3 = TestS3.client(s3Proxy);
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterEach
  void close() {
    s3.close();
  }

  /** Uploads an archive of orders-0 at {@code index} of cluster c1; returns its key. */
  private String upload(long index) throws IOException {
    Path source = Files.createDirectories(tmp.resolve("source-" + index));
    byte[] data = new byte[2 * 1024 * 1024];
    new Random(index).nextBytes(data);
    Files.write(source.resolve("00000000000000000000.log"), data);
    Path file = tmp.resolve(index + ".chrsnap");
    SnapshotArchive.writeDirectory(
        file,
        SnapshotMetadata.partition("c1", "g-orders-0", "orders", 0, 2, index, 1, Instant.now()),
        source,
        Compression.LZ4);
    String key = "chronik/" + new SnapshotName("orders-0", index, 2, 1).storeKey("c1");
    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(file));
    return key;
  }

  @Test
  void shouldListInspectAndVerifyWhenArchivesAreInS3() throws IOException {
    // given
    upload(100);
    String key = upload(200);
    String uri = "s3://" + BUCKET + "/" + key;

    // when
    CliRun list =
        CliRun.run(TestS3.env(s3Proxy), "snapshot", "list", "--store", STORE, "-o", "json");
    CliRun inspect = CliRun.run(TestS3.env(s3Proxy), "snapshot", "inspect", uri, "-o", "json");
    CliRun verify =
        CliRun.run(
            TestS3.env(s3Proxy), "snapshot", "verify", "--store", STORE, "--cluster-id", "c1");

    // then
    assertThat(list.exitCode()).as(list.err()).isZero();
    JsonNode snapshots = JSON.readTree(list.out()).get("snapshots");
    assertThat(snapshots)
        .extracting(s -> s.get("id").asText() + " " + s.get("where").asText())
        .containsExactly("orders-0@100 store", "orders-0@200 store");
    assertThat(snapshots.get(1).get("compression").asText()).isEqualTo("lz4");
    assertThat(snapshots.get(1).get("store").asText()).isEqualTo(uri);

    assertThat(inspect.exitCode()).as(inspect.err()).isZero();
    JsonNode archive = JSON.readTree(inspect.out()).get("archives").get(0);
    assertThat(archive.get("location").asText()).isEqualTo(uri);
    assertThat(archive.get("manifest").get("index").asLong()).isEqualTo(200);

    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.outLines()).last().isEqualTo("verified 2 archives: 2 ok, 0 damaged");
  }

  @Test
  void shouldExitDataErrorWhenStoredArchiveIsDamaged() throws IOException {
    // given: an object whose last byte was flipped in the store
    String key = upload(300);
    byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    bytes[bytes.length - 1] ^= 0x10;
    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));

    // when
    CliRun run =
        CliRun.run(TestS3.env(s3Proxy), "snapshot", "verify", "orders-0@300", "--store", STORE);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.outLines().get(0)).startsWith("DAMAGED  orders-0@300 (store) s3://");
    assertThat(run.outLines().get(1)).startsWith("  CHR-3105: ");
  }

  @Test
  void shouldPruneStoreKeepingNewestWhenKeepIsOne() throws IOException {
    // given
    upload(100);
    upload(200);
    upload(300);

    // when
    CliRun run =
        CliRun.run(
            TestS3.env(s3Proxy), "snapshot", "prune", "--store", STORE, "--keep", "1", "--yes");

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents())
        .extracting(o -> o.key())
        .containsExactly("chronik/c1/orders-0/00000000000000000300-2-n1.chrsnap");
  }

  @Test
  void shouldExitUnavailableWhenCredentialsAreWrong() {
    // when
    CliRun run =
        CliRun.run(
            Map.of(
                "S3_ENDPOINT", s3Proxy.getUri().toString(),
                "S3_REGION", "us-east-1",
                "S3_PATH_STYLE", "true",
                "S3_ACCESS_KEY", TestS3.ACCESS_KEY,
                "S3_SECRET_KEY", "wrong"),
            "snapshot",
            "list",
            "--store",
            STORE);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.errLines().get(0)).endsWith("[CHR-3202]");
  }
}
