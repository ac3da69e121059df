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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void shouldAnswerMethodNotAllowedForAKnownActionAndNotFoundForAnUnknownOne() throws Exception {
    // when
    HttpResponse<String> getAction = get("/v1/actions/transfer-leader");
    HttpResponse<String> unknown =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + broker.adminPort() + "/v1/actions/nope"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // then
    assertThat(getAction.statusCode()).isEqualTo(405);
    assertThat(JSON.readTree(getAction.body()).get("error").asText()).endsWith("use POST");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("error").asText())
        .startsWith("no admin action /v1/actions/nope");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"to\": 1, \"partition\": \"x\"}|give \"partition\": a number, 0 or more",
        "{\"to\": 1, \"partition\": 0}|give \"topic\": the topic name",
        "{\"to\": 1, \"group\": \"orders-0\"}|\"group\" can only be \"__meta\"",
        "{\"to\": 1, \"topic\": \"nope\", \"partition\": 0}|topic 'nope' does not exist"
      })
  void shouldNameTheFieldATransferLeaderRequestGetsWrong(String body, String error)
      throws Exception {
    // when
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + broker.adminPort()
                                + "/v1/actions/transfer-leader"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // then
    assertThat(answer.statusCode()).isIn(400, 404);
    assertThat(JSON.readTree(answer.body()).get("error").asText()).startsWith(error);
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

  @Test
  void shouldReportEveryReplicasOffsetsAndLastBatchHeadersWhenReplicasAreAsked() throws Exception {
    // given: three batches in audit-0
    try (org.apache.kafka.clients.admin.Admin admin = TestBrokers.admin(broker)) {
      admin
          .createTopics(
              java.util.List.of(new org.apache.kafka.clients.admin.NewTopic("audit", 1, (short) 1)))
          .all()
          .get();
    }
    try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
        TestBrokers.producer(broker, java.util.Map.of())) {
      for (int i = 0; i < 3; i++) {
        producer
            .send(new org.apache.kafka.clients.producer.ProducerRecord<>("audit", "k", "v" + i))
            .get();
      }
    }

    // when
    JsonNode replicas = JSON.readTree(get("/v1/replicas?batches=2").body());
    HttpResponse<String> tooMany = get("/v1/replicas?batches=500");

    // then
    JsonNode audit = null;
    for (JsonNode r : replicas.get("replicas")) {
      if ("audit".equals(r.get("topic").asText())) {
        audit = r;
      }
    }
    assertThat(replicas.get("nodeId").asInt()).isEqualTo(broker.nodeId());
    assertThat(audit).as(replicas.toString()).isNotNull();
    assertThat(audit.get("partition").asInt()).isZero();
    assertThat(audit.get("role").asText()).isEqualTo("LEADER");
    assertThat(audit.get("highWatermark").asLong()).isEqualTo(3);
    assertThat(audit.get("logEndOffset").asLong()).isEqualTo(3);
    assertThat(audit.get("logStartOffset").asLong()).isZero();
    assertThat(audit.get("appliedIndex").asLong()).isPositive();
    assertThat(audit.get("error").isNull()).isTrue();
    JsonNode batches = audit.get("lastBatches");
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0).get("baseOffset").asLong()).isEqualTo(1);
    assertThat(batches.get(1).get("lastOffset").asLong()).isEqualTo(2);
    assertThat(batches.get(1).get("crc").asLong()).isPositive();
    assertThat(batches.get(1).get("crcValid").asBoolean()).isTrue();
    assertThat(tooMany.statusCode()).isEqualTo(400);
  }
}
