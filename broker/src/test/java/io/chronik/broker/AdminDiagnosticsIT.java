package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.admin.RecentLogLines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API's diagnostics endpoints on a real single node. */
class AdminDiagnosticsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static Broker broker;

  @BeforeAll
  static void start() {
    broker = TestBrokers.start(dir);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.adminPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldReportClockAndRaftTimeoutsWhenNodeIsAsked() throws Exception {
    // given
    long before = System.currentTimeMillis();

    // when
    JsonNode node = JSON.readTree(get("/v1/node").body());

    // then
    assertThat(node.get("clockMs").asLong()).isBetween(before, System.currentTimeMillis());
    assertThat(node.get("config").get("raftElectionTimeoutMinMs").asInt()).isEqualTo(1000);
    assertThat(node.get("config").get("raftElectionTimeoutMaxMs").asInt()).isEqualTo(2000);
    assertThat(node.get("config").get("raftHeartbeatIntervalMs").asInt()).isEqualTo(500);
  }

  @Test
  void shouldListEveryGroupsJournalWhenElectionsAreAsked() throws Exception {
    // when
    JsonNode elections = JSON.readTree(get("/v1/raft/elections").body());

    // then
    assertThat(elections.has("__meta")).isTrue();
    assertThat(elections.get("__meta").get(0).get("cause").asText()).isNotEmpty();
  }

  @Test
  void shouldProbeNoPeersWhenNodeIsAlone() throws Exception {
    // when
    HttpResponse<String> probe = get("/v1/probe/peers?timeoutMs=200");
    HttpResponse<String> bad = get("/v1/probe/peers?timeoutMs=soon");

    // then
    assertThat(probe.statusCode()).isEqualTo(200);
    JsonNode json = JSON.readTree(probe.body());
    assertThat(json.get("from").asInt()).isEqualTo(broker.nodeId());
    assertThat(json.get("timeoutMs").asInt()).isEqualTo(200);
    assertThat(json.get("peers")).isEmpty();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("error").asText())
        .isEqualTo("timeoutMs must be a number, got 'soon'");
  }

  @Test
  void shouldServeTheLatestLogLinesWhenAsked() throws Exception {
    // given: what a logging backend feeds the tail
    RecentLogLines.process().add("first line");
    RecentLogLines.process().add("second line");

    // when
    JsonNode logs = JSON.readTree(get("/v1/logs?lines=1").body());
    HttpResponse<String> tooMany = get("/v1/logs?lines=5000");

    // then
    assertThat(logs.get("fed").asBoolean()).isTrue();
    assertThat(logs.get("lines")).hasSize(1);
    assertThat(logs.get("lines").get(0).asText()).isEqualTo("second line");
    assertThat(tooMany.statusCode()).isEqualTo(400);
  }
}
