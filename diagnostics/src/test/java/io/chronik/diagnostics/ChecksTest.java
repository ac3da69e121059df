package io.chronik.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChecksTest {
  private static final Pattern ID = Pattern.compile("[a-z]+\\.[a-z][a-z-]*[a-z]");

  @Test
  void shouldKeepCheckIdsStableWhenCodeChanges() {
    // then: scripts select checks by these ids; renaming one is a breaking change
    assertThat(Checks.ids())
        .containsExactly(
            "node.reachable",
            "node.ready",
            "raft.leader-present",
            "raft.quorum",
            "raft.election-churn",
            "raft.timeouts",
            "node.clock-skew",
            "net.peer-reachable",
            "net.advertised-reachable",
            "raft.applied-lag",
            "partition.under-replicated",
            "consistency.replicas",
            "disk.free",
            "snapshot.log-backlog",
            "snapshot.fresh",
            "snapshot.store-reachable",
            "perf.request-latency",
            "perf.gc",
            "perf.partitions-per-node",
            "perf.fsync",
            "recovery.plan");
  }

  @Test
  void shouldDescribeEveryCheckWhenListed() {
    // then
    assertThat(Checks.all())
        .allSatisfy(
            c -> {
              assertThat(c.id()).matches(ID);
              assertThat(c.title()).isNotBlank().doesNotEndWith(".");
              assertThat(c.description()).isNotBlank();
              assertThat(c.remedy()).isNotBlank();
            });
  }

  @Test
  void shouldDefineTheSevenPlaybooksWithQuickFirstWhenListed() {
    // then
    assertThat(Playbooks.names())
        .containsExactly(
            "quick", "election", "network", "snapshots", "performance", "consistency", "recovery");
    assertThat(Playbooks.DEFAULT).isEqualTo("quick");
  }

  @Test
  void shouldListOnlyImplementedChecksInPlaybooksWhenDefined() {
    // then
    assertThat(Playbooks.all())
        .allSatisfy(
            p -> {
              assertThat(p.checks()).isNotEmpty().doesNotHaveDuplicates();
              assertThat(Checks.ids()).containsAll(p.checks());
              assertThat(p.title()).isNotBlank();
              assertThat(p.symptoms()).isNotBlank();
              assertThat(p.remedy()).isNotBlank();
            });
  }

  @Test
  void shouldPutEveryCheckInSomePlaybookWhenDefined() {
    // then
    assertThat(Checks.ids()).allSatisfy(id -> assertThat(Playbooks.containing(id)).isNotEmpty());
  }

  @Test
  void shouldKeepLocalChecksOutOfQuickWhenDefined() {
    // then: the default run needs no --data-dir and writes nothing
    assertThat(Playbooks.find("quick").orElseThrow().checks())
        .allSatisfy(id -> assertThat(Checks.find(id).orElseThrow().local()).isFalse());
  }
}
