package io.chronik.cli.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The shell's {@code connect}: where this session's commands go unless a flag says otherwise. */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description =
        "Set the default --bootstrap and --admin of the commands run in this shell; without"
            + " options, print them.")
final class ConnectCommand implements Runnable {
  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers, comma-separated.")
  String bootstrap;

  @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Admin API of any node.")
  String admin;

  @Override
  public void run() {}
}
