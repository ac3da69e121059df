package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.ClusterInfo;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code node.reachable}: every node's admin API answers. A node that answers nothing is WARN while
 * a majority of the nodes answers (the cluster still serves, with less to spare; the details name
 * the partitions with a replica on it) and CRIT otherwise; a node that answers in part is WARN; a
 * node whose address nobody registered is UNKNOWN.
 */
public final class NodeReachableCheck implements Check {
  public static final String ID = "node.reachable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every node's admin API answers";
  }

  @Override
  public String description() {
    return "Asks each node the cluster names (registered nodes, partition replicas, Raft peers)"
        + " for /v1/node, /v1/raft/groups, /ready and /metrics, concurrently, within --timeout."
        + " OK when all four answer; WARN when some do, or when none does (connection refused,"
        + " no answer in time, not chronik's admin API) but a majority of the nodes answered;"
        + " CRIT when none does and the nodes that answered are no majority. UNKNOWN for a node"
        + " whose address was never registered.";
  }

  @Override
  public String remedy() {
    return "Start the node, or point --admin at its admin port (not the Kafka or Raft port). A"
        + " node that runs but answers slowly or in part is often in long GC pauses (perf.gc).";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    ClusterSnapshot snapshot = input.snapshot();
    List<CheckResult> results = new ArrayList<>();
    for (NodeSnapshot node : snapshot.nodes()) {
      results.add(check(snapshot, node));
    }
    return results;
  }

  /**
   * The findings about the nodes that answered nothing at all (WARN while a majority answers, CRIT
   * otherwise), for a run that did not select this check: a node that does not answer decides the
   * verdict whatever checks run. Each says so in its details.
   */
  public static List<CheckResult> unanswered(ClusterSnapshot snapshot) {
    List<CheckResult> results = new ArrayList<>();
    for (NodeSnapshot node : snapshot.nodes()) {
      if (node.reachable() || node.admin().isEmpty()) {
        continue;
      }
      CheckResult r = check(snapshot, node);
      results.add(
          new CheckResult(
              r.id(),
              r.status(),
              r.summary(),
              r.details()
                  + "\nreported although "
                  + ID
                  + " was not selected: a node that does not answer decides the verdict"
                  + " whatever checks run",
              r.remedy(),
              r.code(),
              r.node()));
    }
    return results;
  }

  /** Whether more than half of the known nodes answered. */
  private static boolean majorityAnswered(ClusterSnapshot snapshot) {
    long answered = snapshot.nodes().stream().filter(NodeSnapshot::reachable).count();
    return answered > snapshot.nodes().size() / 2;
  }

  /** The partitions with a replica on the node, by name, from the cluster metadata. */
  private static List<String> replicasOn(ClusterSnapshot snapshot, NodeSnapshot node) {
    List<String> names = new ArrayList<>();
    if (!snapshot.cluster().ok() || !node.hasId()) {
      return names;
    }
    List<ClusterInfo.Topic> topics = new ArrayList<>(snapshot.cluster().get().topics());
    topics.sort(java.util.Comparator.comparing(ClusterInfo.Topic::name));
    for (ClusterInfo.Topic topic : topics) {
      for (ClusterInfo.Partition p : topic.partitions()) {
        if (p.replicas().contains(node.nodeId())) {
          names.add(topic.name() + "-" + p.partition());
        }
      }
    }
    return names;
  }

  private static CheckResult check(ClusterSnapshot snapshot, NodeSnapshot node) {
    boolean seed = node.admin().equals(snapshot.seed());
    if (node.admin().isEmpty()) {
      return new CheckResult(
          ID,
          Status.UNKNOWN,
          "could not check " + node.label() + ": its address is unknown",
          node.error(),
          "start the node: it registers its addresses when it starts; chronik doctor recovery"
              + " lists the steps",
          "",
          node.idOrNull());
    }
    if (!node.reachable()) {
      boolean majority = majorityAnswered(snapshot) && snapshot.cluster().ok();
      List<String> replicas = replicasOn(snapshot, node);
      return new CheckResult(
          ID,
          majority ? Status.WARN : Status.CRIT,
          (node.hasId()
                  ? node.label() + " did not answer at " + node.admin()
                  : node.admin() + " did not answer")
              + ": "
              + node.error(),
          "every admin endpoint failed: "
              + node.error()
              + (replicas.isEmpty()
                  ? ""
                  : "\nreplicas on " + node.label() + ": " + Text.list(replicas))
              + (majority
                  ? "\na majority of the nodes answered: the cluster still serves, with one"
                      + " failure less to spare"
                  : ""),
          seed
              ? "check that the node runs and that --admin (CHRONIK_ADMIN) is its admin port"
                  + " (default 9644, not the Kafka or Raft port); chronik doctor recovery lists"
                  + " the steps"
              : "start "
                  + node.label()
                  + " on its host, or check the network between here and "
                  + node.admin()
                  + "; chronik doctor recovery lists the steps",
          ErrorCatalogue.ADMIN_UNREACHABLE,
          node.idOrNull());
    }
    List<String> problems = new ArrayList<>();
    node.errors().forEach((endpoint, error) -> problems.add(endpoint + ": " + error));
    if (seed && !snapshot.cluster().ok()) {
      problems.add(0, "/v1/cluster: " + snapshot.cluster().error());
    }
    if (!problems.isEmpty()) {
      return new CheckResult(
          ID,
          Status.WARN,
          node.label() + " answered in part at " + node.admin(),
          String.join("; ", problems),
          "look at the node's log for the failing endpoints; slow answers often mean long GC"
              + " pauses (perf.gc)",
          ErrorCatalogue.ADMIN_UNREACHABLE,
          node.idOrNull());
    }
    return new CheckResult(
        ID,
        Status.OK,
        node.label() + " answered at " + node.admin() + " in " + node.answeredInMs() + " ms",
        "",
        "",
        "",
        node.idOrNull());
  }
}
