package io.chronik.broker.kafka.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.KafkaApisFixture;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.TopicCreator;
import io.chronik.broker.meta.ImageMetadataService;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.MetadataService;
import io.chronik.broker.meta.TestImages;
import io.chronik.broker.partition.EntryFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** What CreateTopics answers when two clients create clashing topics at the same moment. */
class CreateTopicsHandlerTest {
  // node 1 serves the requests; the topics' replicas go to node 2, so no local leader is awaited
  private final HeldMetadata metadata = new HeldMetadata(TestImages.registered(2));
  private final BrokerServices services = KafkaApisFixture.services(metadata, null, null, 2, -1);
  private final CreateTopicsHandler handler =
      new CreateTopicsHandler(new TopicCreator(services), services);

  @Test
  void shouldCreateOnlyTheFirstWhenTwoClientsCreateCollidingNamesAtTheSameMoment()
      throws Exception {
    // given: both requests are checked against the image before either creation is applied
    var first = handler.handle(context(), request("metrics.cpu"));
    var second = handler.handle(context(), request("metrics_cpu"));

    // when: the metadata group applies the two creations in the order they came
    metadata.applyHeld();

    // then
    assertThat(result(first))
        .extracting(CreatableTopicResult::errorCode, CreatableTopicResult::numPartitions)
        .containsExactly(Errors.NONE.code(), 1);
    assertThat(result(second))
        .extracting(CreatableTopicResult::errorCode, CreatableTopicResult::errorMessage)
        .containsExactly(
            Errors.INVALID_TOPIC_EXCEPTION.code(),
            "Topic 'metrics_cpu' collides with existing topic: metrics.cpu");
    assertThat(metadata.image().topics().keySet()).containsExactly("metrics.cpu");
  }

  @Test
  void shouldAnswerTopicAlreadyExistsToTheSecondOfTwoCreationsOfTheSameName() throws Exception {
    // given
    var first = handler.handle(context(), request("orders"));
    var second = handler.handle(context(), request("orders"));

    // when
    metadata.applyHeld();

    // then
    assertThat(List.of(result(first), result(second)))
        .extracting(CreatableTopicResult::errorCode, CreatableTopicResult::errorMessage)
        .containsExactly(
            tuple(Errors.NONE.code(), null),
            tuple(Errors.TOPIC_ALREADY_EXISTS.code(), "topic 'orders' already exists"));
  }

  @Test
  void shouldLetCollidingCreationsThroughWhileANodeAppliesAnOlderEntryFormat() throws Exception {
    // given: node 3 runs a release whose metadata group does not refuse colliding names
    HeldMetadata upgrading =
        new HeldMetadata(
            TestImages.register(TestImages.registered(2), 3, EntryFormat.DELETE_RECORDS));
    BrokerServices node = KafkaApisFixture.services(upgrading, null, null, 2, -1);
    CreateTopicsHandler during = new CreateTopicsHandler(new TopicCreator(node), node);
    var first = during.handle(context(), request("metrics.cpu"));
    var second = during.handle(context(), request("metrics_cpu"));

    // when
    upgrading.applyHeld();

    // then: every node applies both alike, as the older release does
    assertThat(List.of(result(first), result(second)))
        .extracting(CreatableTopicResult::errorCode)
        .containsOnly(Errors.NONE.code());
    assertThat(upgrading.image().topics()).containsOnlyKeys("metrics.cpu", "metrics_cpu");
  }

  private static CreatableTopicResult result(
      CompletableFuture<org.apache.kafka.common.requests.AbstractResponse> response)
      throws Exception {
    CreateTopicsResponse answered = (CreateTopicsResponse) response.get(5, TimeUnit.SECONDS);
    return answered.data().topics().iterator().next();
  }

  private static CreateTopicsRequest request(String name) {
    CreatableTopicCollection topics = new CreatableTopicCollection();
    topics.add(
        new CreatableTopic().setName(name).setNumPartitions(1).setReplicationFactor((short) 1));
    return new CreateTopicsRequest.Builder(
            new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(10_000))
        .build((short) 7);
  }

  private static RequestContext context() {
    return new RequestContext(
        new RequestHeader(ApiKeys.CREATE_TOPICS, (short) 7, "test", 1), "127.0.0.1", 1);
  }

  /**
   * A metadata service that holds submitted commands until {@link #applyHeld}, then applies them in
   * order as the metadata log does: what two nodes proposing at once looks like.
   */
  private static final class HeldMetadata implements MetadataService {
    private final ImageMetadataService applied;
    private final List<Runnable> held = new ArrayList<>();

    HeldMetadata(MetadataImage image) {
      this.applied = new ImageMetadataService(image);
    }

    @Override
    public MetadataImage image() {
      return applied.image();
    }

    @Override
    public long appliedIndex() {
      return applied.appliedIndex();
    }

    @Override
    public synchronized CompletableFuture<MetaResult> submit(MetaCommand command) {
      CompletableFuture<MetaResult> result = new CompletableFuture<>();
      held.add(() -> applied.submit(command).thenAccept(result::complete));
      return result;
    }

    synchronized void applyHeld() {
      held.forEach(Runnable::run);
      held.clear();
    }

    @Override
    public void addListener(Consumer<MetadataImage> listener) {
      applied.addListener(listener);
    }
  }
}
