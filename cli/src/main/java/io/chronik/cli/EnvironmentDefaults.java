package io.chronik.cli;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Supplies option defaults from the environment: an option annotated with {@link EnvVar} takes the
 * variable's value when the flag is absent. A blank value counts as unset, so that {@code
 * CHRONIK_X=} falls back to the built-in default.
 *
 * <p>picocli consults this provider before an option's {@code defaultValue}, and only for options
 * that were not given on the command line; that gives flag &gt; environment &gt; default. The
 * environment is injected, so tests do not touch the process environment.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;

  public EnvironmentDefaults(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    // plain code instead of Optional.map(this::get): picocli calls this on every start, and
    // spinning a lambda there costs start-up time
    Optional<String> variable = variableOf(arg);
    return variable.isPresent() ? get(variable.get()) : null;
  }

  /** The variable's value, or null when it is unset or blank. */
  public String get(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** The environment variable an option reads, if it has one. */
  public static Optional<String> variableOf(ArgSpec arg) {
    if (arg != null && arg.userObject() instanceof Field field) {
      EnvVar var = field.getAnnotation(EnvVar.class);
      if (var != null) {
        return Optional.of(var.value());
      }
    }
    return Optional.empty();
  }
}
