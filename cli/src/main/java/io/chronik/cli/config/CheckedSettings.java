package io.chronik.cli.config;

import java.util.List;
import picocli.CommandLine.ParameterException;

/**
 * A command whose settings have checks beyond their types: of each value on its own (ranges,
 * formats) and of the values together (combinations). {@code chronik config validate} runs them on
 * a file's values, so that it catches what the command would refuse at start.
 */
public interface CheckedSettings {
  /**
   * Checks each parsed value on its own; cheap, and without side effects.
   *
   * @return one problem per bad value, each naming its option; empty when every value is good
   */
  List<ParameterException> checkValues();

  /**
   * Checks the parsed settings, the values together included; cheap, and without side effects.
   *
   * @throws ParameterException naming the option of the first bad value or combination
   */
  void checkSettings();
}
