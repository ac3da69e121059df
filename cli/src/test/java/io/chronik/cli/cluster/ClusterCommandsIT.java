package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.LoopbackPorts;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.InJvmCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chronik cluster status} and {@code transfer-leader} against a real 3-node cluster. */
class ClusterCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final List<Broker> nodes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    List<BrokerConfig.PeerAddress> peers = InJvmCluster.loopbackPeers(3);
    nodes.addAll(
        InJvmCluster.startAll(
                peers,
                p -> InJvmCluster.nodeConfig(dir.resolve("n" + p.nodeId()), p, peers).build())
            .values());
  }

  @AfterEach
  void stop() {
    nodes.forEach(Broker::close);
  }

  @Test
  void shouldShowEveryNodeAndGroupAndMoveTheMetaLeaderWhenAskedThroughAnyNode() throws Exception {
    // given
    String admin = "127.0.0.1:" + nodes.get(2).adminPort();
    int leader =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> status(admin).get("metaLeader").asInt(), id -> id > 0);
    int target = leader % 3 + 1;

    // when
    CliRun text = CliRun.run("cluster", "status", "--admin", admin);
    CliRun moved =
        CliRun.run(
            "cluster",
            "transfer-leader",
            "--meta",
            "--to",
            Integer.toString(target),
            "--admin",
            admin);
    CliRun notMember =
        CliRun.run("cluster", "transfer-leader", "--meta", "--to", "7", "--admin", admin);

    // then
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("__meta", "NODE", "READY");
    JsonNode before = status(admin);
    assertThat(before.get("nodes")).hasSize(3);
    assertThat(before.get("nodes").findValuesAsText("ready")).containsOnly("true");
    assertThat(before.get("groups").get(0).get("group").asText()).isEqualTo("__meta");
    assertThat(before.get("groups").get(0).get("followers")).hasSize(2);
    assertThat(moved.exitCode()).as(moved.err()).isZero();
    assertThat(moved.out()).contains("is now node " + target);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> status(admin).get("metaLeader").asInt() == target);
    assertThat(notMember.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(notMember.err()).contains("not a member").contains("[CHR-7014]");
  }

  @Test
  void shouldExitUnavailableWhenAdminDoesNotAnswer() throws IOException {
    // when
    CliRun run =
        CliRun.run(
            "cluster", "status", "--admin", "127.0.0.1:" + LoopbackPorts.free(), "--timeout", "2s");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err()).startsWith("chronik: error: the admin API at").contains("[CHR-8001]");
  }

  private static JsonNode status(String admin) throws IOException {
    CliRun run = CliRun.run("cluster", "status", "--admin", admin, "-o", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }
}
