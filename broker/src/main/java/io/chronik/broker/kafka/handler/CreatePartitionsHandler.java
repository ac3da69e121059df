package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.TopicCreator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;

/** CreatePartitions: grows topics; manual assignments are refused. */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequest> {
  private final TopicCreator creator;

  public CreatePartitionsHandler(TopicCreator creator) {
    this.creator = creator;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, CreatePartitionsRequest request) {
    CreatePartitionsResponseData data = new CreatePartitionsResponseData();
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (CreatePartitionsTopic topic : request.data().topics()) {
      CreatePartitionsTopicResult out = new CreatePartitionsTopicResult().setName(topic.name());
      data.results().add(out);
      if (topic.assignments() != null && !topic.assignments().isEmpty()) {
        out.setErrorCode(Errors.INVALID_REQUEST.code())
            .setErrorMessage("manual replica assignment is not supported");
        continue;
      }
      pending.add(
          creator
              .grow(topic.name(), topic.count(), request.data().validateOnly())
              .thenAccept(r -> out.setErrorCode(r.error().code()).setErrorMessage(r.message())));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(v -> new CreatePartitionsResponse(data));
  }
}
