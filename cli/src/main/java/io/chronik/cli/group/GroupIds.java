package io.chronik.cli.group;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of the group id given on the command line, before anything is sent. */
final class GroupIds {
  private GroupIds() {}

  /** The id, stripped; a blank one is a usage error (exit 64). */
  static String check(CommandSpec spec, String group) {
    if (group.isBlank()) {
      throw new ParameterException(spec.commandLine(), "The group id is empty");
    }
    return group.strip();
  }
}
