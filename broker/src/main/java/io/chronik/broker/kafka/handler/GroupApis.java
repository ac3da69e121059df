package io.chronik.broker.kafka.handler;

import io.chronik.broker.group.GroupCoordinator;
import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestDispatcher;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.TopicInfo;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/**
 * The classic consumer-group APIs, each a thin adapter onto the {@link GroupCoordinator}. A node
 * that does not coordinate groups (it does not lead the metadata group) answers NOT_COORDINATOR, so
 * clients look the coordinator up again; a new leader that has not applied the metadata yet answers
 * COORDINATOR_NOT_AVAILABLE (retried by every client), and once it has, the first request makes the
 * coordinator take the stored groups over. OffsetCommit answers partitions that do not exist
 * itself.
 */
public final class GroupApis {
  private GroupApis() {}

  public static void register(RequestDispatcher dispatcher, BrokerServices services) {
    GroupCoordinator c = services.coordinator();
    dispatcher.register(
        ApiKeys.JOIN_GROUP,
        -1,
        coordinated(
            services,
            (JoinGroupRequest r, Short v, String clientId, String host) ->
                c.joinGroup(r.data(), v, clientId, host)
                    .thenApply(d -> new JoinGroupResponse(d, v))));
    dispatcher.register(
        ApiKeys.SYNC_GROUP,
        -1,
        coordinated(
            services,
            (SyncGroupRequest r, Short v, String id, String host) ->
                c.syncGroup(r.data(), v).thenApply(SyncGroupResponse::new)));
    dispatcher.register(
        ApiKeys.HEARTBEAT,
        -1,
        coordinated(
            services,
            (HeartbeatRequest r, Short v, String id, String host) ->
                done(new HeartbeatResponse(c.heartbeat(r.data(), v)))));
    dispatcher.register(
        ApiKeys.LEAVE_GROUP,
        -1,
        coordinated(
            services,
            (LeaveGroupRequest r, Short v, String id, String host) ->
                done(new LeaveGroupResponse(c.leaveGroup(r.data(), v), v))));
    dispatcher.register(
        ApiKeys.OFFSET_COMMIT,
        -1,
        coordinated(
            services,
            (OffsetCommitRequest r, Short v, String id, String host) ->
                commitExisting(services, r.data(), v)));
    dispatcher.register(
        ApiKeys.OFFSET_FETCH,
        -1,
        coordinated(
            services,
            (OffsetFetchRequest r, Short v, String id, String host) ->
                done(new OffsetFetchResponse(c.fetchOffsets(r.data(), v), v))));
    dispatcher.register(
        ApiKeys.LIST_GROUPS,
        -1,
        coordinated(
            services,
            (ListGroupsRequest r, Short v, String id, String host) ->
                done(new ListGroupsResponse(c.listGroups(r.data(), v)))));
    dispatcher.register(
        ApiKeys.DESCRIBE_GROUPS,
        -1,
        coordinated(
            services,
            (DescribeGroupsRequest r, Short v, String id, String host) ->
                done(new DescribeGroupsResponse(c.describeGroups(r.data(), v)))));
    dispatcher.register(
        ApiKeys.DELETE_GROUPS,
        -1,
        coordinated(
            services,
            (DeleteGroupsRequest r, Short v, String id, String host) ->
                c.deleteGroups(r.data(), v).thenApply(DeleteGroupsResponse::new)));
  }

  /**
   * OffsetCommit, as Kafka answers it: a partition of a topic that does not exist, or one the topic
   * does not have, is UNKNOWN_TOPIC_OR_PARTITION and is not stored; the other partitions go to the
   * coordinator, which is not asked at all when none is left.
   */
  private static CompletableFuture<OffsetCommitResponse> commitExisting(
      BrokerServices services, OffsetCommitRequestData request, short version) {
    MetadataImage image = services.image();
    OffsetCommitResponse.Builder response = new OffsetCommitResponse.Builder();
    OffsetCommitRequestData existing = request.duplicate().setTopics(new ArrayList<>());
    for (OffsetCommitRequestTopic topic : request.topics()) {
      TopicInfo info = image.topic(topic.name()).orElse(null);
      OffsetCommitRequestTopic kept = new OffsetCommitRequestTopic().setName(topic.name());
      for (OffsetCommitRequestPartition p : topic.partitions()) {
        if (info != null
            && info.partitions().stream().anyMatch(a -> a.partition() == p.partitionIndex())) {
          kept.partitions().add(p);
        } else {
          response.addPartition(
              topic.name(), p.partitionIndex(), Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
      }
      if (!kept.partitions().isEmpty()) {
        existing.topics().add(kept);
      }
    }
    if (existing.topics().isEmpty()) {
      return CompletableFuture.completedFuture(response.build());
    }
    return services
        .coordinator()
        .commitOffsets(existing, version)
        .thenApply(d -> response.merge(d).build());
  }

  /** A group API call: request, version, client id and client host. */
  @FunctionalInterface
  private interface GroupCall<R extends AbstractRequest> {
    CompletableFuture<? extends AbstractResponse> call(
        R request, Short version, String clientId, String clientHost);
  }

  private static <R extends AbstractRequest> ApiHandler<R> coordinated(
      BrokerServices services, GroupCall<R> call) {
    return (context, request) -> {
      if (services.metaLeader().getAsInt() != services.nodeId()) {
        return CompletableFuture.failedFuture(
            new NotCoordinatorException(
                "node " + services.nodeId() + " does not coordinate groups"));
      }
      long term = services.coordinatorTerm().getAsLong();
      if (term < 0) {
        // Heartbeat and SyncGroup handlers take COORDINATOR_LOAD_IN_PROGRESS as fatal; this
        // error makes every client look the coordinator up and retry
        return CompletableFuture.failedFuture(
            new CoordinatorNotAvailableException(
                "node "
                    + services.nodeId()
                    + " was elected to coordinate groups and is still applying the metadata"));
      }
      services.coordinator().coordinate(term);
      return call.call(request, context.apiVersion(), context.clientId(), context.clientHost())
          .thenApply(Function.identity());
    };
  }

  private static CompletableFuture<AbstractResponse> done(AbstractResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
