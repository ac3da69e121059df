package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.kafka.TopicCreator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * IncrementalAlterConfigs (KIP-339) for topic configs: SET and DELETE of the configs chronik
 * understands, and APPEND and SUBTRACT of the list config cleanup.policy, replicated through the
 * metadata group ({@link TopicConfigWrites}). Broker configs are static (flags and environment) and
 * are refused.
 */
public final class IncrementalAlterConfigsHandler
    implements ApiHandler<IncrementalAlterConfigsRequest> {
  private static final String CLEANUP_POLICY = "cleanup.policy";
  private final BrokerServices services;

  public IncrementalAlterConfigsHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, IncrementalAlterConfigsRequest request) {
    IncrementalAlterConfigsResponseData data = new IncrementalAlterConfigsResponseData();
    TopicConfigWrites writes = new TopicConfigWrites(services, request.data().validateOnly());
    for (AlterConfigsResource resource : request.data().resources()) {
      AlterConfigsResourceResponse out =
          new AlterConfigsResourceResponse()
              .setResourceType(resource.resourceType())
              .setResourceName(resource.resourceName());
      data.responses().add(out);
      writes.alter(
          resource.resourceType(),
          resource.resourceName(),
          current -> operations(resource, current),
          (code, message) -> out.setErrorCode(code).setErrorMessage(message));
    }
    return writes.done().thenApply(v -> new IncrementalAlterConfigsResponse(data));
  }

  /** The changes {@code resource}'s operations make to the topic's stored config, in order. */
  private static TopicConfigWrites.Changes operations(
      AlterConfigsResource resource, Map<String, String> current) {
    Map<String, String> changes = new HashMap<>();
    for (AlterableConfig c : resource.configs()) {
      AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(c.configOperation());
      String problem;
      if (TopicCreator.PARTITIONS_PER_GROUP.equals(c.name())) {
        problem = TopicConfigWrites.PARTITIONS_PER_GROUP_FIXED;
      } else if (op == AlterConfigOp.OpType.SET) {
        problem = TopicCreator.checkConfig(c.name(), c.value());
        changes.put(c.name(), c.value());
      } else if (op == AlterConfigOp.OpType.DELETE) {
        problem =
            TopicCreator.TOPIC_CONFIGS.contains(c.name())
                ? null
                : "unknown topic config '" + c.name() + "'";
        changes.put(c.name(), null);
      } else if ((op == AlterConfigOp.OpType.APPEND || op == AlterConfigOp.OpType.SUBTRACT)
          && CLEANUP_POLICY.equals(c.name())) {
        String before =
            changes.containsKey(c.name())
                ? changes.get(c.name())
                : current.getOrDefault(c.name(), "delete");
        String after =
            listOp(
                before == null ? "delete" : before, c.value(), op == AlterConfigOp.OpType.APPEND);
        problem = TopicCreator.checkConfig(c.name(), after);
        changes.put(c.name(), after);
      } else {
        problem =
            "operation "
                + op
                + " is not supported for "
                + c.name()
                + "; use SET or DELETE (APPEND and SUBTRACT: cleanup.policy only, a list)";
      }
      if (problem != null) {
        return TopicConfigWrites.Changes.refused(problem);
      }
    }
    return TopicConfigWrites.Changes.of(changes);
  }

  /**
   * A list config after APPEND (the values not in it yet, at the end) or SUBTRACT (every value
   * named), as Kafka applies them; values are comma-separated.
   */
  static String listOp(String current, String values, boolean append) {
    List<String> list = new ArrayList<>();
    for (String v : current.split(",")) {
      if (!v.trim().isEmpty()) {
        list.add(v.trim());
      }
    }
    for (String v : (values == null ? "" : values).split(",")) {
      String name = v.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (append && !list.contains(name)) {
        list.add(name);
      } else if (!append) {
        list.remove(name);
      }
    }
    return String.join(",", list);
  }
}
