package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.TopicCreator;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.Errors;

/**
 * The topic-config writes of one AlterConfigs or IncrementalAlterConfigs request, resource by
 * resource: only topics are altered (broker configs are static), the topic must exist, the changes
 * its handler derives from the stored config must be valid one by one and together, and then they
 * are replicated through the metadata group unless the request only validates. Each resource's
 * error code and message go to its response entry; {@link #done} completes once every write is
 * answered.
 */
final class TopicConfigWrites {
  /** Why {@code partitions.per.group} cannot change. */
  static final String PARTITIONS_PER_GROUP_FIXED =
      TopicCreator.PARTITIONS_PER_GROUP
          + " is fixed when a topic is created: its partitions already have their Raft groups;"
          + " create a new topic to group its partitions differently";

  private static final String BROKER_CONFIGS_STATIC =
      "only topic configs can be changed at run time; broker settings are flags or CHRONIK_*"
          + " variables";

  /**
   * What a request asks of a topic's stored config: {@code changes} (key → new value, null to go
   * back to the default), or the {@code problem} that refuses them all.
   */
  record Changes(Map<String, String> changes, String problem) {
    static Changes of(Map<String, String> changes) {
      return new Changes(changes, null);
    }

    static Changes refused(String problem) {
      return new Changes(Map.of(), problem);
    }
  }

  /** Where a resource's outcome goes: its response entry's error code and message. */
  @FunctionalInterface
  interface Outcome {
    void answer(short errorCode, String errorMessage);
  }

  private final BrokerServices services;
  private final boolean validateOnly;
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();

  TopicConfigWrites(BrokerServices services, boolean validateOnly) {
    this.services = services;
    this.validateOnly = validateOnly;
  }

  /**
   * Alters the config of resource {@code name} of type {@code resourceType} by the changes {@code
   * changes} derives from the topic's stored config; the outcome goes to {@code outcome}, which is
   * not called when the changes are only validated and valid.
   */
  void alter(
      byte resourceType,
      String name,
      Function<Map<String, String>, Changes> changes,
      Outcome outcome) {
    if (ConfigResource.Type.forId(resourceType) != ConfigResource.Type.TOPIC) {
      outcome.answer(Errors.INVALID_REQUEST.code(), BROKER_CONFIGS_STATIC);
      return;
    }
    Optional<TopicInfo> topic = services.image().topic(name);
    if (topic.isEmpty()) {
      outcome.answer(
          Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), "topic '" + name + "' does not exist");
      return;
    }
    Map<String, String> current = topic.get().configs();
    Changes wanted = changes.apply(current);
    String problem = wanted.problem();
    if (problem == null) {
      problem = TopicCreator.checkTogether(topic.get().withConfigs(wanted.changes()).configs());
    }
    if (problem != null) {
      outcome.answer(Errors.INVALID_CONFIG.code(), problem);
      return;
    }
    if (validateOnly) {
      return;
    }
    pending.add(
        services
            .metadata()
            .submit(new MetaCommand.AlterTopicConfig(name, wanted.changes()))
            .thenAccept(r -> outcome.answer(r.errorCode(), r.isOk() ? null : r.message())));
  }

  /** Completes when every write this request started is answered. */
  CompletableFuture<Void> done() {
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
  }
}
