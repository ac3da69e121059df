package io.chronik.diagnostics.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.Doctor;
import io.chronik.diagnostics.Report;
import io.chronik.diagnostics.Selection;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.local.FileSystemLocalHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against a real node: what the broker's admin API serves today parses into the snapshot
 * the checks read, and every playbook finds a healthy single node healthy.
 */
class ClusterProbeIT {
  @TempDir Path dataDir;

  @Test
  void shouldReadEveryEndpointAndFindNothingWrongWhenNodeIsHealthy() {
    // given
    try (Broker broker =
            Broker.start(BrokerConfig.defaults().withDataDir(dataDir).withPorts(0, 0, 0));
        HttpAdminTransport transport = new HttpAdminTransport(Duration.ofSeconds(5))) {
      String admin = "127.0.0.1:" + broker.adminPort();

      // when
      // the store probe too, as doctor asks for it when snapshot.store-reachable runs
      Selection all = Selection.of("all", List.of(), List.of(), true);
      ClusterSnapshot snapshot =
          new ClusterProbe(transport, Duration.ofSeconds(5), Clock.systemUTC())
              .probingStore(true)
              .probe(admin, all.extras());
      Report report =
          Doctor.run(
              all,
              new CheckInput(snapshot, Thresholds.defaults(), new FileSystemLocalHost(), dataDir));

      // then
      assertThat(snapshot.cluster().ok()).isTrue();
      assertThat(snapshot.cluster().get().clusterId()).isEqualTo(broker.clusterId());
      NodeSnapshot node = snapshot.nodes().get(0);
      assertThat(node.nodeId()).isEqualTo(broker.nodeId());
      assertThat(node.complete()).as(node.error()).isTrue();
      assertThat(node.info().get().dataDir()).isEqualTo(broker.dataDir().toString());
      assertThat(node.groups().get()).extracting(RaftGroup::groupId).contains(RaftGroup.META);
      assertThat(node.metrics().get().has("jvm_gc_max_data_size_bytes")).isTrue();
      // perf.fsync and perf.gc measure this machine (its disk; the pauses of this test's JVM,
      // which hosts the node, under whatever else runs): any verdict, as long as they measured
      List<String> machineChecks = List.of("perf.fsync", "perf.gc");
      assertThat(report.findings())
          .filteredOn(f -> machineChecks.contains(f.result().id()))
          .hasSize(2)
          .allSatisfy(f -> assertThat(f.result().status()).isNotEqualTo(Status.UNKNOWN));
      assertThat(report.findings())
          .filteredOn(f -> !machineChecks.contains(f.result().id()))
          .allSatisfy(
              f ->
                  assertThat(f.result().status().name()).as(f.result().toString()).isEqualTo("OK"));
    }
  }
}
