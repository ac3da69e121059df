package io.chronik.cli.topic;

import picocli.CommandLine.Command;

/** {@code chronik topic}: the parent of the topic commands. It runs nothing itself. */
@Command(
    name = "topic",
    description = {
      "List, describe, create, delete and configure topics, over the Kafka protocol.",
      "Works against any Kafka-compatible cluster."
    },
    subcommands = {
      TopicListCommand.class,
      TopicDescribeCommand.class,
      TopicCreateCommand.class,
      TopicDeleteCommand.class,
      TopicAlterConfigCommand.class
    },
    footer = {
      "  chronik topic list",
      "  chronik topic create orders --partitions 6 --config retention.ms=86400000",
      "  chronik topic describe orders -o json",
      "  chronik topic delete orders --yes"
    })
public final class TopicCommand {}
