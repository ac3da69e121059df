package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.KafkaErrors;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.replication.LeaderElection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;

/**
 * ElectLeaders, as Kafka answers it. PREFERRED hands each partition's lead to its group's preferred
 * leader (the member with the highest Raft priority) when that member is live and caught up: NONE
 * once moved, ELECTION_NOT_NEEDED when it leads already, PREFERRED_LEADER_NOT_AVAILABLE when it is
 * down, behind or did not take the lead. UNCLEAN is never needed with Raft, which elects only
 * members that hold every committed entry: ELECTION_NOT_NEEDED when the partition has a leader,
 * ELIGIBLE_LEADERS_NOT_AVAILABLE when it has none (a majority of its members is down). A partition
 * that does not exist is UNKNOWN_TOPIC_OR_PARTITION.
 *
 * <p>With no partitions named, every partition is asked, and those that need no election are left
 * out of the answer, as Kafka does. Partitions that share a Raft group share one election. Any node
 * serves the request: each group's leader is reached through Raft clients.
 */
public final class ElectLeadersHandler implements ApiHandler<ElectLeadersRequest> {
  private final BrokerServices services;

  public ElectLeadersHandler(BrokerServices services) {
    this.services = services;
  }

  /** A partition asked for, with its assignment; null when it does not exist. */
  record Asked(String topic, int partition, PartitionAssignment assignment) {}

  /** The partitions a request asks for, in request order: every partition when it names none. */
  static List<Asked> asked(ElectLeadersRequestData request, MetadataImage image) {
    List<Asked> out = new ArrayList<>();
    if (request.topicPartitions() == null) {
      for (TopicInfo topic : new java.util.TreeMap<>(image.topics()).values()) {
        for (PartitionAssignment p : topic.partitions()) {
          out.add(new Asked(topic.name(), p.partition(), p));
        }
      }
      return out;
    }
    for (ElectLeadersRequestData.TopicPartitions t : request.topicPartitions()) {
      TopicInfo topic = image.topic(t.topic()).orElse(null);
      for (int partition : t.partitions()) {
        PartitionAssignment p =
            topic != null && partition >= 0 && partition < topic.partitions().size()
                ? topic.partitions().get(partition)
                : null;
        out.add(new Asked(t.topic(), partition, p));
      }
    }
    return out;
  }

  /** The Kafka error of an election outcome. */
  static Errors errorOf(LeaderElection.Result result) {
    return switch (result) {
      case ELECTED -> Errors.NONE;
      case NOT_NEEDED -> Errors.ELECTION_NOT_NEEDED;
      case PREFERRED_NOT_AVAILABLE -> Errors.PREFERRED_LEADER_NOT_AVAILABLE;
      case NO_ELIGIBLE_LEADER -> Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE;
    };
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, ElectLeadersRequest request) {
    ElectLeadersRequestData data = request.data();
    boolean all = data.topicPartitions() == null;
    boolean preferred = data.electionType() == ElectionType.PREFERRED.value;
    if (data.electionType() != ElectionType.PREFERRED.value
        && data.electionType() != ElectionType.UNCLEAN.value) {
      return CompletableFuture.completedFuture(
          request.getErrorResponse(
              0, Errors.INVALID_REQUEST.exception("unknown election type " + data.electionType())));
    }
    long timeoutMs = Math.max(1, data.timeoutMs());
    List<Asked> asked = asked(data, services.image());
    Map<String, CompletableFuture<LeaderElection>> byGroup = new HashMap<>();
    List<CompletableFuture<PartitionResult>> results = new ArrayList<>();
    for (Asked a : asked) {
      if (a.assignment() == null) {
        results.add(
            CompletableFuture.completedFuture(
                result(a, Errors.UNKNOWN_TOPIC_OR_PARTITION, "no such partition")));
        continue;
      }
      PartitionAssignment p = a.assignment();
      CompletableFuture<LeaderElection> election =
          byGroup.computeIfAbsent(
              p.groupId(),
              g ->
                  services
                      .groups()
                      .electLeader(
                          g, p.replicas(), services.leaderOf(p).nodeId(), preferred, timeoutMs));
      results.add(
          election.handle(
              (e, failure) ->
                  failure != null
                      ? result(a, KafkaErrors.of(failure), String.valueOf(failure.getMessage()))
                      : result(a, errorOf(e.result()), e.message())));
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              Map<String, ReplicaElectionResult> byTopic = new java.util.LinkedHashMap<>();
              if (!all) {
                // every named topic is answered, in request order
                data.topicPartitions()
                    .forEach(
                        t ->
                            byTopic.computeIfAbsent(
                                t.topic(), n -> new ReplicaElectionResult().setTopic(n)));
              }
              for (int i = 0; i < asked.size(); i++) {
                PartitionResult r = results.get(i).join();
                if (all && r.errorCode() == Errors.ELECTION_NOT_NEEDED.code()) {
                  continue;
                }
                byTopic
                    .computeIfAbsent(
                        asked.get(i).topic(), n -> new ReplicaElectionResult().setTopic(n))
                    .partitionResult()
                    .add(r);
              }
              return new ElectLeadersResponse(
                  new ElectLeadersResponseData()
                      .setErrorCode(Errors.NONE.code())
                      .setReplicaElectionResults(new ArrayList<>(byTopic.values())));
            });
  }

  private static PartitionResult result(Asked a, Errors error, String message) {
    return new PartitionResult()
        .setPartitionId(a.partition())
        .setErrorCode(error.code())
        .setErrorMessage(error == Errors.NONE ? null : message);
  }
}
