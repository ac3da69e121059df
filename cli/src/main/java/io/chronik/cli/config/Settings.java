package io.chronik.cli.config;

import io.chronik.cli.EnvironmentDefaults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one definition of chronik's settings, derived from the command model: every option of the
 * node command ({@code standalone}) is a node setting, with a config-file key made from its long
 * name ({@code --snapshot-log-threshold} becomes {@code snapshot.log.threshold}), its {@code
 * EnvVar} and its default; every other option with an {@code EnvVar} is a client setting; {@link
 * EnvironmentOnly} adds the variables that no option reads. An option added to a command therefore
 * gets its key, its row in {@code chronik config show} and its line in docs/configuration.md
 * without further code.
 */
public final class Settings {
  /** The command whose options a config file sets: the node. */
  public static final String NODE_COMMAND = "standalone";

  /** Names that mark a secret: its value is never printed. */
  private static final Pattern SECRET =
      Pattern.compile(
          "(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|ACCESS_KEY|ACCOUNT_KEY|CONNECTION_STRING"
              + "|PRIVATE_KEY)");

  private Settings() {}

  /** The config-file key of an option: its long name without dashes, words joined by dots. */
  public static String keyOf(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "").replace('-', '.');
  }

  /** True when a config file can set the option: a command's own, visible, long option. */
  public static boolean inFile(OptionSpec option) {
    return !option.usageHelp()
        && !option.versionHelp()
        && !option.inherited()
        && !option.hidden()
        && option.longestName().startsWith("--")
        && !ConfigFileOption.isConfigOption(option);
  }

  /** True when the option's value must never be printed. */
  public static boolean secret(OptionSpec option) {
    Optional<String> variable = EnvironmentDefaults.variableOf(option);
    String name =
        variable
            .orElse(option.longestName().replaceFirst("^-+", "").replace('-', '_'))
            .toUpperCase(Locale.ROOT);
    return EnvironmentDefaults.secretOf(option) || SECRET.matcher(name).find();
  }

  /** True when a variable's value must never be printed. */
  public static boolean secret(String variable) {
    return SECRET.matcher(variable.toUpperCase(Locale.ROOT)).find();
  }

  /** The settings a config file can set for {@code command}, in declaration order. */
  public static List<OptionSpec> fileOptions(CommandSpec command) {
    List<OptionSpec> options = new ArrayList<>();
    for (OptionSpec option : command.options()) {
      if (inFile(option)) {
        options.add(option);
      }
    }
    return options;
  }

  /** The option a config key names, if any. */
  public static Optional<OptionSpec> optionOf(CommandSpec command, String key) {
    for (OptionSpec option : fileOptions(command)) {
      if (keyOf(option).equals(key)) {
        return Optional.of(option);
      }
    }
    return Optional.empty();
  }

  /** Every setting: the node's, then the clients', then the environment-only ones. */
  public static List<Setting> all(CommandSpec root) {
    CommandSpec node = root.subcommands().get(NODE_COMMAND).getCommandSpec();
    return all(node, clients(root));
  }

  /**
   * Every setting: the options of {@code node}, then {@code clients}, then the environment-only
   * variables that neither of them reads.
   */
  public static List<Setting> all(CommandSpec node, List<Setting> clients) {
    List<Setting> settings = new ArrayList<>();
    Map<String, Setting> byVariable = new LinkedHashMap<>();
    for (OptionSpec option : fileOptions(node)) {
      Setting setting = nodeSetting(option);
      settings.add(setting);
      if (setting.env() != null) {
        byVariable.put(setting.env(), setting);
      }
    }
    for (Setting setting : clients) {
      settings.add(setting);
      byVariable.put(setting.env(), setting);
    }
    for (Setting setting : EnvironmentOnly.all()) {
      if (!byVariable.containsKey(setting.env())) {
        settings.add(setting);
      }
    }
    return settings;
  }

  /**
   * The client settings of the command tree under {@code root}: every option with an {@code EnvVar}
   * of a command other than the node, whose variable the node does not read, once per variable,
   * with the commands that read it.
   */
  public static List<Setting> clients(CommandSpec root) {
    Map<String, Setting> node = new LinkedHashMap<>();
    for (OptionSpec option : fileOptions(root.subcommands().get(NODE_COMMAND).getCommandSpec())) {
      Setting setting = nodeSetting(option);
      if (setting.env() != null) {
        node.put(setting.env(), setting);
      }
    }
    Map<String, List<String>> clientCommands = new LinkedHashMap<>();
    Map<String, OptionSpec> clientOptions = new LinkedHashMap<>();
    collectClients(root, node, clientOptions, clientCommands);
    List<Setting> settings = new ArrayList<>();
    for (Map.Entry<String, OptionSpec> client : clientOptions.entrySet()) {
      OptionSpec option = client.getValue();
      settings.add(
          new Setting(
              Setting.Scope.CLIENT,
              null,
              option.longestName(),
              client.getKey(),
              option.defaultValue(),
              description(option),
              secret(option),
              String.join(", ", clientCommands.get(client.getKey()))));
    }
    return settings;
  }

  /** The node setting an option of the node command stands for. */
  public static Setting nodeSetting(OptionSpec option) {
    return new Setting(
        Setting.Scope.NODE,
        keyOf(option),
        option.longestName(),
        EnvironmentDefaults.variableOf(option).orElse(null),
        option.defaultValue(),
        description(option),
        secret(option),
        NODE_COMMAND);
  }

  private static void collectClients(
      CommandSpec command,
      Map<String, Setting> node,
      Map<String, OptionSpec> options,
      Map<String, List<String>> commands) {
    if (!command.name().equals(NODE_COMMAND)) {
      for (OptionSpec option : command.options()) {
        Optional<String> variable = EnvironmentDefaults.variableOf(option);
        if (variable.isPresent() && !option.inherited() && !node.containsKey(variable.get())) {
          options.putIfAbsent(variable.get(), option);
          commands
              .computeIfAbsent(variable.get(), v -> new ArrayList<>())
              .add(command.qualifiedName(" ").replaceFirst("^chronik ", ""));
        }
      }
    }
    command
        .subcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandSpec().name().equals(name)) {
                collectClients(sub.getCommandSpec(), node, options, commands);
              }
            });
  }

  /** The option's description as its help shows it, on one line. */
  static String description(OptionSpec option) {
    return String.join(" ", option.description()).strip();
  }
}
