package io.chronik.cli.debug;

import picocli.CommandLine.Command;

/** {@code chronik debug}: material for a support case. */
@Command(
    name = "debug",
    description =
        "Collect what every node of a cluster says about itself into one file, for a support"
            + " case or for chronik doctor --bundle later and elsewhere.",
    subcommands = {DebugBundleCommand.class},
    footer = {
      "  # everything every node says, into one zip",
      "  chronik debug bundle -o incident.zip --admin 10.0.0.1:9644",
      "",
      "  # later, anywhere: the checks against the bundle",
      "  chronik doctor all --bundle incident.zip"
    })
public final class DebugCommand {}
