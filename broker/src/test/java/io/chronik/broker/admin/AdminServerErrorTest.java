package io.chronik.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the admin API answers an action that fails. */
class AdminServerErrorTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldAnswerTheExceptionTypeWhenAnActionFailsWithoutAMessage() throws Exception {
    // given: an action that fails with an exception that carries no message
    AdminServer server =
        AdminServer.start(vertx, "127.0.0.1", 0, new FailingView())
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    // when
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + server.port() + "/v1/actions/transfer-leader"))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"t\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // then: a 500 that names what failed, not a request left without an answer
    assertThat(answer.statusCode()).isEqualTo(500);
    JsonNode body = new ObjectMapper().readTree(answer.body());
    assertThat(body.get("error").asText()).isEqualTo("java.lang.IllegalStateException");
  }

  /** A node whose transfer-leader action fails with a message-less exception. */
  private static final class FailingView implements AdminView {
    @Override
    public Optional<String> notReadyReason() {
      return Optional.empty();
    }

    @Override
    public Map<String, Object> node() {
      return Map.of();
    }

    @Override
    public Map<String, Object> cluster() {
      return Map.of();
    }

    @Override
    public List<Map<String, Object>> raftGroups() {
      return List.of();
    }

    @Override
    public Optional<List<?>> elections(String groupId) {
      return Optional.empty();
    }

    @Override
    public CompletableFuture<Map<String, Object>> transferLeader(Map<String, Object> request) {
      return CompletableFuture.failedFuture(new IllegalStateException());
    }

    @Override
    public CompletableFuture<Map<String, Object>> membership(
        String action, Map<String, Object> request) {
      return CompletableFuture.failedFuture(new IllegalStateException());
    }

    @Override
    public String metrics() {
      return "";
    }
  }
}
