package io.chronik.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.snapshot.Compression;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotMetadata;
import io.chronik.broker.snapshot.SnapshotName;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/backup.sh as cron runs it: a real process of the script, with the built executable. Its
 * argument checking, and the exit code of a failing step passed through. (The full create, upload
 * and prune run against a node is an integration test of the snapshot service.)
 */
class BackupScriptIT {
  private static final Path EXECUTABLE =
      Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();

  @TempDir Path tmp;

  @Test
  void shouldPrintOptionsAndExitZeroWhenHelpIsAsked() throws Exception {
    // when
    BackupScript.Result result = BackupScript.run(Map.of(), "-h");

    // then
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("backup.sh: take a snapshot of every Raft group")
        .contains("-k KEEP")
        .contains("chronik snapshot prune --store STORE --keep KEEP")
        .doesNotContain("set -u");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void shouldExitUsageWithOneLineWhenArgumentsAreWrong() throws Exception {
    // when
    BackupScript.Result noStore = BackupScript.run(Map.of());
    BackupScript.Result badKeep =
        BackupScript.run(Map.of("CHRONIK_SNAPSHOT_STORE", tmp.toUri().toString()), "-k", "all");
    BackupScript.Result badOption = BackupScript.run(Map.of(), "-z");
    BackupScript.Result extra = BackupScript.run(Map.of(), "-s", tmp.toUri().toString(), "now");

    // then
    assertThat(noStore.exitCode()).isEqualTo(64);
    assertThat(noStore.err().lines().findFirst())
        .hasValue("backup.sh: no store to prune: give -s STORE or set CHRONIK_SNAPSHOT_STORE");
    assertThat(noStore.err()).contains("usage: backup.sh [-a ADMIN");
    assertThat(badKeep.exitCode()).isEqualTo(64);
    assertThat(badKeep.err()).startsWith("backup.sh: -k KEEP must be a number");
    assertThat(badOption.exitCode()).isEqualTo(64);
    assertThat(badOption.err()).contains("usage: backup.sh");
    assertThat(extra.exitCode()).isEqualTo(64);
    assertThat(extra.err()).startsWith("backup.sh: unexpected argument 'now'");
  }

  @Test
  void shouldExitOneWhenExecutableIsMissing() throws Exception {
    // when
    BackupScript.Result result =
        BackupScript.run(
            Map.of(), "-s", tmp.toUri().toString(), "-b", tmp.resolve("nope").toString());

    // then
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("backup.sh: chronik executable not found at ");
  }

  @Test
  void shouldPassUnavailableThroughAndPruneNothingWhenNodeIsUnreachable() throws Exception {
    // given: a store holding two archives of a group, and no node listening
    Path store = Files.createDirectories(tmp.resolve("store"));
    Path older = archive(store, 100);
    Path newer = archive(store, 200);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    // when
    BackupScript.Result result =
        BackupScript.run(
            Map.of("CHRONIK_BIN", EXECUTABLE.toString()),
            "-a",
            "127.0.0.1:" + port,
            "-s",
            store.toUri().toString(),
            "-k",
            "0",
            "-t",
            "2s");

    // then
    assertThat(result.exitCode()).as(result.err()).isEqualTo(69);
    assertThat(result.err())
        .contains("[CHR-8001]")
        .contains(
            "backup.sh: snapshot create on 127.0.0.1:"
                + port
                + " failed (exit 69); nothing was pruned");
    assertThat(older).exists();
    assertThat(newer).exists();
  }

  private Path archive(Path store, long index) throws IOException {
    Path source = Files.createDirectories(tmp.resolve("source-" + index));
    Files.writeString(source.resolve("state.json"), "{\"index\":" + index + "}");
    Path target = store.resolve(new SnapshotName("orders-0", index, 1, 1).storeKey("c1"));
    Files.createDirectories(target.getParent());
    SnapshotArchive.writeDirectory(
        target,
        SnapshotMetadata.partition("c1", "g", "orders", 0, 1, index, 1, Instant.now()),
        source,
        Compression.ZSTD);
    return target;
  }
}
