package io.chronik.broker.admin;

import static io.chronik.broker.admin.AdminJson.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API: {@code /health} (the process is alive), {@code /ready} (200 once the node
 * serves Kafka requests, 503 before), {@code /metrics} (Prometheus text) and JSON under {@code
 * /v1}: {@code /v1/node}, {@code /v1/cluster} and {@code /v1/raft/groups}, and the diagnostics
 * endpoints of {@link AdminView#diagnostics} ({@code /v1/raft/elections}, {@code /v1/probe/peers},
 * {@code /v1/logs}, {@code /v1/replicas}).
 */
public final class AdminServer {
  private static final Logger LOGGER = LoggerFactory.getLogger(AdminServer.class);
  private static final java.util.Set<String> MEMBERSHIP_ACTIONS =
      java.util.Set.of(
          "/v1/actions/add-node", "/v1/actions/remove-node", "/v1/actions/move-replica");

  /** Every action, each taken with POST. */
  private static final java.util.Set<String> ACTIONS =
      java.util.Set.of(
          "/v1/actions/transfer-leader",
          "/v1/actions/add-node",
          "/v1/actions/remove-node",
          "/v1/actions/move-replica",
          "/v1/actions/snapshot",
          "/v1/actions/probe-store");

  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  public static Future<AdminServer> start(Vertx vertx, String host, int port, AdminView view) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    server.requestHandler(req -> handle(req, view));
    return server.listen().map(AdminServer::new);
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }

  private static void handle(HttpServerRequest req, AdminView view) {
    if (SnapshotRoutes.handles(req)) {
      SnapshotRoutes.handle(req, view);
      return;
    }
    if (req.method() == HttpMethod.POST && "/v1/actions/transfer-leader".equals(req.path())) {
      req.body()
          .onSuccess(body -> transferLeader(req, view, body.toString()))
          .onFailure(e -> json(req, 400, error("cannot read the request body: " + e.getMessage())));
      return;
    }
    if (req.method() == HttpMethod.POST && MEMBERSHIP_ACTIONS.contains(req.path())) {
      String action = req.path().substring("/v1/actions/".length());
      req.body()
          .onSuccess(
              body ->
                  withRequest(req, body.toString(), request -> view.membership(action, request)))
          .onFailure(e -> json(req, 400, error("cannot read the request body: " + e.getMessage())));
      return;
    }
    if (req.path().startsWith("/v1/actions/")) {
      // a known action asked with another method than POST, or an action that does not exist
      if (ACTIONS.contains(req.path())) {
        json(
            req,
            405,
            error("method " + req.method() + " is not allowed on " + req.path() + "; use POST"));
      } else {
        json(
            req,
            404,
            error(
                "no admin action "
                    + req.path()
                    + "; the actions are "
                    + new java.util.TreeSet<>(ACTIONS)));
      }
      return;
    }
    if (req.method() != HttpMethod.GET) {
      json(req, 405, error("method " + req.method() + " is not allowed on " + req.path()));
      return;
    }
    try {
      switch (req.path()) {
        case "/health" -> json(req, 200, Map.of("status", "UP"));
        case "/ready" -> {
          Optional<String> reason = view.notReadyReason();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("ready", reason.isEmpty());
          body.put("reason", reason.orElse(""));
          json(req, reason.isEmpty() ? 200 : 503, body);
        }
        case "/metrics" ->
            req.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(view.metrics());
        case "/v1/node" -> json(req, 200, view.node());
        case "/v1/raft/groups" -> json(req, 200, view.raftGroups());
        case "/v1/cluster" -> json(req, 200, view.cluster());
        default -> other(req, view);
      }
    } catch (RuntimeException e) {
      LOGGER.warn("admin request {} failed: {}", req.path(), e.toString());
      json(req, 500, error(e.toString()));
    }
  }

  private static void transferLeader(HttpServerRequest req, AdminView view, String body) {
    withRequest(req, body, view::transferLeader);
  }

  /** Parses a JSON action request, runs the action and answers its outcome or its error. */
  private static void withRequest(
      HttpServerRequest req,
      String body,
      java.util.function.Function<
              Map<String, Object>, java.util.concurrent.CompletableFuture<Map<String, Object>>>
          action) {
    Map<String, Object> request;
    try {
      request = AdminJson.readObject(body);
    } catch (JsonProcessingException e) {
      json(req, 400, error("the body is not JSON: " + e.getOriginalMessage()));
      return;
    }
    action
        .apply(request)
        .whenComplete(
            (result, e) -> {
              if (e == null) {
                json(req, 200, result);
              } else {
                Throwable cause = AdminJson.cause(e);
                int status = cause instanceof AdminException a ? a.status() : 500;
                json(req, status, error(describe(cause)));
              }
            });
  }

  private static void answer(HttpServerRequest req, Object body, Throwable e) {
    if (e == null) {
      json(req, 200, body);
      return;
    }
    Throwable cause = AdminJson.cause(e);
    json(req, cause instanceof AdminException a ? a.status() : 500, error(describe(cause)));
  }

  private static void other(HttpServerRequest req, AdminView view) {
    String path = req.path();
    Map<String, String> query = new LinkedHashMap<>();
    req.params().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
    Optional<java.util.concurrent.CompletableFuture<Object>> diagnostic =
        view.diagnostics(path, query);
    if (diagnostic.isPresent()) {
      diagnostic.get().whenComplete((body, e) -> answer(req, body, e));
      return;
    }
    String prefix = "/v1/raft/groups/";
    String suffix = "/elections";
    if (path.startsWith(prefix)
        && path.endsWith(suffix)
        && path.length() > prefix.length() + suffix.length()) {
      String group = path.substring(prefix.length(), path.length() - suffix.length());
      Optional<List<?>> entries = view.elections(group);
      if (entries.isPresent()) {
        json(req, 200, entries.get());
      } else {
        json(req, 404, error("no Raft group " + group + " on this node; see /v1/raft/groups"));
      }
      return;
    }
    json(
        req,
        404,
        error(
            "no such endpoint "
                + path
                + "; see /v1/node, /v1/cluster, /v1/raft/groups, /v1/raft/groups/{id}/elections,"
                + " /v1/raft/elections, /v1/probe/peers, /v1/logs, /v1/replicas, /v1/snapshots,"
                + " /health, /ready, /metrics"));
  }

  /** An exception's message, or its type when it has none (Map.of refuses a null value). */
  private static String describe(Throwable cause) {
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }
}
