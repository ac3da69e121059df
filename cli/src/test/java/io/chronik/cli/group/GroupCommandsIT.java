package io.chronik.cli.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.InJvmBroker;
import io.chronik.cli.client.ClientErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code chronik group ...} after {@code chronik consume --group}, against a real broker. */
class GroupCommandsIT {
  @RegisterExtension static final InJvmBroker BROKER = new InJvmBroker();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static CliRun chronik(String... args) {
    return CliRun.run(withBootstrap(args));
  }

  private static String[] withBootstrap(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--bootstrap=" + BROKER.bootstrap());
    return all.toArray(String[]::new);
  }

  /** Five records in a one-partition topic, three of them consumed and committed by the group. */
  private static void consumedThreeOfFive(String topic, String group) {
    chronik("topic", "create", topic, "--partitions", "1");
    CliRun produced = CliRun.withInput("1\n2\n3\n4\n5\n", false, withBootstrap("produce", topic));
    assertThat(produced.exitCode()).isZero();
    CliRun consumed = chronik("consume", topic, "--group", group, "--from-beginning", "-n", "3");
    assertThat(consumed.outLines()).containsExactly("1", "2", "3");
  }

  @Test
  void shouldShowCommittedOffsetAndLagWhenGroupHasConsumed() throws Exception {
    // given
    consumedThreeOfFive("lagging", "billing");

    // when
    CliRun json = chronik("group", "describe", "billing", "-o", "json");
    CliRun text = chronik("group", "describe", "billing");

    // then
    assertThat(json.exitCode()).isZero();
    JsonNode group = JSON.readTree(json.out());
    assertThat(group.fieldNames())
        .toIterable()
        .containsExactly("groupId", "state", "coordinator", "assignor", "members", "offsets");
    assertThat(group.get("state").asText()).isEqualTo("Empty");
    assertThat(group.get("members")).isEmpty();
    JsonNode offset = group.get("offsets").get(0);
    assertThat(offset.get("topic").asText()).isEqualTo("lagging");
    assertThat(offset.get("committedOffset").asLong()).isEqualTo(3);
    assertThat(offset.get("logEndOffset").asLong()).isEqualTo(5);
    assertThat(offset.get("lag").asLong()).isEqualTo(2);
    assertThat(offset.get("memberId").isNull()).isTrue();
    assertThat(text.exitCode()).isZero();
    assertThat(text.out())
        .contains("Group: billing  state: Empty")
        .containsPattern("(?m)^lagging +0 +3 +5 +2 +-$");
  }

  @Test
  void shouldPrintNullAssignorWhenGroupHasNoMembers() throws Exception {
    // given
    consumedThreeOfFive("left", "departed");

    // when
    CliRun run = chronik("group", "describe", "departed", "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    JsonNode group = JSON.readTree(run.out());
    assertThat(group.get("state").asText()).isEqualTo("Empty");
    assertThat(group.get("assignor").isNull()).as(run.out()).isTrue();
  }

  @Test
  void shouldContinueAfterCommittedOffsetWhenGroupConsumesAgain() {
    // given
    consumedThreeOfFive("resumed", "resumer");

    // when
    CliRun run = chronik("consume", "resumed", "--group", "resumer", "-n", "2");

    // then
    assertThat(run.outLines()).containsExactly("4", "5");
  }

  @Test
  void shouldListGroupWhenItHasCommitted() throws Exception {
    // given
    consumedThreeOfFive("listed-by-group", "listed");

    // when
    CliRun run = chronik("group", "list", "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(JSON.readTree(run.out()).get("groups").findValuesAsText("groupId"))
        .contains("listed");
  }

  @Test
  void shouldMoveOffsetsToEarliestWhenResetIsConfirmed() throws Exception {
    // given
    consumedThreeOfFive("replayed", "replayer");

    // when
    CliRun reset =
        chronik("group", "reset-offsets", "replayer", "--to-earliest", "--yes", "-o", "json");

    // then
    assertThat(reset.exitCode()).isZero();
    JsonNode change = JSON.readTree(reset.out()).get("offsets").get(0);
    assertThat(change.get("previousOffset").asLong()).isEqualTo(3);
    assertThat(change.get("newOffset").asLong()).isZero();
    JsonNode described =
        JSON.readTree(chronik("group", "describe", "replayer", "-o", "json").out());
    assertThat(described.get("offsets").get(0).get("committedOffset").asLong()).isZero();
  }

  @Test
  void shouldChangeNothingWhenResetIsDryRun() throws Exception {
    // given
    consumedThreeOfFive("planned", "planner");

    // when
    CliRun reset =
        chronik(
            "group",
            "reset-offsets",
            "planner",
            "--topic",
            "planned",
            "--to-offset",
            "99",
            "--dry-run");

    // then
    assertThat(reset.exitCode()).isZero();
    assertThat(reset.out())
        .containsPattern("(?m)^planned +0 +3 +5$")
        .contains("dry run: no offset was changed");
    JsonNode described = JSON.readTree(chronik("group", "describe", "planner", "-o", "json").out());
    assertThat(described.get("offsets").get(0).get("committedOffset").asLong()).isEqualTo(3);
  }

  @Test
  void shouldRefuseToResetWhenGroupHasActiveMembers() {
    // given
    chronik("topic", "create", "busy");
    try (KafkaConsumer<String, String> member = member("busy-group")) {
      member.subscribe(List.of("busy"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
              });

      // when
      CliRun run =
          chronik(
              "group", "reset-offsets", "busy-group", "--topic", "busy", "--to-latest", "--yes");

      // then
      assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
      assertThat(run.errLines().get(0))
          .startsWith(
              "chronik: error: cannot reset the offsets of group busy-group: it has 1"
                  + " active member(s)")
          .endsWith("[" + ClientErrors.GROUP_NOT_EMPTY + "]");
      assertThat(run.errLines().get(1)).startsWith("hint: stop the group's consumers");
    }
  }

  @Test
  void shouldFailWithUnknownGroupWhenDescribingMissingGroup() {
    // when
    CliRun run = chronik("group", "describe", "nobody");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: cannot describe group nobody: the group does not exist ["
                + ClientErrors.UNKNOWN_GROUP
                + "]");
  }

  private static KafkaConsumer<String, String> member(String group) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            BROKER.bootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group),
        new StringDeserializer(),
        new StringDeserializer());
  }
}
