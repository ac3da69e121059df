package io.chronik.cli.record;

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

/** {@code chronik produce} and {@code chronik consume} against a real broker in this JVM. */
class RecordCommandsIT {
  @RegisterExtension static final InJvmBroker BROKER = new InJvmBroker();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static CliRun chronik(String... args) {
    return CliRun.run(withBootstrap(args));
  }

  private static CliRun produce(String lines, String... args) {
    return CliRun.withInput(lines, false, withBootstrap(args));
  }

  private static String[] withBootstrap(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--bootstrap=" + BROKER.bootstrap());
    return all.toArray(String[]::new);
  }

  @Test
  void shouldReadBackKeysValuesAndHeadersWhenLinesAreProducedAndConsumed() {
    // given
    chronik("topic", "create", "round-trip", "--partitions", "1");

    // when
    CliRun produced =
        produce(
            "user1:login\nuser2:logout:now\nno-key\n",
            "produce",
            "round-trip",
            "--key-separator",
            ":",
            "--header",
            "source=cli",
            "--header",
            "trace=a=b");
    CliRun consumed =
        chronik(
            "consume",
            "round-trip",
            "--from-beginning",
            "-n",
            "3",
            "--format",
            "%k|%v|%h|%T|%p|%o");

    // then
    assertThat(produced.exitCode()).isZero();
    assertThat(produced.out()).isEmpty();
    assertThat(produced.err()).isEmpty();
    assertThat(consumed.exitCode()).isZero();
    assertThat(consumed.err()).isEmpty();
    assertThat(consumed.outLines())
        .containsExactly(
            "user1|login|source=cli,trace=a=b|round-trip|0|0",
            "user2|logout:now|source=cli,trace=a=b|round-trip|0|1",
            "|no-key|source=cli,trace=a=b|round-trip|0|2");
  }

  @Test
  void shouldPrintValuesOnlyWhenNoFormatIsGiven() {
    // given
    produce("one\ntwo\n", "produce", "plain");

    // when
    CliRun run = chronik("consume", "plain", "--from-beginning", "-n", "2");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactly("one", "two");
  }

  @Test
  void shouldPrintOneJsonObjectPerRecordWhenOutputIsJson() throws Exception {
    // given
    produce("k=v\nbare\n", "produce", "as-json", "--key-separator", "=", "--header", "h=1");

    // when
    CliRun run = chronik("consume", "as-json", "--from-beginning", "-n", "2", "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).hasSize(2);
    JsonNode first = JSON.readTree(run.outLines().get(0));
    assertThat(first.fieldNames())
        .toIterable()
        .containsExactly("topic", "partition", "offset", "timestamp", "key", "value", "headers");
    assertThat(first.get("key").asText()).isEqualTo("k");
    assertThat(first.get("value").asText()).isEqualTo("v");
    assertThat(first.get("offset").asLong()).isZero();
    assertThat(first.get("timestamp").asLong()).isPositive();
    assertThat(first.get("headers").toString()).isEqualTo("[{\"key\":\"h\",\"value\":\"1\"}]");
    JsonNode second = JSON.readTree(run.outLines().get(1));
    assertThat(second.get("key").isNull()).isTrue();
    assertThat(second.get("value").asText()).isEqualTo("bare");
  }

  @Test
  void shouldStartAtOffsetWhenPartitionAndOffsetAreGiven() {
    // given
    produce("a\nb\nc\nd\n", "produce", "offsets", "--partition", "0");

    // when
    CliRun run =
        chronik("consume", "offsets", "--partition", "0", "--offset", "2", "--timeout-idle", "1s");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactly("c", "d");
  }

  @Test
  void shouldPrintSummaryOnStderrWhenVerbose() {
    // when
    CliRun run = produce("x\ny\n", "produce", "summarised", "-v");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .matches("chronik: 2 records to summarised: 2 acknowledged, 0 failed, in \\d+\\.\\d{3}s");
  }

  @Test
  void shouldExitOneWhenRecordsCannotBeDelivered() {
    // given
    chronik("topic", "create", "narrow", "--partitions", "1");

    // when
    CliRun run = produce("lost\n", "produce", "narrow", "--partition", "5", "--timeout", "3s");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: 1 of 1 records were not acknowledged, the first with: ")
        .endsWith("[" + ClientErrors.RECORDS_FAILED + "]");
  }

  @Test
  void shouldExitCleanlyWhenIdleTimeoutPassesWithoutRecords() {
    // given
    chronik("topic", "create", "quiet");

    // when
    CliRun run = chronik("consume", "quiet", "--from-beginning", "--timeout-idle", "500ms");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void shouldExitOneWhenCountIsNotReachedBeforeIdleTimeout() {
    // given
    produce("only\n", "produce", "short");

    // when
    CliRun run =
        chronik("consume", "short", "--from-beginning", "-n", "3", "--timeout-idle", "500ms");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.outLines()).containsExactly("only");
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: only 1 of 3 records arrived before 500ms without a new record ["
                + ClientErrors.TOO_FEW_RECORDS
                + "]");
  }

  @Test
  void shouldFailWithUnknownTopicWhenConsumingMissingTopic() {
    // when
    CliRun run = chronik("consume", "missing-topic", "-n", "1");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines().get(0)).endsWith("[" + ClientErrors.UNKNOWN_TOPIC + "]");
  }
}
