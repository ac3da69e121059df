package io.chronik.cli.config;

import io.chronik.cli.EnvironmentDefaults;
import io.chronik.diagnostics.Similar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks a config file against the command that reads it: every key must name one of the command's
 * options ({@link Settings#keyOf}), and every value must convert the way picocli converts that
 * option's flag. The conversion runs on a fresh instance of the command, one value at a time, so
 * that every bad value is found, not only the first. With {@code deep}, a command that has {@link
 * CheckedSettings} also gets its own checks: those of each value on its own (every bad value is
 * named), then, when the file has no other problem, those of the values together (combinations such
 * as {@code --join} with {@code --raft}), which mean little while a value is bad or a key is
 * misspelt.
 */
public final class ConfigCheck {
  private static final String INVALID_VALUE = "^Invalid value for option '[^']*': ";

  private ConfigCheck() {}

  /**
   * What a file says for a command.
   *
   * @param file the file
   * @param values the entry that sets each option, by the option's longest name
   * @param problems every problem, by line
   * @param combinationsChecked whether the command's checks of the values together ran: not without
   *     {@code deep}, and not while the file has another problem
   */
  public record Result(
      ConfigFile file,
      Map<String, ConfigFile.Entry> values,
      List<ConfigFile.Problem> problems,
      boolean combinationsChecked) {
    public boolean valid() {
      return problems.isEmpty();
    }

    /** "FILE: line 3: kafka.port: ..." for the first problem, and how many more there are. */
    public String summary() {
      String first = file.path() + ": " + problems.get(0).describe();
      int more = problems.size() - 1;
      return more == 0
          ? first
          : first + " (and " + more + " more: 'chronik config validate " + file.path() + "')";
    }
  }

  /** Checks {@code file} for the command {@code command}. */
  public static Result check(ConfigFile file, CommandSpec command, boolean deep) {
    List<ConfigFile.Problem> problems = new ArrayList<>(file.problems());
    Map<String, ConfigFile.Entry> values = new LinkedHashMap<>();
    CommandLine probe = probe(command);
    CommandSpec spec = probe.getCommandSpec();
    for (ConfigFile.Entry entry : file.entries()) {
      Optional<OptionSpec> option = Settings.optionOf(spec, entry.key());
      if (option.isEmpty()) {
        problems.add(new ConfigFile.Problem(entry.line(), entry.key(), unknown(spec, entry.key())));
        continue;
      }
      try {
        parse(probe, Map.of(option.get().longestName(), entry.value()));
        values.put(option.get().longestName(), entry);
      } catch (ParameterException e) {
        problems.add(new ConfigFile.Problem(entry.line(), entry.key(), reason(e)));
      }
    }
    boolean combinationsChecked = false;
    if (deep && probe.getCommand() instanceof CheckedSettings checked) {
      Map<String, String> all = new LinkedHashMap<>();
      values.forEach((name, entry) -> all.put(name, entry.value()));
      try {
        parse(probe, all);
        for (ParameterException e : checked.checkValues()) {
          problems.add(blame(e, values, spec));
        }
        if (problems.isEmpty()) {
          combinationsChecked = true;
          checked.checkSettings();
        }
      } catch (ParameterException e) {
        problems.add(blame(e, values, spec));
      }
    }
    problems.sort(Comparator.comparingInt(ConfigFile.Problem::line));
    return new Result(file, values, problems, combinationsChecked);
  }

  /** A fresh instance of the command, so that checking a file leaves the real one alone. */
  private static CommandLine probe(CommandSpec command) {
    CommandLine probe = new CommandLine(command.userObject().getClass());
    probe.setCaseInsensitiveEnumValuesAllowed(true);
    return probe;
  }

  /** Parses no arguments, with {@code values} (by option name) as the only defaults. */
  private static void parse(CommandLine probe, Map<String, String> values) {
    probe.setDefaultValueProvider(
        arg -> arg instanceof OptionSpec option ? values.get(option.longestName()) : null);
    probe.parseArgs();
  }

  private static String unknown(CommandSpec spec, String key) {
    List<String> keys = new ArrayList<>();
    for (OptionSpec option : Settings.fileOptions(spec)) {
      keys.add(Settings.keyOf(option));
      Optional<String> variable = EnvironmentDefaults.variableOf(option);
      if (variable.isPresent() && variable.get().equals(key)) {
        return "unknown key; "
            + key
            + " is the environment variable of '"
            + keys.get(keys.size() - 1)
            + "'";
      }
    }
    return "unknown key" + Similar.didYouMean(Similar.to(key, keys));
  }

  private static String reason(ParameterException e) {
    return e.getMessage().replaceFirst(INVALID_VALUE, "").strip();
  }

  private static ConfigFile.Problem blame(
      ParameterException e, Map<String, ConfigFile.Entry> values, CommandSpec spec) {
    ArgSpec arg = e.getArgSpec();
    if (arg instanceof OptionSpec option && values.containsKey(option.longestName())) {
      ConfigFile.Entry entry = values.get(option.longestName());
      return new ConfigFile.Problem(entry.line(), entry.key(), reason(e));
    }
    String key = arg instanceof OptionSpec option ? Settings.keyOf(option) : null;
    return new ConfigFile.Problem(0, key, reason(e));
  }
}
