package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.probe.ClockReading;
import io.chronik.diagnostics.probe.PeerProbe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** net.peer-reachable, node.clock-skew and raft.timeouts on recorded answers. */
class NetworkAndClockChecksTest {
  private static final long NOW = Fixtures.NOW.toEpochMilli();

  /** Node {@code from}'s probe of the two others, all fine except {@code broken} (or none). */
  private static PeerProbe probe(int from, int brokenPeer, String brokenPort) {
    List<PeerProbe.Peer> peers = new ArrayList<>();
    for (int to = 1; to <= 3; to++) {
      if (to == from) {
        continue;
      }
      List<PeerProbe.Target> targets = new ArrayList<>();
      for (String port : List.of("raft", "kafka", "admin")) {
        String address =
            "10.0.0."
                + to
                + ":"
                + (port.equals("raft") ? 9093 : port.equals("kafka") ? 9092 : 9644);
        boolean broken = to == brokenPeer && port.equals(brokenPort);
        targets.add(
            new PeerProbe.Target(
                port,
                broken ? "10.0.0." + to + ":9999" : address,
                port.equals("raft") ? "peers" : "registered",
                !broken,
                broken ? -1 : 0.4,
                broken ? "connection refused" : ""));
      }
      peers.add(new PeerProbe.Peer(to, targets));
    }
    return new PeerProbe(from, 1000, peers);
  }

  @Test
  void shouldListTheMatrixWhenEveryNodeReachesEveryPeer() {
    // given
    SnapshotEdits cluster =
        SnapshotEdits.of("three-healthy")
            .peers(1, probe(1, 0, ""))
            .peers(2, probe(2, 0, ""))
            .peers(3, probe(3, 0, ""));

    // when
    CheckResult result = CheckAssertions.only(new PeerReachableCheck(), cluster.input());

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary())
        .isEqualTo("all 18 connections between the nodes open (slowest 0.4 ms)");
    assertThat(result.details())
        .contains("node 3 → node 1: raft 0.4 ms, kafka 0.4 ms, admin 0.4 ms");
  }

  @Test
  void shouldNameThePairPortAndAddressWhenNodeCannotReachPeersRaftPort() {
    // given: node 3's --peers has a wrong Raft port for node 1
    SnapshotEdits cluster =
        SnapshotEdits.of("three-healthy")
            .peers(1, probe(1, 0, ""))
            .peers(2, probe(2, 0, ""))
            .peers(3, probe(3, 1, "raft"));

    // when
    List<CheckResult> results = new PeerReachableCheck().run(cluster.input());

    // then
    assertThat(results).extracting(CheckResult::status).containsExactly(Status.CRIT, Status.WARN);
    CheckResult refused = results.get(0);
    assertThat(refused.node()).isEqualTo(3);
    assertThat(refused.summary())
        .isEqualTo("node 3 → node 1: cannot connect to its Raft port (connection refused)");
    assertThat(refused.details())
        .isEqualTo("raft 10.0.0.1:9999 (address from the node's --peers): connection refused");
    assertThat(refused.remedy())
        .contains("nc -vz 10.0.0.1:9999")
        .contains("--peers entry of node 1");
    assertThat(refused.code()).isEqualTo("CHR-1204");
    assertThat(results.get(1).summary())
        .isEqualTo(
            "node 3's --peers gives node 1 the Raft address 10.0.0.1:9999, but node 1 registered"
                + " 10.0.0.1:9093");
  }

  @Test
  void shouldBeUnknownForNodeWhoseProbeDidNotAnswer() {
    // when: the recorded nodes predate /v1/probe/peers
    List<CheckResult> results = new PeerReachableCheck().run(Fixtures.input("three-healthy"));

    // then
    assertThat(results)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.UNKNOWN));
  }

  @Test
  void shouldWarnWhenTwoNodesClocksDifferBeyondUncertainty() {
    // given: node 3 is 2 s ahead; each answer took 10 ms
    SnapshotEdits cluster =
        SnapshotEdits.of("three-healthy")
            .clock(1, new ClockReading(NOW + 5, NOW, NOW + 10))
            .clock(2, new ClockReading(NOW + 3, NOW, NOW + 10))
            .clock(3, new ClockReading(NOW + 2_005, NOW, NOW + 10));

    // when
    CheckResult result = CheckAssertions.only(new ClockSkewCheck(), cluster.input());

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.summary())
        .isEqualTo("the clocks of node 2 and node 3 differ by at least 2.0 s (limit 500 ms)");
    assertThat(result.details()).contains("node 3: +2.0 s from this host's clock (± 5.0 ms)");
  }

  @Test
  void shouldNotBlameClocksWhenOnlyTheRoundTripIsLong() {
    // given: 600 ms apart, but each answer took 1 s: within the uncertainty
    SnapshotEdits cluster =
        SnapshotEdits.of("three-healthy")
            .clock(1, new ClockReading(NOW + 500, NOW, NOW + 1_000))
            .clock(2, new ClockReading(NOW + 500, NOW, NOW + 1_000))
            .clock(3, new ClockReading(NOW + 1_100, NOW, NOW + 1_000));

    // when
    CheckResult result = CheckAssertions.only(new ClockSkewCheck(), cluster.input());

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
  }

  @Test
  void shouldBeUnknownForTimeoutsWhenNodesDoNotReportThem() {
    // when
    CheckResult result =
        CheckAssertions.only(new RaftTimeoutsCheck(), Fixtures.input("three-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.details()).contains("does not report its Raft timeouts");
  }
}
