package io.chronik.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.log.LogConfig;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.PartitionLeader;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.replication.GroupHost;
import io.chronik.broker.replication.GroupStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader and leader epoch Metadata answers give for a partition: where the partition's group is
 * hosted, its epoch is the group's term here, the one the leader-epoch check compares with.
 */
class BrokerServicesLeaderTest {
  private static final String GROUP = "5e0c2b1a-0000-4000-8000-000000000001";
  private static final PartitionAssignment PARTITION =
      new PartitionAssignment(0, GROUP, List.of(1, 2, 3));

  @TempDir Path dir;
  private ReplicaManager replicas;
  private GroupStatus status;
  private MetadataImage image = MetadataImage.empty();

  @BeforeEach
  void open() throws Exception {
    replicas = new ReplicaManager(dir, 1, LogConfig.defaults());
  }

  @AfterEach
  void close() {
    replicas.close();
  }

  @Test
  void shouldGiveTheLocalTermAsEpochWhenThisNodeFollowsAKnownLeader() {
    // given: the metadata still records the previous leader
    reported(new PartitionLeader(1, 5, List.of(1, 2, 3)));
    status = status("FOLLOWER", 2, 6);

    // when
    BrokerServices.Leader leader = services().leaderOf(PARTITION);

    // then
    assertThat(leader.nodeId()).isEqualTo(2);
    assertThat(leader.epoch()).isEqualTo(6);
  }

  @Test
  void shouldGiveThePreviousTermsIsrWithTheNewLeaderUntilTheNewLeaderRecordsItsOwn() {
    // given: node 3 was just elected in term 6; the metadata still holds term 5's ISR
    reported(new PartitionLeader(1, 5, List.of(1, 2, 3)));
    status = status("FOLLOWER", 3, 6);

    // when
    BrokerServices.Leader leader = services().leaderOf(PARTITION);

    // then: not the new leader alone
    assertThat(leader).isEqualTo(new BrokerServices.Leader(3, 6, List.of(1, 2, 3)));
  }

  @Test
  void shouldGiveTheRecordedLeaderWhenNoLeaderIsKnownHereAndItIsAsNew() {
    // given: a node that just started, in the term the leader recorded
    reported(new PartitionLeader(3, 6, List.of(3, 1)));
    status = status("FOLLOWER", -1, 6);

    // when
    BrokerServices.Leader leader = services().leaderOf(PARTITION);

    // then
    assertThat(leader).isEqualTo(new BrokerServices.Leader(3, 6, List.of(3, 1)));
  }

  @Test
  void shouldGiveNoLeaderWhenTheRecordedLeaderIsOlderThanTheTermHere() {
    // given: an election runs here in term 7; the metadata records the leader of term 6
    reported(new PartitionLeader(3, 6, List.of(3, 1)));
    status = status("CANDIDATE", -1, 7);

    // when
    BrokerServices.Leader leader = services().leaderOf(PARTITION);

    // then: clients wait for the election instead of being sent to a fenced epoch
    assertThat(leader).isEqualTo(new BrokerServices.Leader(-1, -1, List.of()));
  }

  @Test
  void shouldGiveTheRecordedLeaderWhenTheGroupIsNotHostedHere() {
    // given
    reported(new PartitionLeader(3, 6, List.of(3, 1)));
    status = null;

    // when
    BrokerServices.Leader leader = services().leaderOf(PARTITION);

    // then
    assertThat(leader).isEqualTo(new BrokerServices.Leader(3, 6, List.of(3, 1)));
  }

  private void reported(PartitionLeader leader) {
    image = KafkaApisFixture.image(Map.of(), Map.of(), Map.of(GROUP, leader));
  }

  private static GroupStatus status(String role, int leaderId, long term) {
    return new GroupStatus(
        GROUP, "partition", role, false, leaderId, term, 10, 10, 0, 10, -1, List.of());
  }

  private BrokerServices services() {
    GroupHost groups =
        new KafkaApisFixture.NoGroups() {
          @Override
          public Set<String> localGroups() {
            return status == null ? Set.of() : Set.of(GROUP);
          }

          @Override
          public Optional<GroupStatus> status(String groupId) {
            return Optional.ofNullable(status);
          }

          @Override
          public List<GroupStatus> statuses() {
            return status == null ? List.of() : List.of(status);
          }
        };
    return KafkaApisFixture.services(
        KafkaApisFixture.metadata(() -> image), replicas, groups, -1, -1L);
  }
}
