package io.chronik.cli.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chronik.cli.Chronik;
import io.chronik.cli.EnvironmentDefaults;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.Table;
import io.chronik.cli.UsageErrorHandler;
import io.chronik.cli.standalone.StandaloneCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code chronik config show}: every setting's effective value and where it came from. The node
 * settings are resolved exactly as {@code chronik standalone} resolves them, by parsing the given
 * flags with a fresh instance of that command and the same environment and config file; nothing
 * starts, and no broker class is loaded.
 */
@Command(
    name = "show",
    description = {
      "Print every setting: its config key, environment variable, effective value and source"
          + " (flag, env, file, default or unset). Secrets (keys, tokens, passwords) print as"
          + " <redacted>.",
      "",
      "Node settings are resolved as 'chronik standalone' resolves them: give the same flags"
          + " after the options here, and the same environment and --config file. Client and"
          + " environment-only settings come from the environment.",
      "",
      "The JSON form is {\"configFile\": ..., \"settings\": [{\"scope\", \"key\", \"flag\","
          + " \"env\", \"value\", \"source\", \"line\", \"default\", \"secret\"}]}; every field is"
          + " always present (null when it does not apply); scope is node, client or environment;"
          + " line is the config-file line of a value from the file."
    },
    footer = {
      "  # what a node started with this file and environment would use",
      "  CHRONIK_KAFKA_PORT=19092 chronik config show --config chronik.properties",
      "",
      "  # with flags, as they would be given to chronik standalone",
      "  chronik config show --data-dir /var/lib/chronik --raft --peers 1@h1:9093",
      "",
      "  # the source of one setting",
      "  chronik config show -o json | jq '.settings[] | select(.key == \"kafka.port\")'"
    })
public final class ConfigShowCommand implements Callable<Integer> {
  /** What a secret's value prints as. */
  public static final String REDACTED = "<redacted>";

  @Spec private CommandSpec spec;

  @Mixin private OutputOptions output;

  @Option(
      names = ConfigFileOption.OPTION,
      paramLabel = "FILE",
      description =
          "The config file the node would read (env: "
              + ConfigFileOption.VARIABLE
              + ", as for chronik standalone).")
  private Path file;

  @Unmatched private List<String> nodeArgs = new ArrayList<>();

  /** One row of the output; the JSON field of {@code defaultValue} is {@code default}. */
  public record Row(
      String scope,
      String key,
      String flag,
      String env,
      String value,
      String source,
      Integer line,
      @JsonProperty("default") String defaultValue,
      boolean secret) {}

  /** The JSON document. */
  public record Shown(String configFile, List<Row> settings) {}

  @Override
  public Integer call() {
    EnvironmentDefaults environment = Chronik.environment(spec);
    List<String> args = new ArrayList<>();
    if (file != null) {
      args.add(ConfigFileOption.OPTION);
      args.add(file.toString());
    }
    args.addAll(nodeArgs);
    CommandLine node = new CommandLine(new StandaloneCommand());
    node.setCaseInsensitiveEnumValuesAllowed(true).setDefaultValueProvider(environment);
    String[] given = args.toArray(String[]::new);
    ParseResult parsed;
    try {
      parsed = node.parseArgs(given);
    } catch (ParameterException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("chronik: error: " + new UsageErrorHandler(environment).message(e, given));
      err.println("Try 'chronik config show --help' for more information.");
      err.flush();
      return ExitCodes.USAGE;
    }
    CommandSpec nodeSpec = node.getCommandSpec();
    Path configFile = environment.configFile(nodeSpec);
    List<Row> rows = new ArrayList<>();
    for (OptionSpec option : Settings.fileOptions(nodeSpec)) {
      rows.add(nodeRow(option, parsed, environment));
    }
    // the client settings as the build recorded them: building every command's model to find
    // them would double the start-up of config show
    for (Setting setting : Settings.all(nodeSpec, ClientSettings.read())) {
      if (setting.scope() != Setting.Scope.NODE) {
        rows.add(environmentRow(setting, environment));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(new Shown(configFile == null ? null : configFile.toString(), rows)));
    } else {
      printText(out, configFile, rows);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Row nodeRow(OptionSpec option, ParseResult parsed, EnvironmentDefaults env) {
    Setting setting = Settings.nodeSetting(option);
    String value = text(option.getValue());
    String source;
    Integer line = null;
    Optional<ConfigFile.Entry> entry;
    if (parsed.hasMatchedOption(option)) {
      source = "flag";
    } else if (setting.env() != null && env.get(setting.env()) != null) {
      source = "env";
    } else if ((entry = env.fromFile(option)).isPresent()) {
      source = "file";
      line = entry.get().line();
    } else {
      source = value == null ? "unset" : "default";
    }
    return new Row(
        "node",
        setting.key(),
        setting.flag(),
        setting.env(),
        shown(value, setting.secret()),
        source,
        line,
        shown(setting.defaultValue(), setting.secret()),
        setting.secret());
  }

  private static Row environmentRow(Setting setting, EnvironmentDefaults env) {
    String value = env.get(setting.env());
    String source = value != null ? "env" : setting.defaultValue() != null ? "default" : "unset";
    return new Row(
        setting.scope().name().toLowerCase(Locale.ROOT),
        null,
        setting.flag(),
        setting.env(),
        shown(value != null ? value : setting.defaultValue(), setting.secret()),
        source,
        null,
        shown(setting.defaultValue(), setting.secret()),
        setting.secret());
  }

  /** An option's value as text: lists comma-separated; null or an empty list as null. */
  private static String text(Object value) {
    if (value instanceof Collection<?> list) {
      List<String> items = new ArrayList<>();
      for (Object item : list) {
        items.add(String.valueOf(item));
      }
      return items.isEmpty() ? null : String.join(",", items);
    }
    return value == null ? null : String.valueOf(value);
  }

  private static String shown(String value, boolean secret) {
    return secret && value != null ? REDACTED : value;
  }

  private static void printText(PrintWriter out, Path configFile, List<Row> rows) {
    out.println(
        "config file: "
            + (configFile == null
                ? "none (--config FILE or " + ConfigFileOption.VARIABLE + ")"
                : configFile));
    Table node = new Table("KEY", "ENV", "VALUE", "SOURCE");
    Table client = new Table("ENV", "FLAG", "VALUE", "SOURCE");
    Table environment = new Table("ENV", "VALUE", "SOURCE");
    for (Row row : rows) {
      String source =
          row.line() == null ? row.source() : row.source() + " (line " + row.line() + ")";
      switch (row.scope()) {
        case "node" -> node.row(row.key(), row.env(), row.value(), source);
        case "client" -> client.row(row.env(), row.flag(), row.value(), source);
        default -> environment.row(row.env(), row.value(), source);
      }
    }
    section(out, "node (chronik standalone)", node);
    section(out, "client commands", client);
    section(out, "environment only", environment);
  }

  private static void section(PrintWriter out, String title, Table table) {
    if (!table.isEmpty()) {
      out.println();
      out.println(title + ":");
      table.print(out);
    }
  }
}
