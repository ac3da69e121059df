package io.chronik.diagnostics.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.Fixtures;
import org.junit.jupiter.api.Test;

class ClusterProbeTest {

  @Test
  void shouldParseEveryEndpointWhenSingleNodeAnswers() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("single-healthy");

    // then
    assertThat(snapshot.cluster().ok()).isTrue();
    assertThat(snapshot.cluster().get().topics())
        .extracting(ClusterInfo.Topic::name)
        .containsExactly("greetings");
    assertThat(snapshot.nodes()).hasSize(1);
    NodeSnapshot node = snapshot.nodes().get(0);
    assertThat(node.nodeId()).isEqualTo(1);
    assertThat(node.complete()).isTrue();
    assertThat(node.error()).isEmpty();
    assertThat(node.info().get().dataDir()).isEqualTo("/tmp/dr-data");
    assertThat(node.info().get().dataDirUsableBytes())
        .as("not reported by today's broker")
        .isNull();
    assertThat(node.groups().get())
        .extracting(RaftGroup::label)
        .containsExactly("__meta", "greetings-0");
    assertThat(node.readiness().get().ready()).isTrue();
    assertThat(
            node.metrics()
                .get()
                .value(
                    "chronik_kafka_request_seconds",
                    java.util.Map.of("api", "Fetch", "quantile", "0.99")))
        .hasValueCloseTo(0.503, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void shouldParseSnapshotsWithoutProbingStoreWhenNotAsked() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("snapshots-fresh");

    // then
    SnapshotsInfo info = snapshot.nodes().get(0).snapshots().get();
    assertThat(info.settings().timeThresholdSecs()).isEqualTo(3600);
    assertThat(info.settings().store()).isEqualTo("s3://backups/chronik");
    assertThat(info.groups())
        .extracting(SnapshotsInfo.Group::label)
        .containsExactly("meta", "greetings-0");
    assertThat(info.groups().get(1).archives().get(0).storeKey())
        .endsWith("/greetings-0/00000000000000000120-1-n1.chrsnap");
    assertThat(snapshot.storeProbed()).isEmpty();
  }

  @Test
  void shouldProbeStoreOnSeedWhenAsked() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("snapshots-fresh", true);

    // then
    StoreProbe probe = snapshot.storeProbed().orElseThrow().get();
    assertThat(probe)
        .isEqualTo(
            new StoreProbe(1, "127.0.0.1:43963", true, "s3://backups/chronik", true, 12, null));
  }

  @Test
  void shouldNotCountMissingSnapshotsEndpointAsNodeErrorWhenNodeIsOlder() {
    // when
    NodeSnapshot node = Fixtures.snapshot("single-healthy").nodes().get(0);

    // then
    assertThat(node.snapshots().ok()).isFalse();
    assertThat(node.complete()).isTrue();
    assertThat(node.error()).isEmpty();
  }

  @Test
  void shouldAskEveryRegisteredNodeWhenClusterHasThree() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("three-healthy");

    // then
    assertThat(snapshot.nodes()).extracting(NodeSnapshot::nodeId).containsExactly(1, 2, 3);
    assertThat(snapshot.nodes())
        .extracting(NodeSnapshot::admin)
        .containsExactly("10.0.0.1:9644", "10.0.0.2:9644", "10.0.0.3:9644");
    assertThat(snapshot.nodes()).allMatch(NodeSnapshot::complete);
  }

  @Test
  void shouldKeepNodeWithItsErrorWhenNodeDoesNotAnswer() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("three-one-down");

    // then
    NodeSnapshot down = snapshot.node(3).orElseThrow();
    assertThat(down.reachable()).isFalse();
    assertThat(down.admin()).isEqualTo("10.0.0.3:9644");
    assertThat(down.error()).isEqualTo("connection refused");
    assertThat(snapshot.isReachable(1)).isTrue();
  }

  @Test
  void shouldCountANodeOfAnotherClusterOnANodesAddressAsThatNodeNotAnsweringWhenProbed() {
    // when: a node of another cluster answers at node 3's registered address
    ClusterSnapshot snapshot = Fixtures.snapshot("three-one-foreign");

    // then: none of its answers (its groups claim to lead this cluster's partitions) are node 3's
    NodeSnapshot three = snapshot.node(3).orElseThrow();
    assertThat(three.reachable()).isFalse();
    assertThat(three.groups().ok()).isFalse();
    assertThat(three.admin()).isEqualTo("10.0.0.3:9644");
    assertThat(three.error())
        .contains("answers for node 1 of cluster Zz9OtherClusterIdxxxxA")
        .contains("not for node 3 of cluster Nk2tqX4bR3u0tV9cQm7w1A");
    assertThat(snapshot.isReachable(1)).isTrue();
    assertThat(snapshot.isReachable(2)).isTrue();
  }

  @Test
  void shouldReportSeedRowWhenSeedIsUnreachable() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("seed-unreachable");

    // then
    assertThat(snapshot.cluster().ok()).isFalse();
    assertThat(snapshot.cluster().error()).isEqualTo("connection refused");
    assertThat(snapshot.nodes())
        .singleElement()
        .satisfies(
            node -> {
              assertThat(node.hasId()).isFalse();
              assertThat(node.admin()).isEqualTo("127.0.0.1:9644");
              assertThat(node.label()).isEqualTo("127.0.0.1:9644");
              assertThat(node.reachable()).isFalse();
            });
  }

  @Test
  void shouldGiveUpOnEndpointWhenItDoesNotAnswerWithinTimeout() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("single-metrics-hang");

    // then
    NodeSnapshot node = snapshot.nodes().get(0);
    assertThat(node.reachable()).isTrue();
    assertThat(node.complete()).isFalse();
    assertThat(node.error()).isEqualTo("/metrics: no answer within 300ms");
  }

  @Test
  void shouldSayNotAdminApiWhenAddressAnswersOtherHttp() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("not-admin-api");

    // then
    assertThat(snapshot.cluster().error())
        .isEqualTo(
            "HTTP 404 from /v1/cluster: not a chronik admin API, or a chronik too old to"
                + " serve it");
    assertThat(snapshot.nodes().get(0).reachable()).isFalse();
  }

  @Test
  void shouldSuspectWrongPortWhenConnectionClosesWithoutAnswer() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("kafka-port");

    // then
    assertThat(snapshot.nodes().get(0).error()).contains("is this the admin port");
  }

  @Test
  void shouldTakeTimeoutFromTransportWhenItTimesOut() {
    // when
    ClusterSnapshot snapshot = Fixtures.snapshot("three-quorum-lost");

    // then
    assertThat(snapshot.node(3).orElseThrow().error()).isEqualTo("no answer within 300ms");
    assertThat(snapshot.node(2).orElseThrow().error()).isEqualTo("connection refused");
  }
}
