package io.chronik.cli.record;

import io.chronik.broker.ChronikException;
import io.chronik.broker.ChronikException.Kind;
import io.chronik.cli.Chronik;
import io.chronik.cli.DurationConverter;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.InterruptHandler;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.client.ClientErrors;
import io.chronik.cli.client.ConnectionOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik consume}: prints the records of a topic, one per line. */
@Command(
    name = "consume",
    description = {
      "Print the records of a topic, one per line, with the stock Kafka consumer.",
      "",
      "Where it starts: --from-end (the default: only new records), --from-beginning, or"
          + " --offset N of one --partition. With --group G the group's committed offsets win,"
          + " --from-beginning or --from-end only say where to start when it has none, and the"
          + " offset of every printed record is committed.",
      "",
      "When it stops: after -n COUNT records; after --timeout-idle without a new record; when"
          + " its output is closed (chronik consume t | head -1); on Ctrl-C. All of these exit 0,"
          + " except -n COUNT that ran idle before COUNT records arrived (exit 1). Without"
          + " --timeout-idle it waits forever when stdin is a terminal, and stops after 10s"
          + " without a record when it is not (a script, a pipe, cron); --timeout-idle 0 always"
          + " waits forever.",
      "",
      "--format placeholders: %%k key, %%v value, %%h headers (k=v,k=v), %%p partition, %%o"
          + " offset, %%t timestamp (ms), %%T topic, %%%% a %%; escapes \\n, \\t, \\\\. A missing"
          + " key or value prints as nothing. -o json prints one JSON object per record instead:"
          + " {\"topic\": ..., \"partition\": ..., \"offset\": ..., \"timestamp\": ..., \"key\": ..., "
          + "\"value\": ..., \"headers\": [{\"key\": ..., \"value\": ...}]}, with null for a missing"
          + " key or value. Text is decoded as UTF-8."
    },
    footer = {
      "  # follow new records",
      "  chronik consume orders",
      "",
      "  # everything so far, with keys and positions, then exit",
      "  chronik consume orders --from-beginning --timeout-idle 2s \\",
      "    --format '%%p:%%o %%k=%%v'",
      "",
      "  # as a consumer group, five records at a time",
      "  chronik consume orders --group billing -n 5",
      "",
      "  # from offset 42 of partition 1, as JSON",
      "  chronik consume orders --partition 1 --offset 42 -o json | jq .value"
    })
public final class ConsumeCommand implements Callable<Integer> {
  /** How long a run whose stdin is not a terminal waits for a record by default. */
  static final Duration NON_INTERACTIVE_IDLE = Duration.ofSeconds(10);

  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Mixin private OutputOptions output;

  @Parameters(paramLabel = "TOPIC", description = "The topic to read.")
  private String topic;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  private StartOptions start = new StartOptions();

  /** Where reading starts: one of three. */
  static final class StartOptions {
    @Option(names = "--from-beginning", description = "Start at the oldest record.")
    boolean fromBeginning;

    @Option(
        names = "--from-end",
        description = "Start after the newest record: print only new ones (the default).")
    boolean fromEnd;

    @Option(
        names = "--offset",
        paramLabel = "N",
        description = "Start at offset N of the partition given with --partition.")
    Long offset;
  }

  @Option(
      names = "--partition",
      paramLabel = "N",
      description = "Read only partition N (default: every partition).")
  private Integer partition;

  @Option(
      names = "--group",
      paramLabel = "GROUP",
      description = "Consume as this consumer group and commit the offsets of printed records.")
  private String group;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "COUNT",
      description = "Exit after COUNT records.")
  private Long count;

  @Option(
      names = "--format",
      paramLabel = "TEMPLATE",
      defaultValue = "%v",
      description = "How each record is printed; see the placeholders above (default: %%v).")
  private String format;

  @Option(
      names = "--timeout-idle",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Exit when no record arrived for this long, for example 5s; 0 waits forever"
              + " (default: forever on a terminal, 10s otherwise).")
  private Duration idleTimeout;

  @Override
  public Integer call() {
    ConsumeSettings settings = settings();
    RecordFormat template = recordFormat();
    PrintWriter out = spec.commandLine().getOut();
    RecordConsumer consumer = new RecordConsumer(connection.connection(), settings);
    ConsumeResult result;
    try (InterruptHandler interrupts = InterruptHandler.install(consumer::stop)) {
      result =
          consumer.run(
              record -> {
                out.println(output.isJson() ? Json.write(record) : template.format(record));
                // flushes, and tells whether the reader went away (EPIPE)
                return !out.checkError();
              });
    }
    if (result.end() == ConsumeResult.End.IDLE && settings.maxRecords() > result.printed()) {
      throw new ChronikException(
          ClientErrors.TOO_FEW_RECORDS,
          Kind.RUNTIME,
          "only "
              + result.printed()
              + " of "
              + settings.maxRecords()
              + " records arrived before "
              + describe(settings.idleTimeout())
              + " without a new record",
          "wait longer with --timeout-idle, or check where reading starts (--from-beginning)");
    }
    return ExitCodes.OK;
  }

  ConsumeSettings settings() {
    String name = topic.strip();
    if (name.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "The topic name is empty");
    }
    if (partition != null) {
      OptionChecks.atLeast(spec, "--partition", partition, 0);
    }
    ConsumeSettings.Start from = ConsumeSettings.Start.END;
    long offset = -1;
    if (start.offset != null) {
      if (partition == null) {
        throw OptionChecks.invalid(spec, "--offset", "--offset needs --partition");
      }
      offset = OptionChecks.atLeast(spec, "--offset", start.offset, 0);
      from = ConsumeSettings.Start.OFFSET;
    } else if (start.fromBeginning) {
      from = ConsumeSettings.Start.BEGINNING;
    }
    if (group != null && group.isBlank()) {
      throw OptionChecks.invalid(spec, "--group", "the group name is empty");
    }
    long max = count == null ? 0 : OptionChecks.atLeast(spec, "-n", count, 1);
    return new ConsumeSettings(
        name, partition, from, offset, group == null ? null : group.strip(), max, idle());
  }

  /** The idle timeout, or null to wait forever. */
  private Duration idle() {
    if (idleTimeout != null) {
      if (idleTimeout.isNegative()) {
        throw OptionChecks.invalid(spec, "--timeout-idle", "the duration is negative");
      }
      return idleTimeout.isZero() ? null : idleTimeout;
    }
    return Chronik.stdin(spec).terminal() ? null : NON_INTERACTIVE_IDLE;
  }

  private RecordFormat recordFormat() {
    if (output.isJson() && spec.commandLine().getParseResult().hasMatchedOption("--format")) {
      throw OptionChecks.invalid(spec, "--format", "-o json prints whole records; drop --format");
    }
    try {
      return RecordFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalid(spec, "--format", e.getMessage());
    }
  }

  private static String describe(Duration idle) {
    long millis = idle.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
