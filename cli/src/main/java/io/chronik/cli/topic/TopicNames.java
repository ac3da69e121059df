package io.chronik.cli.topic;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of the topic names given on the command line, before anything is sent. */
final class TopicNames {
  private TopicNames() {}

  /** The names, stripped; a blank one is a usage error (exit 64). */
  static List<String> check(CommandSpec spec, List<String> topics) {
    return topics.stream().map(t -> check(spec, t)).distinct().toList();
  }

  static String check(CommandSpec spec, String topic) {
    if (topic.isBlank()) {
      throw new ParameterException(spec.commandLine(), "The topic name is empty");
    }
    return topic.strip();
  }
}
