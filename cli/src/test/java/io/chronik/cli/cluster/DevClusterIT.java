package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.LoopbackPorts;
import io.chronik.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/local-cluster.sh} (and so {@code chronik dev-cluster}) as a newcomer runs it. */
class DevClusterIT {
  @TempDir Path dir;

  @Test
  void shouldStartThreeNodesGrowByAJoiningNodeAndStopThemAllWhenLocalClusterScriptRuns()
      throws Exception {
    // given
    // the 4 nodes' Kafka, Raft and admin ports, as local-cluster.sh lays them out
    int base = LoopbackPorts.block(0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32);
    Path out = dir.resolve("out.log");
    Path err = dir.resolve("err.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of("..", "scripts", "local-cluster.sh")
                    .toAbsolutePath()
                    .normalize()
                    .toString(),
                "3",
                "--base-port",
                Integer.toString(base))
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("CHRONIK", NodeProcess.EXECUTABLE.toString());
    pb.environment().put("CHRONIK_HEAP", "512m");

    // when
    Process p = pb.start();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new AssertionError("dev cluster exited: " + Files.readString(err));
                }
                return Files.readString(out, StandardCharsets.UTF_8).contains("dev cluster ready");
              });

      // then
      String text = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(text)
          .contains("node 1: kafka=127.0.0.1:" + base, "node 3: kafka=127.0.0.1:" + (base + 20));
      Process kcat = new ProcessBuilder("kcat", "-b", "127.0.0.1:" + base, "-L").start();
      assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .contains("3 brokers:");
      assertThat(dir.resolve("chronik-dev/node3/node.json")).exists();

      // when: a fourth node starts with --join next to it and is added (docs/deployment.md)
      Path log4 = dir.resolve("node4.log");
      ProcessBuilder pb4 =
          new ProcessBuilder(
                  NodeProcess.EXECUTABLE.toString(),
                  "standalone",
                  "--raft",
                  "--join",
                  "--node-id",
                  "4",
                  "--peers",
                  "4@127.0.0.1:" + (base + 31),
                  "--data-dir",
                  "chronik-dev/node4",
                  "--kafka-port",
                  Integer.toString(base + 30),
                  "--raft-port",
                  Integer.toString(base + 31),
                  "--admin-port",
                  Integer.toString(base + 32))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log4.toFile());
      pb4.environment().put("JAVA_HOME", System.getProperty("java.home"));
      pb4.environment().put("CHRONIK_HEAP", "384m");
      Process fourth = pb4.start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Files.readString(log4).contains("waits to be added to a cluster"));
        CliRun added =
            CliRun.run(
                "cluster",
                "add-node",
                "--node-id",
                "4",
                "--raft",
                "127.0.0.1:" + (base + 31),
                "--admin",
                "127.0.0.1:" + (base + 2));

        // then: the dev cluster has four ready nodes
        assertThat(added.exitCode()).as(added.err()).isZero();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Files.readString(log4).contains("chronik ready:"));
        CliRun status =
            CliRun.run("cluster", "status", "--admin", "127.0.0.1:" + (base + 32), "-o", "json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        var nodes = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.out());
        assertThat(nodes.get("nodes").findValuesAsText("nodeId"))
            .containsExactly("1", "2", "3", "4");
        assertThat(nodes.get("nodes").findValuesAsText("ready")).containsOnly("true");
      } finally {
        fourth.destroy();
        assertThat(fourth.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(err)).contains("dev cluster stopped");
  }
}
