package io.chronik.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks for option values that picocli's type conversion cannot express. A failed check is a
 * {@link ParameterException} tied to the option, so {@link UsageErrorHandler} reports it in one
 * line (naming the environment variable when the value came from there) and exits 64.
 */
public final class OptionChecks {
  private OptionChecks() {}

  /** A TCP port: 0 (pick a free one) to 65535. */
  public static int port(CommandSpec spec, String option, int value) {
    if (value < 0 || value > 65535) {
      throw invalid(spec, option, value + " is not a port: use 0..65535 (0 picks a free port)");
    }
    return value;
  }

  /** A number no smaller than {@code min}. */
  public static long atLeast(CommandSpec spec, String option, long value, long min) {
    if (value < min) {
      throw invalid(spec, option, value + " is too small: use " + min + " or more");
    }
    return value;
  }

  /** Kafka bootstrap servers: {@code HOST:PORT[,HOST:PORT...]}; returned stripped. */
  public static String bootstrap(CommandSpec spec, String option, String value) {
    for (String server : value.split(",", -1)) {
      String address = server.strip();
      int colon = address.lastIndexOf(':');
      boolean valid = colon > 0 && colon < address.length() - 1;
      if (valid) {
        try {
          port(spec, option, Integer.parseInt(address.substring(colon + 1)));
        } catch (NumberFormatException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw invalid(
            spec, option, "'" + server + "' is not HOST:PORT, for example 127.0.0.1:9092");
      }
    }
    return value.strip();
  }

  /** A usage error about one option's value. */
  public static ParameterException invalid(CommandSpec spec, String option, String reason) {
    OptionSpec optionSpec = spec.findOption(option);
    return new ParameterException(
        spec.commandLine(),
        "Invalid value for option '" + option + "': " + reason,
        optionSpec,
        null);
  }
}
