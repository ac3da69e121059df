package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The metadata group id: the same for every founding node, different for another cluster. */
class MetaGroupIdsTest {
  private static List<BrokerConfig.PeerAddress> peers(String... specs) {
    return java.util.Arrays.stream(specs).map(BrokerConfig.PeerAddress::parse).toList();
  }

  @Test
  void shouldGiveEveryFoundingNodeTheSameIdWhenTheyListTheSamePeersInAnyOrder() {
    // given
    List<BrokerConfig.PeerAddress> a = peers("1@h1:24001", "2@h2:24002", "3@h3:24003");
    List<BrokerConfig.PeerAddress> b = peers("3@H3:24003", "1@h1:24001", "2@h2:24002");

    // when: each node generated its own cluster id before the cluster formed
    UUID onNode1 = MetaGroupIds.forFounders(a, "cluster-of-node-1");
    UUID onNode3 = MetaGroupIds.forFounders(b, "cluster-of-node-3");

    // then
    assertThat(onNode1).isEqualTo(onNode3);
    assertThat(MetaGroupIds.isMetaGroupId(onNode1)).isTrue();
  }

  @Test
  void shouldGiveAnotherClusterAnotherIdWhenItsPeersOrItsClusterIdDiffer() {
    // given
    UUID first = MetaGroupIds.forFounders(peers("1@h:24001", "2@h:24002", "3@h:24003"), "x");

    // when
    UUID otherPorts = MetaGroupIds.forFounders(peers("1@h:24011", "2@h:24012", "3@h:24013"), "x");
    UUID singleA = MetaGroupIds.forFounders(List.of(), "cluster-a");
    UUID singleB = MetaGroupIds.forFounders(peers("1@h:24001"), "cluster-b");

    // then
    assertThat(java.util.Set.of(first, otherPorts, singleA, singleB, MetaGroupIds.LEGACY))
        .hasSize(5);
    assertThat(singleA).isEqualTo(MetaGroupIds.forFounders(List.of(), "cluster-a"));
  }

  @Test
  void shouldGiveARestoredClusterAnIdOfItsOwnWhenRestoredFromAnArchive() {
    // given
    List<BrokerConfig.PeerAddress> p = peers("1@h:24001", "2@h:24002", "3@h:24003");

    // when
    UUID restored = MetaGroupIds.forRestore("c", p, 3, 120);
    UUID again = MetaGroupIds.forRestore("c", List.of(p.get(2), p.get(0), p.get(1)), 3, 120);
    UUID laterArchive = MetaGroupIds.forRestore("c", p, 3, 180);

    // then
    assertThat(restored).isEqualTo(again).isNotEqualTo(laterArchive);
    assertThat(restored).isNotEqualTo(MetaGroupIds.forFounders(p, "c"));
    assertThat(MetaGroupIds.isMetaGroupId(restored)).isTrue();
    assertThat(MetaGroupIds.isMetaGroupId(UUID.randomUUID())).isFalse();
  }
}
