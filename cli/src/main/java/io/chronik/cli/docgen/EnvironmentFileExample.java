package io.chronik.cli.docgen;

import io.chronik.cli.config.Setting;
import io.chronik.cli.config.Settings;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * scripts/systemd/chronik.env.example, generated from {@link Settings}: every node setting and the
 * node's environment-only settings, each with its description and default, commented out except the
 * few a cluster node under systemd must set. Written and checked for drift with the man pages.
 */
final class EnvironmentFileExample {
  /** The committed file, relative to the repository root. */
  static final String PATH = "scripts/systemd/chronik.env.example";

  /** What a cluster node under systemd sets, by variable: uncommented in the example. */
  private static final Map<String, String> SET =
      Map.of(
          "CHRONIK_DATA_DIR", "/var/lib/chronik",
          "CHRONIK_NODE_ID", "1",
          "CHRONIK_BIND", "0.0.0.0",
          "CHRONIK_ADVERTISED_ADDR", "host1.example.com",
          "CHRONIK_RAFT", "true",
          "CHRONIK_RAFT_PEERS",
              "1@host1.example.com:9093,2@host2.example.com:9093,3@host3.example.com:9093");

  /**
   * The environment-only settings a node reads; the client ones and the launcher's own are left
   * out.
   */
  private static final List<String> NODE_ENVIRONMENT =
      List.of("CHRONIK_HEAP", "CHRONIK_LOG_LEVEL", "CHRONIK_JAVA_OPTS", "JAVA_HOME");

  private EnvironmentFileExample() {}

  static String render(CommandSpec root) {
    StringBuilder file = new StringBuilder();
    file.append(
        """
        # chronik.env: the settings of one chronik node, read by systemd (EnvironmentFile= in
        # chronik.service). Copy it to /etc/chronik/chronik.env (mode 0640, root:chronik; it may hold
        # store keys), set the uncommented lines for this node, and uncomment what else differs from
        # the default. Every node setting is here; docs/configuration.md describes them, and
        # `chronik config show` prints what a node would use.
        #
        # Generated from the command model by io.chronik.cli.docgen.EnvironmentFileExample; do not edit
        # in the repository: run scripts/update-man.sh after changing an option.
        # systemd reads KEY=VALUE lines; no quotes are needed, and none are removed inside a value.
        """);
    List<Setting> settings = Settings.all(root);
    file.append("\n# --- node settings (chronik standalone) ---\n");
    for (Setting setting : settings) {
      if (setting.scope() == Setting.Scope.NODE && setting.env() != null) {
        entry(file, setting);
      }
    }
    file.append("\n# --- JVM, logging ---\n");
    for (Setting setting : settings) {
      if (NODE_ENVIRONMENT.contains(setting.env())) {
        entry(file, setting);
      }
    }
    file.append("\n# --- snapshot store (docs/snapshots.md) ---\n");
    for (Setting setting : settings) {
      if (setting.scope() == Setting.Scope.ENVIRONMENT
          && setting.commands().equals("the snapshot store")) {
        entry(file, setting);
      }
    }
    return file.toString();
  }

  private static void entry(StringBuilder file, Setting setting) {
    file.append("\n");
    for (String line : wrap(setting.description(), 96)) {
      file.append("# ").append(line).append('\n');
    }
    String value = SET.get(setting.env());
    if (value != null) {
      file.append(setting.env()).append('=').append(value).append('\n');
    } else {
      String shown = setting.defaultValue() == null ? "" : setting.defaultValue();
      file.append('#').append(setting.env()).append('=').append(shown).append('\n');
    }
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
