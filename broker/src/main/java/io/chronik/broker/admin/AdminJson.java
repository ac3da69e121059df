package io.chronik.broker.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** The JSON of the admin API: answers, request bodies, and the failure behind an answer. */
final class AdminJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AdminJson() {}

  /** Answers {@code req} with {@code status} and {@code body} as JSON (500 if it cannot be). */
  static void json(HttpServerRequest req, int status, Object body) {
    try {
      req.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      req.response().setStatusCode(500).end();
    }
  }

  /** A request body as a JSON object; a blank body is an empty one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readObject(String body) throws JsonProcessingException {
    return JSON.readValue(body.isBlank() ? "{}" : body, Map.class);
  }

  /** The failure a completion reports: the cause of a {@link CompletionException}, else itself. */
  static Throwable cause(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
