package io.chronik.cli.config;

import io.chronik.cli.EnvVar;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option. A command that mixes it in (under the name {@link #NAME}) reads
 * its options from the file too: flag &gt; environment &gt; file &gt; default. The file's keys come
 * from the command's long option names ({@link Settings#keyOf}), so every option of the command has
 * one without further code.
 */
public final class ConfigFileOption {
  /** The mixin name under which a command declares this option. */
  public static final String NAME = "configFile";

  /** The option's name. */
  public static final String OPTION = "--config";

  /** The variable that names the file when the flag is absent. */
  public static final String VARIABLE = "CHRONIK_CONFIG";

  @EnvVar(VARIABLE)
  @Option(
      names = OPTION,
      paramLabel = "FILE",
      description =
          "Read settings from FILE, lines of KEY = VALUE (keys: docs/configuration.md or"
              + " 'chronik config show'); a flag or environment variable wins over the file"
              + " (env: "
              + VARIABLE
              + ").")
  private Path file;

  /** The file given with the flag, or null; after parsing, also the one the variable named. */
  public Path file() {
    return file;
  }

  /** The option of {@code command} that reads the file, or null when it has none. */
  public static ConfigFileOption of(CommandSpec command) {
    CommandSpec mixin = command == null ? null : command.mixins().get(NAME);
    return mixin == null ? null : (ConfigFileOption) mixin.userObject();
  }

  /** True for the {@code --config} option itself, which the file cannot set. */
  public static boolean isConfigOption(OptionSpec option) {
    return OPTION.equals(option.longestName());
  }
}
