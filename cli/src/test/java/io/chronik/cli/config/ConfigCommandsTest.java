package io.chronik.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chronik config show} and {@code chronik config validate}, in process. */
class ConfigCommandsTest {
  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path file = dir.resolve("chronik.properties");
    Files.writeString(file, text);
    return file;
  }

  private static Map<String, JsonNode> byName(CliRun run) throws Exception {
    JsonNode json = new ObjectMapper().readTree(run.out());
    Map<String, JsonNode> rows = new HashMap<>();
    json.get("settings")
        .forEach(
            row ->
                rows.put(
                    row.get("key").isNull() ? row.get("env").asText() : row.get("key").asText(),
                    row));
    return rows;
  }

  @Test
  void shouldReportSourceOfEachValueWhenSetByFlagEnvironmentAndFile() throws Exception {
    // given: the file sets three ports, the environment two of them, a flag one
    Path file =
        file(
            """
            # ports
            kafka.port = 19092
            raft.port = 19093
            admin.port=19094
            """);
    Map<String, String> env = Map.of("CHRONIK_RAFT_PORT", "29093", "CHRONIK_ADMIN_PORT", "29094");

    // when
    CliRun run =
        CliRun.run(
            env,
            "config",
            "show",
            "--config",
            file.toString(),
            "--admin-port",
            "39094",
            "-o",
            "json");

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, JsonNode> rows = byName(run);
    assertThat(rows.get("kafka.port").get("value").asText()).isEqualTo("19092");
    assertThat(rows.get("kafka.port").get("source").asText()).isEqualTo("file");
    assertThat(rows.get("kafka.port").get("line").asInt()).isEqualTo(2);
    assertThat(rows.get("raft.port").get("value").asText()).isEqualTo("29093");
    assertThat(rows.get("raft.port").get("source").asText()).isEqualTo("env");
    assertThat(rows.get("admin.port").get("value").asText()).isEqualTo("39094");
    assertThat(rows.get("admin.port").get("source").asText()).isEqualTo("flag");
    assertThat(rows.get("data.dir").get("value").asText()).isEqualTo("./chronik-data");
    assertThat(rows.get("data.dir").get("source").asText()).isEqualTo("default");
    assertThat(rows.get("advertise").get("source").asText()).isEqualTo("unset");
    assertThat(rows.get("data.dir").get("env").asText()).isEqualTo("CHRONIK_DATA_DIR");
    assertThat(new ObjectMapper().readTree(run.out()).get("configFile").asText())
        .isEqualTo(file.toString());
  }

  @Test
  void shouldWriteTheDocumentedFieldsWhenShowingJson() throws Exception {
    // when
    CliRun run = CliRun.run("config", "show", "-o", "json");

    // then: the fields docs/cli.md and the man page name, in that order
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode row = new ObjectMapper().readTree(run.out()).get("settings").get(0);
    assertThat(row.fieldNames())
        .toIterable()
        .containsExactly(
            "scope", "key", "flag", "env", "value", "source", "line", "default", "secret");
    assertThat(byName(run).get("data.dir").get("default").asText()).isEqualTo("./chronik-data");
  }

  @Test
  void shouldFindConfigFileThroughEnvironmentWhenFlagIsAbsent() throws Exception {
    // given
    Path file = file("data.dir = /var/lib/chronik\n");

    // when
    CliRun run = CliRun.run(Map.of("CHRONIK_CONFIG", file.toString()), "config", "show");

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines()).contains("config file: " + file);
    assertThat(run.outLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches("data\\.dir +CHRONIK_DATA_DIR +/var/lib/chronik +file \\(line 1\\)"));
  }

  @Test
  void shouldRedactSecretsWhenShowingEnvironment() throws Exception {
    // given
    Map<String, String> env =
        Map.of(
            "S3_SECRET_KEY", "s3-very-secret",
            "AZURE_ACCOUNT_KEY", "azure-very-secret",
            "S3_BUCKET", "backups",
            "CHRONIK_BOOTSTRAP", "10.0.0.1:9092");

    // when
    CliRun text = CliRun.run(env, "config", "show");
    CliRun json = CliRun.run(env, "config", "show", "-o", "json");

    // then
    assertThat(text.exitCode()).isZero();
    assertThat(text.out() + json.out()).doesNotContain("very-secret");
    Map<String, JsonNode> rows = byName(json);
    assertThat(rows.get("S3_SECRET_KEY").get("value").asText()).isEqualTo("<redacted>");
    assertThat(rows.get("S3_SECRET_KEY").get("secret").asBoolean()).isTrue();
    assertThat(rows.get("S3_SECRET_KEY").get("scope").asText()).isEqualTo("environment");
    assertThat(rows.get("S3_BUCKET").get("value").asText()).isEqualTo("backups");
    assertThat(rows.get("S3_BUCKET").get("source").asText()).isEqualTo("env");
    assertThat(rows.get("CHRONIK_BOOTSTRAP").get("scope").asText()).isEqualTo("client");
    assertThat(rows.get("CHRONIK_BOOTSTRAP").get("value").asText()).isEqualTo("10.0.0.1:9092");
    assertThat(rows.get("CHRONIK_ADMIN").get("source").asText()).isEqualTo("default");
  }

  @Test
  void shouldExitWithUsageErrorWhenShowGetsUnknownNodeFlag() {
    // when
    CliRun run = CliRun.run("config", "show", "--kafka-prot", "1");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).startsWith("chronik: error: ").contains("--kafka-prot");
  }

  @Test
  void shouldNameEveryBadLineWhenValidatingBrokenFile() throws Exception {
    // given
    Path file =
        file(
            """
            # a node
            kafka.port = 9092
            kafka-port = 9192
            node.id = one
            no equals sign here
            CHRONIK_BIND = 0.0.0.0
            kafka.port = 9093
            auto.create.topics = maybe
            """);

    // when
    CliRun run = CliRun.run("config", "validate", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.outLines())
        .containsExactly(
            file + ":3: kafka-port: unknown key (did you mean 'kafka.port'?)",
            file + ":4: node.id: 'one' is not an int",
            file + ":5: expected KEY = VALUE, got 'no equals sign here'",
            file
                + ":6: CHRONIK_BIND: unknown key; CHRONIK_BIND is the environment variable of 'bind'",
            file + ":7: kafka.port: repeats line 2; give each key once",
            file + ":8: auto.create.topics: 'maybe' is not a boolean");
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: "
                + file
                + " has 6 problems; the combination checks (--peers with --raft and --node-id,"
                + " --join with --raft) run once they are fixed [CHR-7202]");
  }

  @Test
  void shouldRunNodeChecksWhenValidatingTypedValues() throws Exception {
    // given
    Path file = file("kafka.port = 70000\nraft = true\n");

    // when
    CliRun run = CliRun.run("config", "validate", file.toString(), "-o", "json");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("problems").get(0).get("line").asInt()).isEqualTo(1);
    assertThat(json.get("problems").get(0).get("key").asText()).isEqualTo("kafka.port");
    assertThat(json.get("problems").get(0).get("message").asText()).contains("70000 is not a port");
  }

  @Test
  void shouldRejectFileStoreUriWhenValidatingItWithTwoSlashes() throws Exception {
    // given
    Path file = file("snapshot.store = file://relative/x\n");

    // when
    CliRun run = CliRun.run("config", "validate", file.toString(), "-o", "json");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    JsonNode problem = new ObjectMapper().readTree(run.out()).get("problems").get(0);
    assertThat(problem.get("key").asText()).isEqualTo("snapshot.store");
    assertThat(problem.get("message").asText()).contains("file:///absolute/path");
  }

  @Test
  void shouldNameEveryBadValueWhenSeveralFailRangeChecks() throws Exception {
    // given
    Path file = file("kafka.port = 70000\nadmin.port = 80000\nnode.id = -3\n");

    // when
    CliRun run = CliRun.run("config", "validate", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.outLines())
        .containsExactly(
            file + ":1: kafka.port: 70000 is not a port: use 0..65535 (0 picks a free port)",
            file + ":2: admin.port: 80000 is not a port: use 0..65535 (0 picks a free port)",
            file + ":3: node.id: -3 is too small: use 0 or more");
    assertThat(run.errLines().get(0)).startsWith("chronik: error: " + file + " has 3 problems");
  }

  @Test
  void shouldNameBadValueWhenFileAlsoHasUnknownKey() throws Exception {
    // given
    Path file = file("kafka.port = 70000\nkafka.prot = 9092\n");

    // when
    CliRun run = CliRun.run("config", "validate", file.toString(), "-o", "json");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("problems")).hasSize(2);
    assertThat(json.get("problems").get(0).get("key").asText()).isEqualTo("kafka.port");
    assertThat(json.get("problems").get(0).get("message").asText()).contains("70000 is not a port");
    assertThat(json.get("problems").get(1).get("key").asText()).isEqualTo("kafka.prot");
    assertThat(json.get("combinationsChecked").asBoolean()).isFalse();
  }

  @Test
  void shouldSkipCombinationChecksWhenValueIsBad() throws Exception {
    // given: --join without --raft is a bad combination, but the port is bad on its own
    Path file = file("join = true\nraft.port = -1\n");

    // when
    CliRun run = CliRun.run("config", "validate", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.outLines())
        .containsExactly(
            file + ":2: raft.port: -1 is not a port: use 0..65535 (0 picks a free port)");
    assertThat(run.errLines().get(0))
        .contains("has 1 problem; the combination checks")
        .endsWith("run once they are fixed [CHR-7202]");
  }

  @Test
  void shouldRunCombinationChecksWhenEveryValueIsGood() throws Exception {
    // given
    Path file = file("join = true\nraft.port = 9093\n");

    // when
    CliRun run = CliRun.run("config", "validate", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA);
    assertThat(run.outLines()).containsExactly(file + ":1: join: --join needs --raft and --peers");
    assertThat(run.errLines())
        .containsExactly("chronik: error: " + file + " has 1 problem [CHR-7202]");
  }

  @Test
  void shouldAcceptFileWhenEveryLineIsValid() throws Exception {
    // given
    Path file =
        file(
            """
            ! comment
            data.dir = /var/lib/chronik
            raft = true
            node.id = 2
            peers = 1@h1:9093,2@h2:9093,3@h3:9093
            auto.create.topics = false
            """);

    // when
    CliRun run = CliRun.run("config", "validate", file.toString());

    // then
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.outLines()).containsExactly(file + ": valid, 5 settings");
  }

  @Test
  void shouldExitWithUsageErrorWhenValidatedFileIsMissing() {
    // when
    CliRun run = CliRun.run("config", "validate", dir.resolve("nope.properties").toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0)).contains("no such file").endsWith("[CHR-7201]");
  }

  @Test
  void shouldRefuseToStartWhenConfigFileHasBadLine() throws Exception {
    // given
    Path file = file("kafka.port = 9092\nsegment.byte = 5\nnode.id = x\n");

    // when
    CliRun run = CliRun.run("standalone", "--config", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: config file "
                + file
                + ": line 2: segment.byte: unknown key (did you mean 'segment.bytes'?)"
                + " (and 1 more: 'chronik config validate "
                + file
                + "') [CHR-7202]",
            "Try 'chronik standalone --help' for more information.");
  }

  @Test
  void shouldNameFileLineWhenNodeCheckRejectsFileValue() throws Exception {
    // given
    Path file = file("# ports\nadmin.port = 99999\n");

    // when
    CliRun run = CliRun.run("standalone", "--config", file.toString());

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: Invalid value for option '--admin-port': 99999 is not a port:"
                + " use 0..65535 (0 picks a free port); set by "
                + file
                + " line 2 (admin.port)");
  }

  @Test
  void shouldExitWithUsageErrorWhenConfigFileIsMissing() {
    // when
    CliRun run =
        CliRun.run(
            Map.of("CHRONIK_CONFIG", dir.resolve("gone.properties").toString()), "standalone");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: cannot read config file "
                + dir.resolve("gone.properties")
                + ": no such file [CHR-7201]; set by CHRONIK_CONFIG");
  }
}
