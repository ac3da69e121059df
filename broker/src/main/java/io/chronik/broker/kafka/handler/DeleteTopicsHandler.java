package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

/** DeleteTopics, by name (v0-v5) or by name or id (v6+). */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequest> {
  private final BrokerServices services;

  public DeleteTopicsHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, DeleteTopicsRequest request) {
    DeleteTopicsRequestData req = request.data();
    List<DeleteTopicsRequestData.DeleteTopicState> targets = new ArrayList<>(req.topics());
    for (String name : req.topicNames()) {
      targets.add(new DeleteTopicsRequestData.DeleteTopicState().setName(name));
    }
    DeleteTopicsResponseData data = new DeleteTopicsResponseData();
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (DeleteTopicsRequestData.DeleteTopicState target : targets) {
      DeletableTopicResult out =
          new DeletableTopicResult().setName(target.name()).setTopicId(target.topicId());
      data.responses().add(out);
      TopicInfo topic =
          target.name() != null
              ? services.image().topic(target.name()).orElse(null)
              : services.image().topicById(target.topicId().toString()).orElse(null);
      if (topic == null) {
        out.setErrorCode(
            (target.name() != null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.UNKNOWN_TOPIC_ID)
                .code());
        continue;
      }
      out.setName(topic.name()).setTopicId(Uuid.fromString(topic.topicId()));
      pending.add(
          services
              .metadata()
              .submit(new MetaCommand.DeleteTopic(topic.name()))
              .thenAccept(
                  r ->
                      out.setErrorCode(r.errorCode())
                          .setErrorMessage(r.isOk() ? null : r.message())));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(v -> new DeleteTopicsResponse(data));
  }
}
