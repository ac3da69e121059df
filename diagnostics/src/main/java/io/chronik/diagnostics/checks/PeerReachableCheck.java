package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.ClusterInfo;
import io.chronik.diagnostics.probe.ClusterProbe;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.PeerProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code net.peer-reachable}: every node can open TCP connections to every peer's Raft, Kafka and
 * admin ports, from its own side ({@code /v1/probe/peers} on each node). Together the answers are
 * the cluster's connection matrix; a node that doctor reaches may still be cut off from its peers,
 * and the reverse.
 *
 * <p>One finding per pair of nodes with a problem, about the node that probed:
 *
 * <ul>
 *   <li>CRIT: the node cannot connect to the peer's Raft port (replication and elections between
 *       the two fail; CHR-1204).
 *   <li>WARN: it cannot connect to the peer's Kafka or admin port, a connection took longer than
 *       {@link Thresholds#peerConnectWarnMs()}, or its {@code --peers} gives the peer another Raft
 *       address than the peer registered.
 *   <li>UNKNOWN: the node's probe did not answer.
 * </ul>
 *
 * Without problems, one OK finding whose details are the matrix.
 */
public final class PeerReachableCheck implements Check {
  public static final String ID = "net.peer-reachable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every node reaches every peer's Raft, Kafka and admin ports";
  }

  @Override
  public String description() {
    return "Asks every node to open a TCP connection to each peer's Raft port (at the address"
        + " the node itself uses: its --peers entry, else the registered one) and registered"
        + " Kafka and admin ports, and builds the matrix of round trips from the answers"
        + " (/v1/probe/peers). CRIT for a Raft port that does not connect; WARN for a Kafka or"
        + " admin port that does not, a connection slower than "
        + Text.ms(Thresholds.defaults().peerConnectWarnMs())
        + ", or a --peers entry that differs from the address the peer registered; UNKNOWN for"
        + " a node whose probe did not answer.";
  }

  @Override
  public String remedy() {
    return "From the named node's host, nc -vz PEER_HOST PORT confirms it; start the peer,"
        + " correct --peers or --advertise, or open the port between the hosts.";
  }

  @Override
  public Set<ClusterProbe.Extra> needs() {
    return Set.of(ClusterProbe.Extra.PEER_PROBE);
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    ClusterSnapshot snapshot = input.snapshot();
    double slow = input.thresholds().peerConnectWarnMs();
    List<CheckResult> problems = new ArrayList<>();
    List<String> matrix = new ArrayList<>();
    int links = 0;
    double slowest = 0;
    for (NodeSnapshot node : snapshot.nodes()) {
      if (!node.peerProbe().ok()) {
        problems.add(NodeFindings.unknown(ID, node, "/v1/probe/peers", node.peerProbe()));
        continue;
      }
      PeerProbe probe = node.peerProbe().get();
      for (PeerProbe.Peer peer : probe.peers()) {
        List<String> cells = new ArrayList<>();
        List<PeerProbe.Target> failed = new ArrayList<>();
        List<PeerProbe.Target> slowTargets = new ArrayList<>();
        for (PeerProbe.Target target : peer.targets()) {
          links++;
          if (target.ok()) {
            slowest = Math.max(slowest, target.rttMs());
            cells.add(target.port() + " " + Text.ms(target.rttMs()));
            if (target.rttMs() > slow) {
              slowTargets.add(target);
            }
          } else {
            cells.add(target.port() + " " + target.error());
            failed.add(target);
          }
        }
        String pair = node.label() + " → node " + peer.nodeId();
        matrix.add(pair + ": " + String.join(", ", cells));
        if (!failed.isEmpty()) {
          problems.add(failure(snapshot, node, peer, failed, pair));
        }
        if (!slowTargets.isEmpty()) {
          problems.add(
              new CheckResult(
                  ID,
                  Status.WARN,
                  pair + ": slow connections to " + ports(slowTargets),
                  describe(slowTargets),
                  "look at the network path between the two hosts (packet loss, an overloaded"
                      + " link or host); chronik doctor network again shows whether it lasts",
                  ErrorCatalogue.PEER_UNREACHABLE,
                  node.idOrNull()));
        }
        mismatch(snapshot, node, peer).ifPresent(problems::add);
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    if (links == 0) {
      return List.of(CheckResult.ok(ID, "no peers to probe: a one-node cluster", ""));
    }
    return List.of(
        CheckResult.ok(
            ID,
            "all "
                + links
                + " connections between the nodes open (slowest "
                + Text.ms(slowest)
                + ")",
            String.join("\n", matrix)));
  }

  private static CheckResult failure(
      ClusterSnapshot snapshot,
      NodeSnapshot node,
      PeerProbe.Peer peer,
      List<PeerProbe.Target> failed,
      String pair) {
    boolean raft = failed.stream().anyMatch(t -> "raft".equals(t.port()));
    boolean peerDown = !snapshot.isReachable(peer.nodeId());
    String remedy =
        peerDown
            ? "node "
                + peer.nodeId()
                + " does not answer doctor either: bring it back first (see node.reachable,"
                + " chronik doctor recovery)"
            : "from "
                + node.label()
                + "'s host, nc -vz "
                + failed.get(0).address()
                + " confirms it; correct "
                + (raft
                    ? "the --peers entry of node " + peer.nodeId() + " on " + node.label()
                    : "the address node " + peer.nodeId() + " advertises")
                + ", or open the port between the hosts";
    return new CheckResult(
        ID,
        raft ? Status.CRIT : Status.WARN,
        pair + ": cannot connect to " + ports(failed) + " (" + failed.get(0).error() + ")",
        describe(failed),
        remedy,
        raft ? ErrorCatalogue.RAFT_PORT_UNREACHABLE : ErrorCatalogue.PEER_UNREACHABLE,
        node.idOrNull());
  }

  /** A --peers entry that names another Raft address than the peer registered. */
  private static Optional<CheckResult> mismatch(
      ClusterSnapshot snapshot, NodeSnapshot node, PeerProbe.Peer peer) {
    if (!snapshot.cluster().ok()) {
      return Optional.empty();
    }
    Optional<ClusterInfo.Node> registered = snapshot.cluster().get().node(peer.nodeId());
    if (registered.isEmpty()) {
      return Optional.empty();
    }
    String expected = registered.get().host() + ":" + registered.get().raftPort();
    for (PeerProbe.Target t : peer.targets()) {
      if ("raft".equals(t.port())
          && "peers".equals(t.source())
          && !t.address().toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT))) {
        return Optional.of(
            new CheckResult(
                ID,
                Status.WARN,
                node.label()
                    + "'s --peers gives node "
                    + peer.nodeId()
                    + " the Raft address "
                    + t.address()
                    + ", but node "
                    + peer.nodeId()
                    + " registered "
                    + expected,
                "the node dials the --peers address when it creates groups and when it stands"
                    + " for election",
                "correct the --peers entry of node "
                    + peer.nodeId()
                    + " on "
                    + node.label()
                    + " and restart it",
                ErrorCatalogue.RAFT_PORT_UNREACHABLE,
                node.idOrNull()));
      }
    }
    return Optional.empty();
  }

  private static String ports(List<PeerProbe.Target> targets) {
    List<String> names =
        targets.stream().map(t -> (t.port().equals("raft") ? "Raft" : t.port()) + " port").toList();
    return "its " + Text.list(names).replace(" port, ", ", ").replace(" port and ", " and ");
  }

  private static String describe(List<PeerProbe.Target> targets) {
    List<String> lines = new ArrayList<>();
    for (PeerProbe.Target t : targets) {
      lines.add(
          t.port()
              + " "
              + t.address()
              + " (address from "
              + ("peers".equals(t.source()) ? "the node's --peers" : "the peer's registration")
              + "): "
              + (t.ok() ? "opened in " + Text.ms(t.rttMs()) : t.error()));
    }
    return String.join("\n", lines);
  }
}
