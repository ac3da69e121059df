package io.chronik.cli.record;

import io.chronik.broker.ChronikException;
import io.chronik.broker.ChronikException.Kind;
import io.chronik.cli.Chronik;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.client.ClientErrors;
import io.chronik.cli.client.ConnectionOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik produce}: one record per line of stdin. */
@Command(
    name = "produce",
    description = {
      "Send one record per line of stdin to a topic, with the stock Kafka producer. Lines are"
          + " read as UTF-8 and sent without their line ending; an empty line is a record with"
          + " an empty value.",
      "With --key-separator a line is split into key and value at the first separator; a line"
          + " without it is sent with no key.",
      "Prints nothing on success; -v prints a summary to stderr. Exits 0 when every record was"
          + " acknowledged, 1 otherwise (with the first error), 69 when no broker answers."
    },
    footer = {
      "  printf 'one\\ntwo\\n' | chronik produce greetings",
      "",
      "  # keyed records with a header, to partition 0",
      "  printf 'user1:login\\nuser2:logout\\n' | chronik produce events \\",
      "    --key-separator : --header source=cli --partition 0",
      "",
      "  # a file, leader-only acks, with a summary",
      "  chronik produce events --acks 1 -v < events.txt"
    })
public final class ProduceCommand implements Callable<Integer> {
  private static final Set<String> ACKS = Set.of("all", "-1", "0", "1");

  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Parameters(paramLabel = "TOPIC", description = "The topic to write to.")
  private String topic;

  @Option(
      names = "--key-separator",
      paramLabel = "SEP",
      description = "Split each line into key and value at the first SEP.")
  private String keySeparator;

  @Option(
      names = "--header",
      paramLabel = "KEY=VALUE",
      description = "A header added to every record; repeatable.")
  private List<String> headers = new ArrayList<>();

  @Option(
      names = "--partition",
      paramLabel = "N",
      description = "Send every record to partition N (default: the producer's partitioner).")
  private Integer partition;

  @Option(
      names = "--acks",
      paramLabel = "ACKS",
      defaultValue = "all",
      description = "Producer acks: all, -1, 0 or 1 (default: all).")
  private String acks;

  @Override
  public Integer call() {
    ProduceSettings settings = settings();
    BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(Chronik.stdin(spec).stream(), StandardCharsets.UTF_8));
    ProduceResult result = new LineProducer(connection.connection(), settings).run(lines);
    if (Chronik.verbose(spec)) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(summary(settings.topic(), result));
      err.flush();
    }
    if (result.failed() > 0) {
      throw new ChronikException(
          ClientErrors.RECORDS_FAILED,
          Kind.RUNTIME,
          result.failed()
              + " of "
              + result.read()
              + " records were not acknowledged, the first with: "
              + result.firstError(),
          "check the topic and --partition with 'chronik topic describe "
              + settings.topic()
              + "', then send the failed lines again");
    }
    return ExitCodes.OK;
  }

  ProduceSettings settings() {
    String name = topic.strip();
    if (name.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "The topic name is empty");
    }
    if (keySeparator != null && keySeparator.isEmpty()) {
      throw OptionChecks.invalid(spec, "--key-separator", "the separator is empty");
    }
    String ackValue = acks.strip().toLowerCase(Locale.ROOT);
    if (!ACKS.contains(ackValue)) {
      throw OptionChecks.invalid(spec, "--acks", "'" + acks + "' is not one of all, -1, 0, 1");
    }
    if (partition != null) {
      OptionChecks.atLeast(spec, "--partition", partition, 0);
    }
    List<Header> parsed = new ArrayList<>();
    for (String text : headers) {
      Header header = Header.parse(text);
      if (header == null) {
        throw OptionChecks.invalid(spec, "--header", "'" + text + "' is not KEY=VALUE");
      }
      parsed.add(header);
    }
    return new ProduceSettings(name, keySeparator, List.copyOf(parsed), partition, ackValue);
  }

  private static String summary(String topic, ProduceResult result) {
    return String.format(
        Locale.ROOT,
        "chronik: %d records to %s: %d acknowledged, %d failed, in %.3fs",
        result.read(),
        topic,
        result.acknowledged(),
        result.failed(),
        result.elapsedNanos() / 1e9);
  }
}
