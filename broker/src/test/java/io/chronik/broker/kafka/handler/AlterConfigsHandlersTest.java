package io.chronik.broker.kafka.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.KafkaApisFixture;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.meta.ImageMetadataService;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.TestImages;
import io.chronik.broker.meta.TopicInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * What AlterConfigs (the whole config) and IncrementalAlterConfigs (operations) store and answer,
 * against the real metadata image without Raft.
 */
class AlterConfigsHandlersTest {
  private static final String TOPIC = "t";
  private static final String FIXED = "partitions.per.group";
  private static final Tuple BROKER_REFUSED =
      tuple(
          Errors.INVALID_REQUEST.code(),
          "only topic configs can be changed at run time; broker settings are flags or CHRONIK_*"
              + " variables");
  private static final Tuple UNKNOWN_REFUSED =
      tuple(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), "topic 'nosuch' does not exist");
  private static final Tuple FIXED_REFUSED =
      tuple(
          Errors.INVALID_CONFIG.code(),
          FIXED
              + " is fixed when a topic is created: its partitions already have their Raft groups;"
              + " create a new topic to group its partitions differently");
  private static final Tuple NEGATIVE_REFUSED =
      tuple(Errors.INVALID_CONFIG.code(), "topic config retention.ms must be at least -1, got -5");
  private static final Tuple CONFLICT_REFUSED =
      tuple(
          Errors.INVALID_CONFIG.code(),
          "conflict topic config setting min.compaction.lag.ms (30) > max.compaction.lag.ms (20)");

  private final ImageMetadataService metadata =
      new ImageMetadataService(
          TestImages.registered(1)
              .apply(
                  new MetaCommand.CreateTopic(
                      new TopicInfo(
                          TOPIC,
                          "id-t",
                          List.of(),
                          Map.of("retention.ms", "1000", "cleanup.policy", "delete", FIXED, "1"))))
              .image());
  private final BrokerServices services = KafkaApisFixture.services(metadata, null, null, 1, -1);

  @Test
  void shouldSetDeleteAndAppendWhenIncrementalAlterConfigsChangesATopic() throws Exception {
    // given
    var request =
        incremental(
            false,
            topic(
                TOPIC,
                op("segment.bytes", "2048", OpType.SET),
                op("retention.ms", null, OpType.DELETE),
                op("cleanup.policy", "compact", OpType.APPEND)));

    // when
    var answered = incrementalAnswer(request);

    // then
    assertThat(answered)
        .extracting(r -> r.errorCode(), r -> r.errorMessage())
        .containsExactly(tuple(Errors.NONE.code(), null));
    assertThat(stored())
        .isEqualTo(Map.of("segment.bytes", "2048", "cleanup.policy", "delete,compact", FIXED, "1"));
  }

  @Test
  void shouldRefuseAndStoreNothingWhenIncrementalAlterConfigsAsksWhatATopicCannotTake()
      throws Exception {
    // given
    var request =
        incremental(
            false,
            new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.BROKER.id())
                .setResourceName("1"),
            topic("nosuch", op("retention.ms", "5", OpType.SET)),
            topic(TOPIC, op(FIXED, "2", OpType.SET)),
            topic(TOPIC, op("retention.ms", "5", OpType.APPEND)),
            topic(TOPIC, op("retention.ms", "-5", OpType.SET)),
            topic(
                TOPIC,
                op("min.compaction.lag.ms", "30", OpType.SET),
                op("max.compaction.lag.ms", "20", OpType.SET)),
            topic(TOPIC, op("cleanup.policy", "delete", OpType.SUBTRACT)));

    // when
    var answered = incrementalAnswer(request);

    // then
    assertThat(answered)
        .extracting(r -> r.errorCode(), r -> r.errorMessage())
        .containsExactly(
            BROKER_REFUSED,
            UNKNOWN_REFUSED,
            FIXED_REFUSED,
            tuple(
                Errors.INVALID_CONFIG.code(),
                "operation APPEND is not supported for retention.ms; use SET or DELETE (APPEND"
                    + " and SUBTRACT: cleanup.policy only, a list)"),
            NEGATIVE_REFUSED,
            CONFLICT_REFUSED,
            tuple(
                Errors.INVALID_CONFIG.code(),
                "cleanup.policy '': an empty name is not a cleanup policy; use delete, compact or"
                    + " compact,delete"));
    assertThat(stored())
        .isEqualTo(Map.of("retention.ms", "1000", "cleanup.policy", "delete", FIXED, "1"));
  }

  @Test
  void shouldStoreNothingWhenIncrementalAlterConfigsOnlyValidates() throws Exception {
    // when
    var answered =
        incrementalAnswer(incremental(true, topic(TOPIC, op("retention.ms", "5", OpType.SET))));

    // then
    assertThat(answered).extracting(r -> r.errorCode()).containsExactly(Errors.NONE.code());
    assertThat(stored()).containsEntry("retention.ms", "1000");
  }

  @Test
  void shouldReplaceTheWholeConfigButPartitionsPerGroupWhenAlterConfigsNamesATopicsConfig()
      throws Exception {
    // when: retention.ms and cleanup.policy are left out, partitions.per.group named unchanged
    var answered =
        legacyAnswer(
            legacy(false, legacyTopic(TOPIC, Map.of("segment.bytes", "4096", FIXED, "1"))));

    // then
    assertThat(answered)
        .extracting(r -> r.errorCode(), r -> r.errorMessage())
        .containsExactly(tuple(Errors.NONE.code(), null));
    assertThat(stored()).isEqualTo(Map.of("segment.bytes", "4096", FIXED, "1"));
  }

  @Test
  void shouldRefuseAndStoreNothingWhenAlterConfigsAsksWhatATopicCannotTake() throws Exception {
    // given
    var request =
        legacy(
            false,
            new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.BROKER.id())
                .setResourceName("1"),
            legacyTopic("nosuch", Map.of("retention.ms", "5")),
            legacyTopic(TOPIC, Map.of(FIXED, "2")),
            legacyTopic(TOPIC, Map.of("retention.ms", "-5")),
            legacyTopic(
                TOPIC, Map.of("min.compaction.lag.ms", "30", "max.compaction.lag.ms", "20")));

    // when
    var answered = legacyAnswer(request);

    // then
    assertThat(answered)
        .extracting(r -> r.errorCode(), r -> r.errorMessage())
        .containsExactly(
            BROKER_REFUSED, UNKNOWN_REFUSED, FIXED_REFUSED, NEGATIVE_REFUSED, CONFLICT_REFUSED);
    assertThat(stored())
        .isEqualTo(Map.of("retention.ms", "1000", "cleanup.policy", "delete", FIXED, "1"));
  }

  @Test
  void shouldStoreNothingWhenAlterConfigsOnlyValidates() throws Exception {
    // when
    var answered = legacyAnswer(legacy(true, legacyTopic(TOPIC, Map.of("segment.bytes", "4096"))));

    // then
    assertThat(answered).extracting(r -> r.errorCode()).containsExactly(Errors.NONE.code());
    assertThat(stored()).containsEntry("retention.ms", "1000");
  }

  private Map<String, String> stored() {
    return metadata.image().topic(TOPIC).orElseThrow().configs();
  }

  private List<IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse> incrementalAnswer(
      IncrementalAlterConfigsRequestData data) throws Exception {
    var request = new IncrementalAlterConfigsRequest.Builder(data).build((short) 1);
    var response =
        new IncrementalAlterConfigsHandler(services)
            .handle(context(ApiKeys.INCREMENTAL_ALTER_CONFIGS), request)
            .get(5, TimeUnit.SECONDS);
    return ((IncrementalAlterConfigsResponse) response).data().responses();
  }

  private List<AlterConfigsResponseData.AlterConfigsResourceResponse> legacyAnswer(
      AlterConfigsRequestData data) throws Exception {
    var request = new AlterConfigsRequest(data, (short) 2);
    var response =
        new AlterConfigsHandler(services)
            .handle(context(ApiKeys.ALTER_CONFIGS), request)
            .get(5, TimeUnit.SECONDS);
    return ((AlterConfigsResponse) response).data().responses();
  }

  private static IncrementalAlterConfigsRequestData incremental(
      boolean validateOnly, IncrementalAlterConfigsRequestData.AlterConfigsResource... resources) {
    var data = new IncrementalAlterConfigsRequestData().setValidateOnly(validateOnly);
    for (var r : resources) {
      data.resources().add(r);
    }
    return data;
  }

  private static IncrementalAlterConfigsRequestData.AlterConfigsResource topic(
      String name, IncrementalAlterConfigsRequestData.AlterableConfig... ops) {
    var resource =
        new IncrementalAlterConfigsRequestData.AlterConfigsResource()
            .setResourceType(ConfigResource.Type.TOPIC.id())
            .setResourceName(name);
    for (var op : ops) {
      resource.configs().add(op);
    }
    return resource;
  }

  private static IncrementalAlterConfigsRequestData.AlterableConfig op(
      String name, String value, OpType type) {
    return new IncrementalAlterConfigsRequestData.AlterableConfig()
        .setName(name)
        .setValue(value)
        .setConfigOperation(type.id());
  }

  private static AlterConfigsRequestData legacy(
      boolean validateOnly, AlterConfigsRequestData.AlterConfigsResource... resources) {
    var data = new AlterConfigsRequestData().setValidateOnly(validateOnly);
    for (var r : resources) {
      data.resources().add(r);
    }
    return data;
  }

  private static AlterConfigsRequestData.AlterConfigsResource legacyTopic(
      String name, Map<String, String> configs) {
    var resource =
        new AlterConfigsRequestData.AlterConfigsResource()
            .setResourceType(ConfigResource.Type.TOPIC.id())
            .setResourceName(name);
    configs.forEach(
        (k, v) ->
            resource
                .configs()
                .add(new AlterConfigsRequestData.AlterableConfig().setName(k).setValue(v)));
    return resource;
  }

  private static RequestContext context(ApiKeys key) {
    return new RequestContext(new RequestHeader(key, (short) 0, "test", 1), "127.0.0.1", 1);
  }
}
