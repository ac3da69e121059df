package io.chronik.cli.group;

import picocli.CommandLine.Command;

/** {@code chronik group}: the parent of the consumer-group commands. It runs nothing itself. */
@Command(
    name = "group",
    description = {
      "List and describe consumer groups and reset their offsets, over the Kafka protocol.",
      "Works against any Kafka-compatible cluster."
    },
    subcommands = {
      GroupListCommand.class,
      GroupDescribeCommand.class,
      GroupResetOffsetsCommand.class
    },
    footer = {
      "  chronik group list",
      "  chronik group describe billing",
      "  chronik group reset-offsets billing --topic orders --to-earliest --dry-run"
    })
public final class GroupCommand {}
