package io.chronik.cli.topic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.InJvmBroker;
import io.chronik.cli.client.ClientErrors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code chronik topic ...} against a real broker in this JVM. */
class TopicCommandsIT {
  @RegisterExtension static final InJvmBroker BROKER = new InJvmBroker();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static CliRun chronik(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--bootstrap=" + BROKER.bootstrap());
    return CliRun.run(all.toArray(String[]::new));
  }

  @Test
  void shouldCreateTopicWithPartitionsAndConfigsWhenCreateIsRun() throws Exception {
    // when
    CliRun created =
        chronik("topic", "create", "orders", "--partitions", "3", "--config", "retention.ms=60000");
    CliRun described = chronik("topic", "describe", "orders", "-o", "json");

    // then
    assertThat(created.exitCode()).isZero();
    assertThat(created.out())
        .isEqualTo("created topic orders: 3 partitions, replication factor 1\n");
    assertThat(described.exitCode()).isZero();
    JsonNode topic = JSON.readTree(described.out()).get("topics").get(0);
    assertThat(topic.get("name").asText()).isEqualTo("orders");
    assertThat(topic.get("partitions")).hasSize(3);
    for (JsonNode partition : topic.get("partitions")) {
      assertThat(partition.get("leader").asInt()).isEqualTo(1);
      assertThat(partition.get("replicas").toString()).isEqualTo("[1]");
      assertThat(partition.get("isr").toString()).isEqualTo("[1]");
    }
    assertThat(topic.get("configs").findValuesAsText("name")).contains("retention.ms");
    JsonNode retention = config(topic, "retention.ms");
    assertThat(retention.get("value").asText()).isEqualTo("60000");
    assertThat(retention.get("source").asText()).isEqualTo("topic");
  }

  @Test
  void shouldShowPartitionsAndConfigsWhenDescribedAsText() {
    // given
    chronik("topic", "create", "described", "--partitions", "2");

    // when
    CliRun run = chronik("topic", "describe", "described");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines().get(0))
        .startsWith("Topic: described  id: ")
        .endsWith("partitions: 2  replication factor: 1");
    assertThat(run.out())
        .contains("PARTITION  LEADER  REPLICAS  ISR")
        .containsPattern("(?m)^0 +1 +1 +1$")
        .containsPattern("(?m)^1 +1 +1 +1$")
        .containsPattern("(?m)^retention\\.ms +\\d+ +default$");
  }

  @Test
  void shouldListTopicsWhenListIsRun() throws Exception {
    // given
    chronik("topic", "create", "listed", "--partitions", "2");

    // when
    CliRun text = chronik("topic", "list");
    CliRun json = chronik("topic", "list", "-o", "json");

    // then
    assertThat(text.exitCode()).isZero();
    assertThat(text.outLines().get(0)).matches("TOPIC +PARTITIONS +REPLICATION-FACTOR");
    assertThat(text.out()).containsPattern("(?m)^listed +2 +1$");
    JsonNode listed = null;
    for (JsonNode topic : JSON.readTree(json.out()).get("topics")) {
      if (topic.get("name").asText().equals("listed")) {
        listed = topic;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.get("partitions").asInt()).isEqualTo(2);
    assertThat(listed.get("replicationFactor").asInt()).isEqualTo(1);
    assertThat(listed.get("internal").asBoolean()).isFalse();
  }

  @Test
  void shouldFailWithTopicExistsWhenTopicIsCreatedTwice() {
    // given
    chronik("topic", "create", "twice");

    // when
    CliRun run = chronik("topic", "create", "twice");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: cannot create topic twice: ")
        .endsWith("[" + ClientErrors.TOPIC_EXISTS + "]");
    assertThat(run.errLines().get(1)).startsWith("hint: ");
  }

  @Test
  void shouldFailWithUnknownTopicWhenDescribingMissingTopic() {
    // when
    CliRun run = chronik("topic", "describe", "no-such-topic");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: cannot describe topic no-such-topic: no such topic or partition ["
                + ClientErrors.UNKNOWN_TOPIC
                + "]",
            "hint: list the topics with 'chronik topic list'");
  }

  @Test
  void shouldDeleteTopicWhenYesIsGiven() throws Exception {
    // given
    chronik("topic", "create", "doomed", "--partitions", "2");

    // when
    CliRun run = chronik("topic", "delete", "doomed", "--yes", "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    JsonNode result = JSON.readTree(run.out());
    assertThat(result.get("deleted").asBoolean()).isTrue();
    assertThat(result.get("dryRun").asBoolean()).isFalse();
    assertThat(result.get("topics").get(0).get("partitions").asInt()).isEqualTo(2);
    assertThat(chronik("topic", "list").out()).doesNotContain("doomed");
  }

  @Test
  void shouldDeleteNothingWhenDryRunIsGiven() {
    // given
    chronik("topic", "create", "kept");

    // when
    CliRun run = chronik("topic", "delete", "kept", "--dry-run");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("would delete topic kept (1 partition)\n");
    assertThat(chronik("topic", "describe", "kept").exitCode()).isZero();
  }

  @Test
  void shouldRefuseToDeleteWhenStdinIsNotTerminalAndYesIsMissing() {
    // given
    chronik("topic", "create", "guarded");

    // when
    CliRun run = chronik("topic", "delete", "guarded");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: refusing to delete topic guarded with 1 partition(s) without"
                + " confirmation: stdin is not a terminal ["
                + ClientErrors.CONFIRMATION_NEEDED
                + "]",
            "hint: pass --yes to confirm, or --dry-run to see what would change");
    assertThat(chronik("topic", "describe", "guarded").exitCode()).isZero();
  }

  @Test
  void shouldDeleteWhenOperatorConfirmsOnTerminal() {
    // given
    chronik("topic", "create", "confirmed");

    // when
    CliRun run =
        CliRun.withInput(
            "y\n", true, "topic", "delete", "confirmed", "--bootstrap", BROKER.bootstrap());

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEqualTo("Delete topic confirmed with 1 partition(s)? [y/N] ");
    assertThat(run.out()).isEqualTo("deleted topic confirmed (1 partition)\n");
  }

  @Test
  void shouldKeepTopicWhenOperatorDeclinesOnTerminal() {
    // given
    chronik("topic", "create", "declined");

    // when
    CliRun run =
        CliRun.withInput(
            "n\n", true, "topic", "delete", "declined", "--bootstrap", BROKER.bootstrap());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.err()).endsWith("chronik: aborted; nothing was deleted\n");
    assertThat(chronik("topic", "describe", "declined").exitCode()).isZero();
  }

  @Test
  void shouldSetAndDeleteTopicConfigsWhenAlterConfigIsRun() throws Exception {
    // given
    chronik("topic", "create", "altered");

    // when
    CliRun set = chronik("topic", "alter-config", "altered", "--set", "retention.ms=1000");
    JsonNode afterSet =
        JSON.readTree(chronik("topic", "describe", "altered", "-o", "json").out())
            .get("topics")
            .get(0);
    CliRun deleted = chronik("topic", "alter-config", "altered", "--delete", "retention.ms");
    JsonNode afterDelete =
        JSON.readTree(chronik("topic", "describe", "altered", "-o", "json").out())
            .get("topics")
            .get(0);
    CliRun bad = chronik("topic", "alter-config", "altered", "--set", "retention.ms=soon");

    // then
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(config(afterSet, "retention.ms").get("value").asText()).isEqualTo("1000");
    assertThat(config(afterSet, "retention.ms").get("source").asText()).isEqualTo("topic");
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(config(afterDelete, "retention.ms").get("source").asText()).isNotEqualTo("topic");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("retention.ms must be a number");
  }

  private static JsonNode config(JsonNode topic, String name) {
    for (JsonNode config : topic.get("configs")) {
      if (config.get("name").asText().equals(name)) {
        return config;
      }
    }
    throw new AssertionError("no config " + name + " in " + topic);
  }
}
