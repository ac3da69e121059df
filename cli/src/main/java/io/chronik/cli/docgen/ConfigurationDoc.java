package io.chronik.cli.docgen;

import io.chronik.cli.config.ConfigFileOption;
import io.chronik.cli.config.Setting;
import io.chronik.cli.config.Settings;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * docs/configuration.md, generated from {@link Settings}: the node settings with their config keys,
 * flags, variables and defaults, then the client and environment-only settings. Written and checked
 * for drift together with the man pages ({@link ManPages}).
 */
final class ConfigurationDoc {
  /** The committed file, relative to the repository root. */
  static final String PATH = "docs/configuration.md";

  private ConfigurationDoc() {}

  static String render(CommandSpec root) {
    List<Setting> settings = Settings.all(root);
    StringBuilder doc = new StringBuilder();
    doc.append(
        """
        <!-- Generated from the chronik command model by io.chronik.cli.docgen.ConfigurationDoc.
             Do not edit: run scripts/update-man.sh after changing an option. -->
        # Configuration reference

        A node (`chronik standalone`) takes each setting from, in this order:

        1. its **flag** (`--kafka-port 19092`);
        2. its **environment variable** (`CHRONIK_KAFKA_PORT=19092`; a blank value counts as unset);
        3. the **config file** named by `--config FILE` or `CHRONIK_CONFIG` (`kafka.port = 19092`);
        4. its **default**.

        `chronik config show` prints the value of every setting and where it came from (flag, env,
        file, default or unset), with secrets redacted; it takes the same flags, environment and
        `--config` as `chronik standalone`. `chronik config validate FILE` checks a file and prints
        each bad line as `FILE:LINE: KEY: PROBLEM`; it exits 0 when the file is valid, 65 when a line
        is bad (bad data: the file), and 64 when the file cannot be read. A node started with a bad
        file refuses to start with the first bad line and exits 64 (CHR-7202).

        ## The config file

        One setting per line, `KEY = VALUE` (spaces around `=` are optional). Lines starting with `#`
        or `!` are comments; blank lines are ignored. There are no quotes, line continuations or
        comments after a value. A key may appear once; an unknown key, an empty value or a value the
        setting does not accept is an error that names the line. The key of a setting is its long
        flag without the dashes, with dots between the words: `--max-request-bytes` is
        `max.request.bytes`. Lists are comma-separated.

        ```properties
        # /etc/chronik/chronik.properties: node 1 of a three-node cluster
        data.dir = /var/lib/chronik
        node.id = 1
        raft = true
        peers = 1@host1:9093,2@host2:9093,3@host3:9093
        bind = 0.0.0.0
        advertise = host1
        ```

        For systemd, the same settings as environment variables are in
        [`scripts/systemd/chronik.env.example`](../scripts/systemd/chronik.env.example)
        ([deployment.md](deployment.md#systemd)).

        """);
    doc.append("## Node settings (`chronik standalone`)\n\n");
    table(
        doc,
        settings,
        Setting.Scope.NODE,
        List.of("key", "flag", "environment", "default", "description"),
        s ->
            List.of(
                quoted(s.key()), quoted(s.flag()), code(s.env()), code(s.defaultValue()), cell(s)));
    doc.append("\n`")
        .append(ConfigFileOption.OPTION)
        .append(" FILE` (`")
        .append(ConfigFileOption.VARIABLE)
        .append("`) names the config file itself; a file cannot set it.\n\n");
    doc.append("## Client settings\n\n");
    doc.append(
        "The client commands read these flags' defaults from the environment; a config file does"
            + " not apply to them.\n\n");
    table(
        doc,
        settings,
        Setting.Scope.CLIENT,
        List.of("environment", "flag", "default", "commands", "description"),
        s ->
            List.of(
                quoted(s.env()), quoted(s.flag()), code(s.defaultValue()), s.commands(), cell(s)));
    doc.append("\n## Environment only\n\n");
    doc.append(
        "Read by the launcher, the logging and the snapshot store ([snapshots.md](snapshots.md));"
            + " no flag or config key sets them.\n\n");
    table(
        doc,
        settings,
        Setting.Scope.ENVIRONMENT,
        List.of("environment", "default", "read by", "description"),
        s -> List.of(quoted(s.env()), code(s.defaultValue()), s.commands(), cell(s)));
    doc.append(
        "\nSecret settings (marked **secret**) print as `<redacted>` in `chronik config show`.\n");
    return doc.toString();
  }

  /** A Markdown table of the settings of {@code scope}, one row each, in their order. */
  private static void table(
      StringBuilder doc,
      List<Setting> settings,
      Setting.Scope scope,
      List<String> headers,
      Function<Setting, List<String>> cells) {
    doc.append("| ").append(String.join(" | ", headers)).append(" |\n");
    doc.append("|").append("---|".repeat(headers.size())).append("\n");
    for (Setting setting : settings) {
      if (setting.scope() == scope) {
        doc.append("| ").append(String.join(" | ", cells.apply(setting))).append(" |\n");
      }
    }
  }

  private static String cell(Setting setting) {
    String text = setting.description().replace("|", "\\|");
    return setting.secret() ? "**secret**. " + text : text;
  }

  /** {@code value} as code, as it is (a key, flag or variable name). */
  private static String quoted(String value) {
    return "`" + value + "`";
  }

  /** {@code value} as code with {@code |} escaped; empty when there is none. */
  private static String code(String value) {
    return value == null || value.isEmpty() ? "" : "`" + value.replace("|", "\\|") + "`";
  }
}
