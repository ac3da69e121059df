package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.Fetched;
import io.chronik.diagnostics.probe.NodeSnapshot;

/** Findings every check produces the same way. */
final class NodeFindings {
  private NodeFindings() {}

  /** Could not check one node: the endpoint the check needs did not answer. */
  static CheckResult unknown(String id, NodeSnapshot node, String endpoint, Fetched<?> fetched) {
    return new CheckResult(
        id,
        Status.UNKNOWN,
        "could not check " + node.label() + ": " + endpoint + " did not answer",
        endpoint
            + " at "
            + (node.admin().isEmpty() ? "(no address)" : node.admin())
            + ": "
            + fetched.error(),
        // a node that answered nothing has its remedy under node.reachable already
        node.reachable() ? "see node.reachable for " + node.label() : "",
        "",
        node.idOrNull());
  }

  /** Could not check the cluster: the seed's {@code /v1/cluster} did not answer. */
  static CheckResult noCluster(String id, ClusterSnapshot snapshot) {
    return new CheckResult(
        id,
        Status.UNKNOWN,
        "could not check: no cluster metadata",
        "/v1/cluster at " + snapshot.seed() + ": " + snapshot.cluster().error(),
        "point --admin at a node that answers; see node.reachable",
        "",
        null);
  }
}
