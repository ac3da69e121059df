package io.chronik.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.broker.LoopbackPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chronik standalone --config FILE} as a real process: the node binds the ports and uses the
 * data dir that the file gives, while a variable still wins over the file.
 */
class ConfigFileExecutableIT {
  private static final Path EXECUTABLE =
      Path.of(System.getProperty("chronik.executable", "target/chronik")).toAbsolutePath();

  @TempDir Path dir;

  private Process node;

  @AfterEach
  void stop() throws InterruptedException {
    if (node != null && node.isAlive()) {
      node.destroy();
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
  }

  @Test
  void shouldServeOnPortsAndDataDirOfConfigFileWhenStartedWithConfig() throws Exception {
    // given
    int kafkaPort = LoopbackPorts.free();
    int adminPort = LoopbackPorts.free();
    int envRaftPort = LoopbackPorts.free();
    Path dataDir = dir.resolve("from-file");
    Path file = dir.resolve("chronik.properties");
    Files.writeString(
        file,
        "# written by the test\n"
            + "data.dir = "
            + dataDir
            + "\nkafka.port = "
            + kafkaPort
            + "\nadmin.port = "
            + adminPort
            + "\nraft.port = 1\n"
            + "default.partitions = 3\n");
    Path log = dir.resolve("node.log");
    ProcessBuilder builder =
        new ProcessBuilder(EXECUTABLE.toString(), "standalone", "--config", file.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CHRONIK_HEAP", "256m");
    builder.environment().put("CHRONIK_RAFT_PORT", Integer.toString(envRaftPort));
    builder.environment().remove("CHRONIK_JAVA_OPTS");

    // when
    node = builder.start();

    // then
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String text = Files.readString(log, StandardCharsets.UTF_8);
              if (!node.isAlive()) {
                throw new AssertionError("the node exited:\n" + text);
              }
              return text.contains("chronik ready:");
            });
    String ready =
        Files.readString(log, StandardCharsets.UTF_8)
            .lines()
            .filter(line -> line.startsWith("chronik ready:"))
            .findFirst()
            .orElseThrow();
    assertThat(ready)
        .contains("kafka=127.0.0.1:" + kafkaPort)
        .contains("raft=127.0.0.1:" + envRaftPort)
        .contains("admin=http://127.0.0.1:" + adminPort)
        .contains("data=" + dataDir);
    assertThat(dataDir.resolve("node.json")).exists();
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }
}
