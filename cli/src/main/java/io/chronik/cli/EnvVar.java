package io.chronik.cli;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the environment variable that supplies an option's value when the flag is absent. Put it
 * next to {@code @Option}; {@link EnvironmentDefaults} reads it. Precedence: flag, then the
 * variable, then the config file (for a command with {@code --config}), then the option's {@code
 * defaultValue}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface EnvVar {
  /** The variable's name, for example {@code CHRONIK_KAFKA_PORT}. */
  String value();

  /**
   * True when the value must never be printed ({@code chronik config show}, the admin API).
   * Variables whose names say SECRET, TOKEN, PASSWORD, ... count as secret anyway.
   */
  boolean secret() default false;
}
