package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.ClusterInfo;
import io.chronik.diagnostics.probe.ClusterProbe;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code net.advertised-reachable}: the Kafka address each node advertises (the one Metadata sends
 * clients to) accepts TCP connections from the host doctor runs on.
 *
 * <ul>
 *   <li>CRIT: a connection to a node's advertised Kafka address does not open: clients on this host
 *       cannot use the partitions that node leads.
 *   <li>WARN: it opened, but slower than the limit.
 *   <li>UNKNOWN: no cluster metadata, so no advertised addresses.
 * </ul>
 */
public final class AdvertisedReachableCheck implements Check {
  public static final String ID = "net.advertised-reachable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every node's advertised Kafka address is reachable from here";
  }

  @Override
  public String description() {
    return "Opens a TCP connection from the host doctor runs on to the host and Kafka port each"
        + " registered node advertises (/v1/cluster), as a client would after Metadata. CRIT"
        + " when it does not open, WARN when it takes longer than the peer-connection limit."
        + " Run doctor where the clients run: it checks from its own host.";
  }

  @Override
  public String remedy() {
    return "Start the node with --advertise set to an address clients can reach, and open the"
        + " Kafka port to them.";
  }

  @Override
  public Set<ClusterProbe.Extra> needs() {
    return Set.of(ClusterProbe.Extra.ADVERTISED_KAFKA);
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    if (!input.snapshot().cluster().ok()) {
      return List.of(NodeFindings.noCluster(ID, input.snapshot()));
    }
    double slow = input.thresholds().peerConnectWarnMs();
    List<CheckResult> problems = new ArrayList<>();
    List<String> fine = new ArrayList<>();
    List<String> notProbed = new ArrayList<>();
    for (ClusterInfo.Node registered : input.snapshot().cluster().get().nodes()) {
      String address = registered.host() + ":" + registered.kafkaPort();
      NodeSnapshot node = input.snapshot().node(registered.nodeId()).orElse(null);
      if (node == null || NodeSnapshot.NOT_PROBED.equals(node.kafkaFromHere().error())) {
        notProbed.add("node " + registered.nodeId());
        continue;
      }
      if (!node.kafkaFromHere().ok()) {
        problems.add(
            new CheckResult(
                ID,
                Status.CRIT,
                node.label()
                    + "'s advertised Kafka address "
                    + address
                    + " does not answer from"
                    + " here: "
                    + node.kafkaFromHere().error(),
                "clients are sent to "
                    + address
                    + " for the partitions "
                    + node.label()
                    + " leads"
                    + (node.reachable()
                        ? "; its admin API answers, so the node runs: the address or port is"
                            + " wrong for this host, or blocked"
                        : "; its admin API does not answer either: see node.reachable"),
                node.reachable()
                    ? "start "
                        + node.label()
                        + " with --advertise set to an address clients"
                        + " can reach; check with nc -vz "
                        + address
                    : "bring " + node.label() + " back first (chronik doctor recovery)",
                ErrorCatalogue.ADVERTISED_UNREACHABLE,
                node.idOrNull()));
      } else if (node.kafkaFromHere().get() > slow) {
        problems.add(
            new CheckResult(
                ID,
                Status.WARN,
                node.label()
                    + "'s advertised Kafka address "
                    + address
                    + " took "
                    + Text.ms(node.kafkaFromHere().get())
                    + " to connect",
                "limit " + Text.ms(slow),
                "look at the network path from this host to " + address,
                ErrorCatalogue.ADVERTISED_UNREACHABLE,
                node.idOrNull()));
      } else {
        fine.add(node.label() + " " + address + ": " + Text.ms(node.kafkaFromHere().get()));
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    if (!notProbed.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check " + Text.list(notProbed) + ": not probed in this run",
              String.join("\n", fine),
              "run chronik doctor network",
              "",
              null));
    }
    return List.of(
        CheckResult.ok(
            ID,
            fine.isEmpty()
                ? "no registered nodes"
                : Text.all(fine.size(), "advertised Kafka address", "advertised Kafka addresses")
                    + " reachable from here",
            String.join("\n", fine)));
  }
}
