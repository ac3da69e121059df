package io.chronik.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.BrokerConfig;
import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.snapshot.Compression;
import io.chronik.cli.Chronik;
import io.chronik.cli.CliRun;
import io.chronik.cli.EnvironmentDefaults;
import io.chronik.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Option handling of {@code chronik standalone}. No test starts a broker: a valid command line
 * would start one, so these tests stop at {@link StandaloneCommand#brokerConfig()} or at a usage
 * error, which is reported before the broker is touched.
 */
class StandaloneCommandTest {

  private static BrokerConfig configOf(Map<String, String> env, String... args) {
    CommandLine commandLine =
        Chronik.create(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), env);
    String[] all = new String[args.length + 1];
    all[0] = "standalone";
    System.arraycopy(args, 0, all, 1, args.length);
    ParseResult parsed = commandLine.parseArgs(all);
    StandaloneCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
    return command.brokerConfig();
  }

  @Test
  void shouldUseBrokerDefaultsWhenNeitherFlagNorEnvironmentIsGiven() {
    // when
    BrokerConfig config = configOf(Map.of());

    // then
    BrokerConfig defaults = BrokerConfig.defaults();
    assertThat(config)
        .isEqualTo(defaults.withDataDir(Path.of("chronik-data").toAbsolutePath().normalize()));
  }

  @Test
  void shouldReadOptionsFromEnvironmentWhenFlagsAreAbsent() {
    // given
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("CHRONIK_DATA_DIR", "/var/lib/chronik"),
            Map.entry("CHRONIK_NODE_ID", "7"),
            Map.entry("CHRONIK_BIND", "10.0.0.5"),
            Map.entry("CHRONIK_ADVERTISED_ADDR", "broker7.example.com"),
            Map.entry("CHRONIK_KAFKA_PORT", "19092"),
            Map.entry("CHRONIK_RAFT_PORT", "19093"),
            Map.entry("CHRONIK_ADMIN_PORT", "19644"),
            Map.entry("CHRONIK_AUTO_CREATE_TOPICS", "false"),
            Map.entry("CHRONIK_DEFAULT_PARTITIONS", "6"),
            Map.entry("CHRONIK_SOCKET_REQUEST_MAX_BYTES", "1048576"),
            Map.entry("CHRONIK_LOG_SEGMENT_BYTES", "1073741824"),
            Map.entry("CHRONIK_LOG_RETENTION_MS", "3600000"),
            Map.entry("CHRONIK_LOG_RETENTION_BYTES", "5000000"));

    // when
    BrokerConfig config = configOf(env);

    // then
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/chronik"));
    assertThat(config.nodeId()).isEqualTo(7);
    assertThat(config.bindHost()).isEqualTo("10.0.0.5");
    assertThat(config.advertisedHost()).isEqualTo("broker7.example.com");
    assertThat(config.kafkaPort()).isEqualTo(19092);
    assertThat(config.raftPort()).isEqualTo(19093);
    assertThat(config.adminPort()).isEqualTo(19644);
    assertThat(config.autoCreateTopics()).isFalse();
    assertThat(config.defaultPartitions()).isEqualTo(6);
    assertThat(config.socketRequestMaxBytes()).isEqualTo(1048576);
    assertThat(config.logSegmentBytes()).isEqualTo(1073741824L);
    assertThat(config.retentionMs()).isEqualTo(3600000L);
    assertThat(config.retentionBytes()).isEqualTo(5000000L);
  }

  @Test
  void shouldReadSnapshotSettingsFromFlagsAndEnvironment() {
    // given
    Map<String, String> env =
        Map.of(
            "CHRONIK_SNAPSHOT_ENABLED", "false",
            "CHRONIK_SNAPSHOT_LOG_THRESHOLD", "500",
            "CHRONIK_SNAPSHOT_LOG_BYTES_THRESHOLD", "2097152",
            "CHRONIK_SNAPSHOT_COMPRESSION", "lz4",
            "OBJECT_STORE_BACKEND", "s3",
            "S3_BUCKET", "backups",
            "S3_PREFIX", "prod");

    // when
    BrokerConfig config =
        configOf(
            env,
            "--snapshot-time-threshold-secs",
            "60",
            "--snapshot-retention-count",
            "5",
            "--snapshot-compression",
            "gzip");

    // then
    SnapshotSettings s = config.snapshots();
    assertThat(s.enabled()).isFalse();
    assertThat(s.logThreshold()).isEqualTo(500);
    assertThat(s.logBytesThreshold()).isEqualTo(2097152);
    assertThat(s.timeThresholdSecs()).isEqualTo(60);
    assertThat(s.retentionCount()).isEqualTo(5);
    assertThat(s.compression()).isEqualTo(Compression.GZIP);
    assertThat(s.store().uri().toString()).isEqualTo("s3://backups/prod");
  }

  @Test
  void shouldPreferTheSnapshotStoreFlagOverTheSeedVariables() {
    // when
    BrokerConfig config =
        configOf(
            Map.of("OBJECT_STORE_BACKEND", "s3", "S3_BUCKET", "b"),
            "--snapshot-store",
            "file:///var/backups/chronik");

    // then
    assertThat(config.snapshots().store().uri().toString())
        .isEqualTo("file:///var/backups/chronik");
  }

  @Test
  void shouldPreferFlagOverEnvironmentWhenBothAreGiven() {
    // given
    Map<String, String> env =
        Map.of("CHRONIK_KAFKA_PORT", "19092", "CHRONIK_AUTO_CREATE_TOPICS", "false");

    // when
    BrokerConfig config = configOf(env, "--kafka-port", "29092", "--auto-create-topics");

    // then
    assertThat(config.kafkaPort()).isEqualTo(29092);
    assertThat(config.autoCreateTopics()).isTrue();
  }

  @Test
  void shouldUseDefaultWhenEnvironmentValueIsBlank() {
    // when
    BrokerConfig config = configOf(Map.of("CHRONIK_KAFKA_PORT", " "));

    // then
    assertThat(config.kafkaPort()).isEqualTo(BrokerConfig.DEFAULT_KAFKA_PORT);
  }

  @Test
  void shouldTurnAutoCreateOffWhenNegatedFlagIsGiven() {
    // when
    BrokerConfig config = configOf(Map.of(), "--no-auto-create-topics");

    // then
    assertThat(config.autoCreateTopics()).isFalse();
  }

  @Test
  void shouldAdvertiseBindAddressWhenAdvertiseIsAbsent() {
    // when
    BrokerConfig config = configOf(Map.of(), "--bind", "10.1.2.3");

    // then
    assertThat(config.advertisedHost()).isEqualTo("10.1.2.3");
  }

  @Test
  void shouldAdvertiseLoopbackWhenBindIsWildcard() {
    // when
    BrokerConfig config = configOf(Map.of(), "--bind", "0.0.0.0");

    // then
    assertThat(config.bindHost()).isEqualTo("0.0.0.0");
    assertThat(config.advertisedHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldAcceptPortZeroWhenAFreePortIsWanted() {
    // when
    BrokerConfig config =
        configOf(Map.of(), "--kafka-port", "0", "--raft-port", "0", "--admin-port", "0");

    // then
    assertThat(List.of(config.kafkaPort(), config.raftPort(), config.adminPort())).containsOnly(0);
  }

  @Test
  void shouldMakeDataDirAbsoluteWhenItIsRelative() {
    // when
    BrokerConfig config = configOf(Map.of(), "--data-dir", "some/../data");

    // then
    assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
  }

  @Test
  void shouldLeavePeersEmptyWhenRaftIsAbsent() {
    // when
    BrokerConfig config = configOf(Map.of("CHRONIK_RAFT_PEERS", "1@a:9093,2@b:9093"));

    // then
    assertThat(config.peers()).isEmpty();
  }

  @Test
  void shouldParsePeersWhenRaftIsGiven() {
    // when
    BrokerConfig config =
        configOf(Map.of("CHRONIK_RAFT_PEERS", "1@10.0.0.1:9093, 2@10.0.0.2:9093"), "--raft");

    // then
    assertThat(config.peers())
        .containsExactly(
            new BrokerConfig.PeerAddress(1, "10.0.0.1", 9093),
            new BrokerConfig.PeerAddress(2, "10.0.0.2", 9093));
  }

  @Test
  void shouldWaitToBeAddedWhenJoinIsGivenWithRaft() {
    // when
    BrokerConfig flag =
        configOf(Map.of(), "--raft", "--join", "--node-id", "4", "--peers", "4@h:9093");
    BrokerConfig env =
        configOf(Map.of("CHRONIK_RAFT_JOIN", "true", "CHRONIK_RAFT_PEERS", "1@h:9093"), "--raft");

    // then
    assertThat(flag.join()).isTrue();
    assertThat(env.join()).isTrue();
    assertThat(configOf(Map.of(), "--raft", "--peers", "1@h:9093").join()).isFalse();
  }

  @Test
  void shouldLimitTheLogCleanersIoWhenAskedByFlagOrEnvironment() {
    // when
    BrokerConfig flag = configOf(Map.of(), "--log-cleaner-io-max-bytes-per-second=1048576");
    BrokerConfig env = configOf(Map.of("CHRONIK_LOG_CLEANER_IO_MAX_BYTES_PER_SECOND", "5000000"));

    // then
    assertThat(flag.logCleanerIoMaxBytesPerSecond()).isEqualTo(1_048_576L);
    assertThat(env.logCleanerIoMaxBytesPerSecond()).isEqualTo(5_000_000L);
    assertThat(configOf(Map.of()).logCleanerIoMaxBytesPerSecond())
        .isEqualTo(BrokerConfig.UNLIMITED_CLEANER_IO);
  }

  @Test
  void shouldCacheWritesOnlyWhenAskedByFlagOrEnvironment() {
    // when
    BrokerConfig flag = configOf(Map.of(), "--write-caching");
    BrokerConfig env = configOf(Map.of("CHRONIK_WRITE_CACHING", "true"));

    // then
    assertThat(flag.writeCaching()).isTrue();
    assertThat(env.writeCaching()).isTrue();
    assertThat(configOf(Map.of()).writeCaching()).isFalse();
  }

  @Test
  void shouldExitWithUsageErrorWhenJoinIsGivenWithoutRaft() {
    // when
    CliRun run = CliRun.run("standalone", "--join");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0)).contains("'--join'").contains("--raft");
  }

  @Test
  void shouldExitWithUsageErrorInOneLineWhenFlagIsUnknown() {
    // when
    CliRun run = CliRun.run("standalone", "--kafka-prot", "9092");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: ")
        .contains("'--kafka-prot'")
        .contains("did you mean '--kafka-port'?");
    assertThat(run.errLines().get(1))
        .isEqualTo("Try 'chronik standalone --help' for more information.");
    assertThat(run.err()).doesNotContain("at io.").doesNotContain("Usage:");
  }

  @Test
  void shouldSuggestStandaloneWhenCommandIsMisspelled() {
    // when
    CliRun run = CliRun.run("standalon");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0)).contains("did you mean 'standalone'?");
  }

  @Test
  void shouldRejectPortWhenItIsOutOfRange() {
    // when
    CliRun run = CliRun.run("standalone", "--kafka-port", "70000");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0))
        .startsWith("chronik: error: ")
        .contains("'--kafka-port'")
        .contains("70000")
        .doesNotContain("CHRONIK_KAFKA_PORT");
    assertThat(run.err()).doesNotContain("at io.");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void shouldNameEnvironmentVariableWhenItsValueIsOutOfRange() {
    // when
    CliRun run = CliRun.run(Map.of("CHRONIK_RAFT_PORT", "-1"), "standalone");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .contains("'--raft-port'")
        .endsWith("set by CHRONIK_RAFT_PORT");
  }

  @Test
  void shouldNameEnvironmentVariableWhenItsValueIsNotANumber() {
    // when
    CliRun run = CliRun.run(Map.of("CHRONIK_NODE_ID", "one"), "standalone");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).contains("'one'").endsWith("set by CHRONIK_NODE_ID");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--node-id=-1",
        "--admin-port=65536",
        "--default-partitions=0",
        "--max-request-bytes=0",
        "--segment-bytes=0",
        "--retention-ms=-2",
        "--retention-bytes=-2",
        "--bind=",
        "--advertise=host:9092",
        "--peers=1@a:9093",
        "--auto-create-topics=maybe",
        "--snapshot-log-threshold=0",
        "--snapshot-log-bytes-threshold=1048575",
        "--snapshot-time-threshold-secs=0",
        "--snapshot-retention-count=0",
        "--snapshot-compression=brotli",
        "--snapshot-store=ftp://host/x",
        "--snapshot-enabled=perhaps",
        "--log-cleaner-io-max-bytes-per-second=0"
      })
  void shouldExitWithUsageErrorWhenValueIsInvalid(String flag) {
    // when
    CliRun run = CliRun.run("standalone", flag);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).contains(flag.substring(0, flag.indexOf('=')));
  }

  @ParameterizedTest
  @CsvSource({
    "--kafka-port, --raft-port",
    "--kafka-port, --admin-port",
    "--raft-port, --admin-port"
  })
  void shouldExitUsageNamingBothFlagsBeforeWritingDataDirWhenTwoListenersShareAPort(
      String first, String second, @TempDir Path tmp) {
    // given
    Path dataDir = tmp.resolve("data");
    Map<String, String> ports =
        new java.util.HashMap<>(
            Map.of("--kafka-port", "0", "--raft-port", "0", "--admin-port", "0"));
    ports.put(first, "24120");
    ports.put(second, "24120");

    // when
    CliRun run =
        CliRun.run(
            "standalone",
            "--data-dir",
            dataDir.toString(),
            "--kafka-port",
            ports.get("--kafka-port"),
            "--raft-port",
            ports.get("--raft-port"),
            "--admin-port",
            ports.get("--admin-port"));

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "chronik: error: Invalid value for option '"
                + second
                + "': 24120 is also the "
                + first
                + ": give each listener its own port (0 picks a free one)",
            "Try 'chronik standalone --help' for more information.");
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void shouldRefuseBeforeWritingDataDirWhenFileStoreUriNamesAHost(@TempDir Path tmp) {
    // given
    Path dataDir = tmp.resolve("data");

    // when
    CliRun run =
        CliRun.run(
            "standalone",
            "--data-dir",
            dataDir.toString(),
            "--kafka-port",
            "0",
            "--raft-port",
            "0",
            "--admin-port",
            "0",
            "--snapshot-store",
            "file://relative/x");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .contains("'--snapshot-store'")
        .contains("file://relative/x")
        .contains("file:///absolute/path");
    assertThat(dataDir).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nonsense", "1@a:9093,1@b:9093", "2@a:9093", "1@a:99999"})
  void shouldExitWithUsageErrorWhenPeersAreInvalid(String peers) {
    // when
    CliRun run = CliRun.run("standalone", "--raft", "--peers", peers);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).contains("'--peers'");
  }

  @Test
  void shouldNameEnvironmentVariableInDescriptionWhenOptionReadsOne() {
    // given
    CommandLine standalone =
        Chronik.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
            .getSubcommands()
            .get("standalone");

    // then
    assertThat(standalone.getCommandSpec().options())
        .filteredOn(option -> EnvironmentDefaults.variableOf(option).isPresent())
        .hasSizeGreaterThanOrEqualTo(14)
        .allSatisfy(
            option ->
                assertThat(String.join(" ", option.description()))
                    .contains(EnvironmentDefaults.variableOf(option).orElseThrow()));
  }

  @Test
  void shouldReadConfigFileBelowFlagsAndEnvironmentWhenConfigIsGiven(@TempDir Path dir)
      throws Exception {
    // given
    Path file = dir.resolve("node.properties");
    java.nio.file.Files.writeString(
        file,
        "data.dir = /srv/chronik\nkafka.port = 19092\nraft.port = 19093\n"
            + "admin.port = 19094\nauto.create.topics = false\nraft = true\n"
            + "peers = 1@h1:9093,2@h2:9093\n"
            + "log.cleaner.io.max.bytes.per.second = 2097152\n");

    // when
    BrokerConfig config =
        configOf(
            Map.of("CHRONIK_RAFT_PORT", "29093"),
            "--config",
            file.toString(),
            "--admin-port",
            "39094");

    // then
    assertThat(config.dataDir()).isEqualTo(Path.of("/srv/chronik"));
    assertThat(config.kafkaPort()).isEqualTo(19092);
    assertThat(config.raftPort()).isEqualTo(29093);
    assertThat(config.adminPort()).isEqualTo(39094);
    assertThat(config.autoCreateTopics()).isFalse();
    assertThat(config.peers()).hasSize(2);
    assertThat(config.logCleanerIoMaxBytesPerSecond()).isEqualTo(2_097_152L);
  }
}
