package io.chronik.cli.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client settings of the whole command tree ({@link Settings#clients(
 * picocli.CommandLine.Model.CommandSpec)}), recorded in a resource, so that {@code chronik config
 * show} lists them without building the model of every command, which would double its start-up.
 * The resource is generated from the command tree with the man pages ({@code
 * scripts/update-man.sh}) and the build fails when it differs from the tree, like the other
 * generated files.
 *
 * <p>One line per setting, fields separated by tabs: variable, flag, default (empty for none),
 * secret, commands, description.
 */
public final class ClientSettings {
  /** The resource's path in the repository. */
  public static final String PATH =
      "cli/src/main/resources/io/chronik/cli/config/client-settings.tsv";

  private static final String RESOURCE = "client-settings.tsv";
  private static final String HEADER =
      "# generated from the command model by scripts/update-man.sh: do not edit\n";

  private ClientSettings() {}

  /** The client settings as the build recorded them. */
  public static List<Setting> read() {
    try (InputStream in = ClientSettings.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + PATH + " is missing from the build");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PATH, e);
    }
  }

  /** The resource's text for {@code settings}. */
  public static String render(List<Setting> settings) {
    StringBuilder text = new StringBuilder(HEADER);
    for (Setting setting : settings) {
      if ("".equals(setting.defaultValue())) {
        throw new IllegalArgumentException("empty default of " + setting.env());
      }
      List<String> fields =
          List.of(
              setting.env(),
              setting.flag(),
              setting.defaultValue() == null ? "" : setting.defaultValue(),
              String.valueOf(setting.secret()),
              setting.commands(),
              setting.description());
      for (String field : fields) {
        if (field.indexOf('\t') >= 0 || field.indexOf('\n') >= 0) {
          throw new IllegalArgumentException("tab or newline in a field of " + setting.env());
        }
      }
      text.append(String.join("\t", fields)).append('\n');
    }
    return text.toString();
  }

  /** The settings in a resource's text. */
  static List<Setting> parse(String text) {
    List<Setting> settings = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 6) {
        throw new IllegalStateException("malformed line in " + PATH + ": " + line);
      }
      settings.add(
          new Setting(
              Setting.Scope.CLIENT,
              null,
              fields[1],
              fields[0],
              fields[2].isEmpty() ? null : fields[2],
              fields[5],
              Boolean.parseBoolean(fields[3]),
              fields[4]));
    }
    return settings;
  }
}
