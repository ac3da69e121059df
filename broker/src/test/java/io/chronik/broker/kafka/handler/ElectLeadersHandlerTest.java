package io.chronik.broker.kafka.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.KafkaApisFixture;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.replication.LeaderElection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** What ElectLeaders answers for each partition, from the outcome of each group's election. */
class ElectLeadersHandlerTest {
  // "orders" has 3 partitions: 0 and 1 share group g-a, 2 is alone in g-b; "audit" has g-c
  private static final TopicInfo ORDERS =
      new TopicInfo(
          "orders",
          "AAAAAAAAAAAAAAAAAAAAAA",
          List.of(
              new PartitionAssignment(0, "g-a", List.of(1, 2, 3)),
              new PartitionAssignment(1, "g-a", List.of(1, 2, 3)),
              new PartitionAssignment(2, "g-b", List.of(2, 3, 1))),
          Map.of());
  private static final TopicInfo AUDIT =
      new TopicInfo(
          "audit",
          "AAAAAAAAAAAAAAAAAAAAAQ",
          List.of(new PartitionAssignment(0, "g-c", List.of(3, 1, 2))),
          Map.of());

  private final Elections groups = new Elections();

  @Test
  void shouldAnswerEveryNamedPartitionWithItsGroupsOutcomeAndAskEachGroupOnce() throws Exception {
    // given
    groups.outcomes.put("g-a", LeaderElection.Result.ELECTED);
    groups.outcomes.put("g-b", LeaderElection.Result.NOT_NEEDED);
    ElectLeadersRequest request =
        request(
            ElectionType.PREFERRED,
            Set.of(
                new TopicPartition("orders", 0),
                new TopicPartition("orders", 1),
                new TopicPartition("orders", 2),
                new TopicPartition("orders", 7),
                new TopicPartition("nosuch", 0)));

    // when
    ElectLeadersResponse response = handle(request);

    // then
    assertThat(errors(response))
        .containsExactlyInAnyOrder(
            tuple("orders", 0, Errors.NONE),
            tuple("orders", 1, Errors.NONE),
            tuple("orders", 2, Errors.ELECTION_NOT_NEEDED),
            tuple("orders", 7, Errors.UNKNOWN_TOPIC_OR_PARTITION),
            tuple("nosuch", 0, Errors.UNKNOWN_TOPIC_OR_PARTITION));
    assertThat(groups.asked).containsExactlyInAnyOrder("g-a", "g-b");
    assertThat(groups.preferred).containsOnly(true);
    assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
  }

  @Test
  void shouldLeaveOutPartitionsThatNeedNoElectionWhenNoneAreNamed() throws Exception {
    // given
    groups.outcomes.put("g-a", LeaderElection.Result.NOT_NEEDED);
    groups.outcomes.put("g-b", LeaderElection.Result.PREFERRED_NOT_AVAILABLE);
    groups.outcomes.put("g-c", LeaderElection.Result.ELECTED);

    // when
    ElectLeadersResponse response = handle(request(ElectionType.PREFERRED, null));

    // then
    assertThat(errors(response))
        .containsExactlyInAnyOrder(
            tuple("orders", 2, Errors.PREFERRED_LEADER_NOT_AVAILABLE),
            tuple("audit", 0, Errors.NONE));
    assertThat(groups.asked).containsExactlyInAnyOrder("g-a", "g-b", "g-c");
  }

  @Test
  void shouldAskForAnUncleanElectionAsSuchAndMapItsOutcomes() throws Exception {
    // given: one group has a leader, the other none
    groups.outcomes.put("g-b", LeaderElection.Result.NOT_NEEDED);
    groups.outcomes.put("g-c", LeaderElection.Result.NO_ELIGIBLE_LEADER);

    // when
    ElectLeadersResponse response =
        handle(
            request(
                ElectionType.UNCLEAN,
                Set.of(new TopicPartition("orders", 2), new TopicPartition("audit", 0))));

    // then
    assertThat(errors(response))
        .containsExactlyInAnyOrder(
            tuple("orders", 2, Errors.ELECTION_NOT_NEEDED),
            tuple("audit", 0, Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE));
    assertThat(groups.preferred).containsOnly(false);
  }

  @Test
  void shouldAnswerAFailedElectionWithItsErrorAndTheOthersWithTheirs() throws Exception {
    // given: the election of g-a fails outright
    groups.outcomes.put("g-b", LeaderElection.Result.ELECTED);
    ElectLeadersRequest request =
        request(
            ElectionType.PREFERRED,
            Set.of(new TopicPartition("orders", 0), new TopicPartition("orders", 2)));

    // when
    ElectLeadersResponse response = handle(request);

    // then
    assertThat(errors(response))
        .containsExactlyInAnyOrder(
            tuple("orders", 0, Errors.UNKNOWN_SERVER_ERROR), tuple("orders", 2, Errors.NONE));
  }

  private ElectLeadersResponse handle(ElectLeadersRequest request) throws Exception {
    MetadataImage image =
        KafkaApisFixture.image(Map.of(), Map.of("orders", ORDERS, "audit", AUDIT), Map.of());
    BrokerServices services =
        KafkaApisFixture.services(KafkaApisFixture.metadata(() -> image), null, groups, 1, 1L);
    RequestContext context =
        new RequestContext(
            new RequestHeader(ApiKeys.ELECT_LEADERS, request.version(), "test", 1), "127.0.0.1", 1);
    return (ElectLeadersResponse)
        new ElectLeadersHandler(services).handle(context, request).get(10, TimeUnit.SECONDS);
  }

  private static ElectLeadersRequest request(ElectionType type, Set<TopicPartition> partitions) {
    return new ElectLeadersRequest.Builder(type, partitions, 30_000).build((short) 2);
  }

  private static List<org.assertj.core.groups.Tuple> errors(ElectLeadersResponse response) {
    List<org.assertj.core.groups.Tuple> out = new ArrayList<>();
    for (ReplicaElectionResult t : response.data().replicaElectionResults()) {
      for (PartitionResult p : t.partitionResult()) {
        out.add(tuple(t.topic(), p.partitionId(), Errors.forCode(p.errorCode())));
      }
    }
    return out;
  }

  /** Answers each group's election with its outcome; a group without one fails. */
  private static final class Elections extends KafkaApisFixture.NoGroups {
    final Map<String, LeaderElection.Result> outcomes = new java.util.HashMap<>();
    final List<String> asked = new ArrayList<>();
    final List<Boolean> preferred = new ArrayList<>();

    @Override
    public CompletableFuture<LeaderElection> electLeader(
        String groupId,
        List<Integer> replicas,
        int knownLeader,
        boolean preferred,
        long timeoutMs) {
      asked.add(groupId);
      this.preferred.add(preferred);
      LeaderElection.Result r = outcomes.get(groupId);
      return r == null
          ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
          : CompletableFuture.completedFuture(new LeaderElection(r, 1, "because"));
    }
  }
}
