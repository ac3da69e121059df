package io.chronik.cli.config;

/**
 * One setting: where it can be given and what it means.
 *
 * @param scope who reads it
 * @param key its config-file key, or null when a config file cannot set it
 * @param flag its long option name, or null when only the environment sets it
 * @param env the environment variable, or null when it has none
 * @param defaultValue the value when nothing sets it, or null for none
 * @param description what it does
 * @param secret true when its value must never be printed
 * @param commands the commands that read it, for example {@code standalone}
 */
public record Setting(
    Scope scope,
    String key,
    String flag,
    String env,
    String defaultValue,
    String description,
    boolean secret,
    String commands) {

  /** Who reads a setting. */
  public enum Scope {
    /** A node ({@code chronik standalone}): flag, environment, config file or default. */
    NODE,
    /** Client commands: flag, environment or default. */
    CLIENT,
    /** The launcher, logging and the snapshot store: the environment only. */
    ENVIRONMENT
  }

  /** The name people look it up by: the config key, else the variable. */
  public String name() {
    return key != null ? key : env;
  }
}
