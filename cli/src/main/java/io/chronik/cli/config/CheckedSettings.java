package io.chronik.cli.config;

/**
 * A command whose settings have checks beyond their types (ranges, combinations). {@code chronik
 * config validate} runs them on a file's values, so that it catches what the command would refuse
 * at start.
 */
public interface CheckedSettings {
  /**
   * Checks the parsed settings; cheap, and without side effects.
   *
   * @throws picocli.CommandLine.ParameterException naming the option of the first bad value
   */
  void checkSettings();
}
