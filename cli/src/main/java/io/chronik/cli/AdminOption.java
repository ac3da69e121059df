package io.chronik.cli;

import io.chronik.diagnostics.probe.AdminAddress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --admin HOST:PORT} option (env {@code CHRONIK_ADMIN}), shared by every command that
 * starts from one node's admin API and reaches the rest of the cluster from there.
 */
public final class AdminOption {
  /** The flag, as users type it and as errors name it. */
  public static final String OPTION = "--admin";

  @EnvVar("CHRONIK_ADMIN")
  @Option(
      names = OPTION,
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9644",
      description =
          "Admin API of any node of the cluster (env: CHRONIK_ADMIN; default: ${DEFAULT-VALUE}).")
  private String admin;

  /** The admin address as given, {@code host:port}. */
  public String admin() {
    return admin;
  }

  /**
   * The address in its canonical form.
   *
   * @throws ParameterException (a usage error naming {@code --admin}) when it is not HOST:PORT
   */
  public String address(CommandSpec command) {
    try {
      return AdminAddress.parse(admin).toString();
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalid(command, OPTION, e.getMessage());
    }
  }
}
