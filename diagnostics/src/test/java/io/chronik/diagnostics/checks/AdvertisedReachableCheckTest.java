package io.chronik.diagnostics.checks;

import static io.chronik.diagnostics.checks.CheckAssertions.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.probe.Fetched;
import org.junit.jupiter.api.Test;

/** net.advertised-reachable: each registered Kafka address as a client here connects to it. */
class AdvertisedReachableCheckTest {
  private final AdvertisedReachableCheck check = new AdvertisedReachableCheck();

  private static SnapshotEdits connected(double node1, double node2, double node3) {
    return SnapshotEdits.of(Fixtures.snapshot("three-healthy"))
        .node(1, n -> n.withKafkaFromHere(Fetched.of(node1)))
        .node(2, n -> n.withKafkaFromHere(Fetched.of(node2)))
        .node(3, n -> n.withKafkaFromHere(Fetched.of(node3)));
  }

  @Test
  void shouldBeOkListingEveryAddressWhenAllConnectFromHere() {
    // when
    CheckResult result = only(check, connected(1.2, 0.8, 2.5).input());

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("all 3 advertised Kafka addresses reachable from here");
    assertThat(result.details()).contains("node 2 10.0.0.2:9092: ");
  }

  @Test
  void shouldBeCriticalNamingTheAddressWhenANodesAdvertisedAddressRefuses() {
    // given: node 2's admin API answers, its advertised Kafka address does not
    CheckInput input =
        connected(1, 1, 1)
            .node(2, n -> n.withKafkaFromHere(Fetched.failed("connection refused")))
            .input();

    // when
    CheckResult result = only(check, input);

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.node()).isEqualTo(2);
    assertThat(result.code()).isEqualTo("CHR-8024");
    assertThat(result.summary())
        .isEqualTo(
            "node 2's advertised Kafka address 10.0.0.2:9092 does not answer from here:"
                + " connection refused");
    assertThat(result.details()).contains("its admin API answers, so the node runs");
    assertThat(result.remedy()).contains("--advertise").contains("nc -vz 10.0.0.2:9092");
  }

  @Test
  void shouldWarnWhenConnectingTakesLongerThanTheLimit() {
    // when
    CheckResult result = only(check, connected(1, 1, 450).input());

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.node()).isEqualTo(3);
    assertThat(result.details()).isEqualTo("limit 200 ms");
  }

  @Test
  void shouldBeUnknownWhenTheRunDidNotConnect() {
    // when: a probe without the extra (not the network playbook)
    CheckResult result = only(check, Fixtures.input("three-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.summary())
        .isEqualTo("could not check node 1, node 2 and node 3: not probed in this run");
  }
}
