package io.chronik.cli;

import io.chronik.cli.config.ConfigCheck;
import io.chronik.cli.config.ConfigFile;
import io.chronik.cli.config.ConfigFileOption;
import io.chronik.cli.config.Settings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Supplies option defaults from the environment and, for a command with {@code --config FILE}
 * ({@link ConfigFileOption}), from that file: an option annotated with {@link EnvVar} takes the
 * variable's value when the flag is absent, and otherwise the file's value for its key. A blank
 * variable counts as unset, so that {@code CHRONIK_X=} falls back to the file or the built-in
 * default.
 *
 * <p>picocli consults this provider after it has read the command line, and only for options that
 * were not given there; that gives flag &gt; environment &gt; file &gt; default (DESIGN §5). By
 * then {@code --config} holds the file named on the command line; otherwise {@code CHRONIK_CONFIG}
 * names it. A file with an unknown key or a bad value fails the parse with every problem's line
 * (exit 64). The environment is injected, so tests do not touch the process environment.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;

  /** The file read last, reused while it is unchanged: one parse asks once per option. */
  private Loaded loaded;

  private record Loaded(
      Path path, Class<?> command, long modified, long size, ConfigCheck.Result result) {}

  public EnvironmentDefaults(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    // plain code instead of Optional.map(this::get): picocli calls this on every start, and
    // spinning a lambda there costs start-up time
    Optional<String> variable = variableOf(arg);
    if (variable.isPresent()) {
      String value = get(variable.get());
      if (value != null) {
        return value;
      }
    }
    ConfigFile.Entry entry = fileEntry(arg, true);
    return entry == null ? null : entry.value();
  }

  /** The variable's value, or null when it is unset or blank. */
  public String get(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** The environment, as given. */
  public Map<String, String> variables() {
    return env;
  }

  /**
   * Where an option's value came from when the flag was absent: its variable's name, or {@code FILE
   * line N (key)}; empty when neither set it.
   */
  public Optional<String> origin(ArgSpec arg) {
    Optional<String> variable = variableOf(arg);
    if (variable.isPresent() && get(variable.get()) != null) {
      return variable;
    }
    try {
      ConfigFile.Entry entry = fileEntry(arg, false);
      if (entry != null) {
        return Optional.of(
            configFile(arg.command()) + " line " + entry.line() + " (" + entry.key() + ")");
      }
    } catch (ParameterException e) {
      // the file itself is bad; that error is reported on its own
    }
    return Optional.empty();
  }

  /** The file's entry for an option when the option's command reads a config file. */
  public Optional<ConfigFile.Entry> fromFile(ArgSpec arg) {
    return Optional.ofNullable(fileEntry(arg, false));
  }

  /**
   * The config file a command reads: {@code --config} when given, else {@code CHRONIK_CONFIG}; null
   * when neither names one or the command has no {@code --config}.
   */
  public Path configFile(CommandSpec command) {
    ConfigFileOption option = ConfigFileOption.of(command);
    if (option == null) {
      return null;
    }
    if (option.file() != null) {
      return option.file();
    }
    String variable = get(ConfigFileOption.VARIABLE);
    return variable == null ? null : Path.of(variable.strip());
  }

  private ConfigFile.Entry fileEntry(ArgSpec arg, boolean check) {
    if (!(arg instanceof OptionSpec option) || !Settings.inFile(option)) {
      return null;
    }
    CommandSpec command = arg.command();
    Path path = configFile(command);
    if (path == null) {
      return null;
    }
    ConfigCheck.Result result = load(path, command);
    if (check && !result.valid()) {
      throw new ParameterException(
          command.commandLine(), "config file " + result.summary() + " [CHR-7202]");
    }
    return result.values().get(option.longestName());
  }

  private synchronized ConfigCheck.Result load(Path path, CommandSpec command) {
    Class<?> type = command.userObject().getClass();
    long modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(path).toMillis();
      size = Files.size(path);
      if (loaded != null
          && loaded.path().equals(path)
          && loaded.command() == type
          && loaded.modified() == modified
          && loaded.size() == size) {
        return loaded.result();
      }
      ConfigCheck.Result result = ConfigCheck.check(ConfigFile.read(path), command, false);
      loaded = new Loaded(path, type, modified, size, result);
      return result;
    } catch (IOException e) {
      String reason =
          e instanceof NoSuchFileException ? "no such file" : Messages.oneLine(e.getMessage());
      throw new ParameterException(
          command.commandLine(),
          "cannot read config file " + path + ": " + reason + " [CHR-7201]",
          command.findOption(ConfigFileOption.OPTION),
          path.toString());
    }
  }

  /** The environment variable an option reads, if it has one. */
  public static Optional<String> variableOf(ArgSpec arg) {
    EnvVar var = annotation(arg);
    return var == null ? Optional.empty() : Optional.of(var.value());
  }

  /** True when the option's {@link EnvVar} marks it secret. */
  public static boolean secretOf(ArgSpec arg) {
    EnvVar var = annotation(arg);
    return var != null && var.secret();
  }

  private static EnvVar annotation(ArgSpec arg) {
    if (arg != null && arg.userObject() instanceof Field field) {
      return field.getAnnotation(EnvVar.class);
    }
    return null;
  }
}
