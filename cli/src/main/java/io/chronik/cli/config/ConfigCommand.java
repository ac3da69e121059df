package io.chronik.cli.config;

import picocli.CommandLine.Command;

/** {@code chronik config}: the effective settings, and config-file checks. */
@Command(
    name = "config",
    description = {
      "Show the effective settings of a node and check config files.",
      "",
      "A node (chronik standalone) takes each setting from its flag, else its environment"
          + " variable, else the config file named by --config or CHRONIK_CONFIG, else its default."
          + " docs/configuration.md lists every setting."
    },
    subcommands = {ConfigShowCommand.class, ConfigValidateCommand.class},
    footer = {
      "  # every setting, its value and where it came from",
      "  chronik config show --config /etc/chronik/chronik.properties",
      "",
      "  # check a file before a restart",
      "  chronik config validate /etc/chronik/chronik.properties"
    })
public final class ConfigCommand {}
