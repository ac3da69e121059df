package io.chronik.diagnostics.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * Reads the admin API's answers for {@link ClusterProbe}: each endpoint's JSON into its type, or an
 * {@link IllegalArgumentException} that says in one line what was wrong with the answer (an HTTP
 * status, something that is not chronik's admin API).
 */
final class AdminAnswers {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final TypeReference<List<RaftGroup>> GROUPS = new TypeReference<>() {};
  private static final TypeReference<Map<String, List<Election>>> ELECTIONS =
      new TypeReference<>() {};

  private AdminAnswers() {}

  static StoreProbe parseStoreProbe(NodeSnapshot node, AdminResponse r) {
    if (r.status() == 409) {
      return new StoreProbe(node.nodeId(), node.admin(), false, null, false, -1, null);
    }
    StoreProbeAnswer a =
        json(
            expectOk(r, "/v1/actions/probe-store"),
            StoreProbeAnswer.class,
            "/v1/actions/probe-store");
    return new StoreProbe(
        node.nodeId(),
        node.admin(),
        true,
        a.uri(),
        Boolean.TRUE.equals(a.ok()),
        a.roundTripMs() == null ? -1 : a.roundTripMs(),
        a.error());
  }

  /** The body of {@code POST /v1/actions/probe-store}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record StoreProbeAnswer(String uri, Boolean ok, Long roundTripMs, String error) {}

  static Map<String, List<Election>> parseElections(AdminResponse r) {
    try {
      return JSON.readValue(expectOk(r, "/v1/raft/elections"), ELECTIONS);
    } catch (JsonProcessingException e) {
      throw notAdminApi("/v1/raft/elections");
    }
  }

  static ReplicasInfo parseReplicas(AdminResponse r) {
    return json(expectOk(r, "/v1/replicas"), ReplicasInfo.class, "/v1/replicas");
  }

  static PeerProbe parsePeerProbe(AdminResponse r) {
    return json(expectOk(r, "/v1/probe/peers"), PeerProbe.class, "/v1/probe/peers");
  }

  static ClusterInfo parseCluster(AdminResponse r) {
    return json(expectOk(r, "/v1/cluster"), ClusterInfo.class, "/v1/cluster");
  }

  static NodeInfo parseNode(AdminResponse r) {
    return json(expectOk(r, "/v1/node"), NodeInfo.class, "/v1/node");
  }

  static List<RaftGroup> parseGroups(AdminResponse r) {
    try {
      return JSON.readValue(expectOk(r, "/v1/raft/groups"), GROUPS);
    } catch (JsonProcessingException e) {
      throw notAdminApi("/v1/raft/groups");
    }
  }

  static SnapshotsInfo parseSnapshots(AdminResponse r) {
    return json(expectOk(r, "/v1/snapshots"), SnapshotsInfo.class, "/v1/snapshots");
  }

  static Readiness parseReady(AdminResponse r) {
    if (r.status() != 200 && r.status() != 503) {
      throw httpError(r, "/ready");
    }
    return json(r.body(), Readiness.class, "/ready");
  }

  static PrometheusMetrics parseMetrics(AdminResponse r) {
    try {
      return PrometheusMetrics.parse(expectOk(r, "/metrics"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("/metrics is not Prometheus text: " + e.getMessage());
    }
  }

  static String expectOk(AdminResponse r, String path) {
    if (r.status() != 200) {
      throw httpError(r, path);
    }
    return r.body();
  }

  static <T> T json(String body, Class<T> type, String path) {
    try {
      T value = JSON.readValue(body, type);
      if (value == null) {
        throw notAdminApi(path);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw notAdminApi(path);
    }
  }

  static IllegalArgumentException httpError(AdminResponse r, String path) {
    String hint =
        r.status() == 404
            ? ": not a chronik admin API, or a chronik too old to serve it"
            : r.status() == 401 || r.status() == 403 ? ": the admin API refused access" : "";
    return new IllegalArgumentException("HTTP " + r.status() + " from " + path + hint);
  }

  static IllegalArgumentException notAdminApi(String path) {
    return new IllegalArgumentException(
        path + " answered something that is not chronik's admin API JSON");
  }
}
