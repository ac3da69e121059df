package io.chronik.diagnostics.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one node's admin API answered, endpoint by endpoint. A node that did not answer at all stays
 * in the snapshot with its errors: it is never dropped.
 *
 * @param nodeId the node id, {@link #UNKNOWN_ID} when neither the node nor the cluster said it
 * @param admin the admin address that was asked, {@code host:port}; empty when the node never
 *     registered an address
 * @param info {@code GET /v1/node}
 * @param groups {@code GET /v1/raft/groups}
 * @param readiness {@code GET /ready}
 * @param metrics {@code GET /metrics}
 * @param answeredInMs how long {@code /v1/node} took to answer, -1 when it did not
 * @param snapshots {@code GET /v1/snapshots}; an endpoint the snapshot checks need, but not part of
 *     whether the node answered ({@link #reachable()}, {@link #errors()}), so that a node that does
 *     not serve it yet is reported by those checks alone
 * @param elections {@code GET /v1/raft/elections}: each hosted group's leader changes, by group id
 * @param peerProbe {@code GET /v1/probe/peers}, when the run asked for it
 * @param kafkaFromHere how long a TCP connection from the asking host to the node's advertised
 *     Kafka address took to open (ms), when the run asked for it
 * @param clock the node's clock against the asking host's, null when {@code /v1/node} did not say
 * @param replicas {@code GET /v1/replicas}: every hosted partition replica with its last batches'
 *     headers, when the run asked for it
 */
public record NodeSnapshot(
    int nodeId,
    String admin,
    Fetched<NodeInfo> info,
    Fetched<List<RaftGroup>> groups,
    Fetched<Readiness> readiness,
    Fetched<PrometheusMetrics> metrics,
    long answeredInMs,
    Fetched<SnapshotsInfo> snapshots,
    Fetched<Map<String, List<Election>>> elections,
    Fetched<PeerProbe> peerProbe,
    Fetched<Double> kafkaFromHere,
    ClockReading clock,
    Fetched<ReplicasInfo> replicas) {

  /** What an extra that the run did not ask for holds. */
  public static final String NOT_PROBED = "not probed in this run";

  /** The answers of the four base endpoints, without the extras. */
  public NodeSnapshot(
      int nodeId,
      String admin,
      Fetched<NodeInfo> info,
      Fetched<List<RaftGroup>> groups,
      Fetched<Readiness> readiness,
      Fetched<PrometheusMetrics> metrics,
      long answeredInMs) {
    this(
        nodeId,
        admin,
        info,
        groups,
        readiness,
        metrics,
        answeredInMs,
        Fetched.failed(NOT_PROBED),
        Fetched.failed(NOT_PROBED),
        Fetched.failed(NOT_PROBED),
        Fetched.failed(NOT_PROBED),
        null,
        Fetched.failed(NOT_PROBED));
  }

  /** The node id of a node that did not say who it is. */
  public static final int UNKNOWN_ID = -1;

  /** A replica or peer the cluster names but whose address nobody registered. */
  public static NodeSnapshot unregistered(int nodeId) {
    return unanswered(
        nodeId,
        "",
        "node " + nodeId + " is a Raft peer or replica but never registered its addresses");
  }

  /**
   * Node {@code nodeId}, asked at {@code admin}, as a node that answered nothing: {@code error}
   * says why (what answered there is another node, say), and stands for every endpoint.
   */
  public static NodeSnapshot unanswered(int nodeId, String admin, String error) {
    return new NodeSnapshot(
        nodeId,
        admin,
        Fetched.failed(error),
        Fetched.failed(error),
        Fetched.failed(error),
        Fetched.failed(error),
        -1,
        Fetched.failed(error),
        Fetched.failed(error),
        Fetched.failed(error),
        Fetched.failed(error),
        null,
        Fetched.failed(error));
  }

  /** The same answers, known to come from node {@code id}. */
  public NodeSnapshot withNodeId(int id) {
    return new NodeSnapshot(
        id,
        admin,
        info,
        groups,
        readiness,
        metrics,
        answeredInMs,
        snapshots,
        elections,
        peerProbe,
        kafkaFromHere,
        clock,
        replicas);
  }

  /** The same answers, with how the asking host's connection to the Kafka address went. */
  public NodeSnapshot withKafkaFromHere(Fetched<Double> kafka) {
    return new NodeSnapshot(
        nodeId,
        admin,
        info,
        groups,
        readiness,
        metrics,
        answeredInMs,
        snapshots,
        elections,
        peerProbe,
        kafka,
        clock,
        replicas);
  }

  /** Whether the admin API answered at least one endpoint. */
  public boolean reachable() {
    return info.ok() || groups.ok() || readiness.ok() || metrics.ok();
  }

  /** Whether every endpoint answered. */
  public boolean complete() {
    return info.ok() && groups.ok() && readiness.ok() && metrics.ok();
  }

  public boolean hasId() {
    return nodeId != UNKNOWN_ID;
  }

  /** {@code node 3}, or the admin address when the id is unknown. */
  public String label() {
    return hasId() ? "node " + nodeId : admin;
  }

  /** The node id for a finding: null when unknown. */
  public Integer idOrNull() {
    return hasId() ? nodeId : null;
  }

  /** The errors by endpoint, in a fixed order; empty when everything answered. */
  public Map<String, String> errors() {
    Map<String, String> errors = new LinkedHashMap<>();
    put(errors, "/v1/node", info);
    put(errors, "/v1/raft/groups", groups);
    put(errors, "/ready", readiness);
    put(errors, "/metrics", metrics);
    return errors;
  }

  /**
   * The errors in one line: the error alone when every endpoint failed the same way ({@code
   * connection refused}), else {@code /metrics: no answer within 5s; ...}. Empty without errors.
   */
  public String error() {
    Map<String, String> errors = errors();
    List<String> distinct = errors.values().stream().distinct().toList();
    if (errors.size() == 4 && distinct.size() == 1) {
      return distinct.get(0);
    }
    List<String> parts = new ArrayList<>();
    errors.forEach((endpoint, error) -> parts.add(endpoint + ": " + error));
    return String.join("; ", parts);
  }

  private static void put(Map<String, String> errors, String endpoint, Fetched<?> fetched) {
    if (!fetched.ok()) {
      errors.put(endpoint, fetched.error());
    }
  }
}
